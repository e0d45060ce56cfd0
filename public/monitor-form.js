// The "new monitor" form: kinds and their fields from /probe-kinds.json, POST /monitors, the 400's details shown per field.
import { api } from "./api.js";
import { $, clearFieldErrors, esc, notify, showFieldErrors, showView } from "./dom.js";
import { monitorsChanged } from "./monitors.js";

const form = $("#monitor-form");
/** A control by name (form.name would be the form's own attribute). */
const field = (name) => form.elements.namedItem(name);

/** name → { label, target, default_interval_seconds, fields } */
const kinds = new Map();
const loaded = fetch("probe-kinds.json").then((r) => r.json()).then((list) => {
  for (const kind of list) kinds.set(kind.name, kind);
  field("kind").innerHTML = list.map((k) => `<option value="${esc(k.name)}">${esc(k.label)}</option>`).join("");
  $("#filter-kind").insertAdjacentHTML("beforeend", list.map((k) => `<option>${esc(k.name)}</option>`).join(""));
  onKindChange();
});

const hasDefault = (f) => f.default !== null && f.default !== undefined;

function controlHtml(f) {
  const id = `m-${esc(f.name)}`;
  const described = `aria-describedby="err-${esc(f.name)}"`;
  if (f.input === "checkbox") {
    return `<label><input type="checkbox" id="${id}" name="${esc(f.name)}" ${f.default ? "checked" : ""} ${described}>${esc(f.label)}</label>`;
  }
  const hint = f.help ? ` <span class="hint">${esc(f.help)}</span>` : "";
  const label = `<label for="${id}">${esc(f.label)}${hint}</label>`;
  if (f.input === "select") {
    const options = f.options.map((o) => `<option${o === f.default ? " selected" : ""}>${esc(o)}</option>`).join("");
    return `${label}<select id="${id}" name="${esc(f.name)}" ${described}>${options}</select>`;
  }
  const range = f.input === "number" ? ` type="number" min="${f.min}" max="${f.max}"` : ' autocomplete="off"';
  const placeholder = hasDefault(f) ? ` placeholder="${esc(String(f.default))}"` : "";
  return `${label}<input id="${id}" name="${esc(f.name)}"${range}${placeholder} ${described}>`;
}

function onKindChange() {
  const kind = kinds.get(field("kind").value);
  if (!kind) return;
  const fieldset = $("#kind-fields");
  fieldset.hidden = kind.fields.length === 0;
  fieldset.innerHTML = `<legend>${esc(kind.name)}</legend>` + kind.fields
    .map((f) => `${controlHtml(f)}<p class="field-error" id="err-${esc(f.name)}" data-error-for="${esc(f.name)}"></p>`).join("");
  $("#target-fields").hidden = !kind.target;
  $("#interval-label").textContent = kind.target ? "Check every" : "Expected every";
  field("interval_seconds").placeholder = String(kind.default_interval_seconds);
  if (kind.target) {
    $("#target-fields label").firstChild.textContent = `${kind.target.label} `;
    $("#url-hint").textContent = kind.target.example;
  }
}

/** Only the fields the user filled in, numbers as numbers; the server fills the defaults. */
function bodyOf() {
  const kind = kinds.get(field("kind").value);
  const body = { name: field("name").value, kind: kind.name };
  const text = (name) => field(name).value.trim();
  const number = (name) => (text(name) === "" ? undefined : Number(text(name)));
  if (kind.target) body.url = text("url");
  body.interval_seconds = number("interval_seconds");
  for (const f of kind.fields) {
    if (f.input === "checkbox") body[f.name] = field(f.name).checked;
    else if (f.input === "number") body[f.name] = number(f.name);
    else if (text(f.name)) body[f.name] = text(f.name);
  }
  return body;
}

async function onSubmit(event) {
  event.preventDefault();
  clearFieldErrors(form);
  $("#form-errors").innerHTML = "";
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  try {
    const { data } = await api("POST", "monitors", bodyOf());
    monitorsChanged();
    form.reset();
    onKindChange();
    notify(`Created ${data.name}`, true);
    location.hash = `#/monitor/${data.id}`;
  } catch (error) {
    if (error.status !== 400) return notify(error.message);
    const leftOver = showFieldErrors(form, error.details);
    $("#form-errors").innerHTML = leftOver.map((m) => `<li>${esc(m)}</li>`).join("");
    form.querySelector("[aria-invalid=true]")?.focus();
  } finally {
    button.disabled = false;
  }
}

export function showNewMonitor() {
  showView("new");
  loaded.then(onKindChange);
}

field("kind").addEventListener("change", onKindChange);
form.addEventListener("submit", onSubmit);
