// The API docs page: reads the app's own OpenAPI document and lists its operations by tag.
import { esc } from "./dom.js";

const METHODS = ["get", "head", "post", "put", "patch", "delete"];
let spec;

/** Follows a local "#/components/…" reference; other schemas pass through. */
function resolve(schema) {
  if (!schema?.$ref?.startsWith("#/")) return schema ?? {};
  return schema.$ref.slice(2).split("/").reduce((node, key) => node?.[key], spec) ?? {};
}

function typeOf(raw) {
  const s = resolve(raw);
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (s.enum) return s.enum.map((e) => JSON.stringify(e)).join(" | ");
  const variants = s.anyOf ?? s.oneOf;
  if (variants) return variants.map(typeOf).join(" | ");
  if (s.type === "array") return `array of ${typeOf(s.items)}`;
  return [s.type ?? "any"].flat().join(" | ");
}

function notesOf(raw) {
  const s = resolve(raw);
  const notes = [];
  if (s.description) notes.push(s.description);
  if (s.format) notes.push(`format ${s.format}`);
  if (s.minimum !== undefined || s.maximum !== undefined) notes.push(`${s.minimum ?? "…"} to ${s.maximum ?? "…"}`);
  if (s.minLength !== undefined || s.maxLength !== undefined) notes.push(`length ${s.minLength ?? 0} to ${s.maxLength ?? "…"}`);
  if (s.pattern) notes.push(`pattern ${s.pattern}`);
  if (s.default !== undefined) notes.push(`default ${JSON.stringify(s.default)}`);
  return notes.map(esc).join("; ");
}

const table = (head, rows) => `<div class="table-wrap"><table><thead><tr>${head.map((h) => `<th scope="col">${h}</th>`).join("")}</tr></thead>
<tbody>${rows.join("")}</tbody></table></div>`;

function propertiesTable(schema) {
  const required = new Set(schema.required ?? []);
  return table(["Field", "Type", "Required", "Notes"], Object.entries(schema.properties).map(([name, prop]) =>
    `<tr><td><code>${esc(name)}</code></td><td>${esc(typeOf(prop))}</td><td>${required.has(name) ? "yes" : "no"}</td><td>${notesOf(prop)}</td></tr>`));
}

/** Objects as a field table; one table per variant of a union; anything else as JSON. */
function schemaHtml(raw) {
  const schema = resolve(raw);
  if (schema.properties) return propertiesTable(schema);
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants?.every((v) => resolve(v).properties)) {
    return variants.map((v, i) => {
      const variant = resolve(v);
      const tag = Object.entries(variant.properties).find(([, p]) => resolve(p).const !== undefined);
      const title = tag ? `${tag[0]} = ${JSON.stringify(resolve(tag[1]).const)}` : `variant ${i + 1}`;
      return `<h4>${esc(title)}</h4>${propertiesTable(variant)}`;
    }).join("");
  }
  return `<pre><code>${esc(JSON.stringify(schema, null, 2))}</code></pre>`;
}

function parametersHtml(parameters) {
  if (!parameters?.length) return "";
  return `<h3>Parameters</h3>${table(["Name", "In", "Type", "Required", "Notes"], parameters.map((raw) => {
    const p = resolve(raw);
    return `<tr><td><code>${esc(p.name)}</code></td><td>${esc(p.in)}</td><td>${esc(typeOf(p.schema))}</td>
      <td>${p.required ? "yes" : "no"}</td><td>${notesOf(p.schema)}${p.description ? esc(p.description) : ""}</td></tr>`;
  }))}`;
}

function bodyHtml(requestBody) {
  if (!requestBody) return "";
  const content = resolve(requestBody).content ?? {};
  const json = content["application/json"] ?? Object.values(content)[0];
  const schema = json?.schema ? schemaHtml(json.schema) : "<p>A JSON object (no schema published for it).</p>";
  return `<h3>Request body (JSON)</h3>${schema}`;
}

function responsesHtml(responses) {
  const entries = Object.entries(responses ?? {});
  if (!entries.length) return "";
  return `<h3>Responses</h3><ul>${entries.map(([code, r]) => `<li><code>${esc(code)}</code> ${esc(resolve(r).description ?? "")}</li>`).join("")}</ul>`;
}

const operationHtml = ({ method, path, op }) => `<details class="op" id="${esc(op.operationId ?? `${method}-${path}`)}">
  <summary><span class="method ${method}">${method.toUpperCase()}</span><span class="path">${esc(path)}</span><span class="sum">${esc(op.summary ?? "")}</span></summary>
  ${op.description ? `<p>${esc(op.description)}</p>` : ""}
  ${parametersHtml(op.parameters)}${bodyHtml(op.requestBody)}${responsesHtml(op.responses)}
</details>`;

function groupByTag() {
  const groups = new Map();
  for (const [path, item] of Object.entries(spec.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const tag = op.tags?.[0] ?? "other";
      if (!groups.has(tag)) groups.set(tag, []);
      groups.get(tag).push({ method, path, op: { ...op, parameters: [...(item.parameters ?? []), ...(op.parameters ?? [])] } });
    }
  }
  return groups;
}

function render() {
  document.getElementById("title").textContent = `${spec.info?.title ?? "API"} ${spec.info?.version ?? ""}`;
  document.getElementById("description").textContent = spec.info?.description ?? "";
  document.getElementById("example").textContent =
    `curl -H "Authorization: Bearer pm_…" ${new URL("../api/v1/monitors", location.href)}`;
  const groups = groupByTag();
  document.getElementById("toc").innerHTML = [...groups.keys()].map((tag) => `<a href="#tag-${esc(tag)}">${esc(tag)}</a>`).join("");
  document.getElementById("operations").innerHTML = [...groups].map(([tag, ops]) =>
    `<section class="panel" id="tag-${esc(tag)}"><h2>${esc(tag)}</h2>${ops.map(operationHtml).join("")}</section>`).join("");
}

try {
  const response = await fetch("docs/json");
  if (!response.ok) throw new Error(`the server answered ${response.status}`);
  spec = await response.json();
  render();
} catch (error) {
  document.getElementById("operations").innerHTML = `<p class="notice">Could not load the API description: ${esc(error.message)}</p>`;
}
