// Form controls from field descriptions ({ name, label, input, help, options, min, max, default }) as the
// server derives them from its registries; the monitor and channel forms share them.
import { assertionLines, assertionsOf } from "./assertion-lines.js";
import { esc } from "./dom.js";
import { pickedIds, pickerHtml, setPicked } from "./monitor-picker.js";
import { readSteps, stepsHtml, writeSteps } from "./step-list.js";

const hasDefault = (f) => f.default !== null && f.default !== undefined && typeof f.default !== "object";
/** An empty field shows the default the server fills in (a postgres query's SELECT 1, an interval's 60). */
const placeholderOf = (f) => (hasDefault(f) ? ` placeholder="${esc(String(f.default))}"` : "");

/** "Name: value" lines ↔ an object; list lines ↔ an array. */
const mapText = (object) => Object.entries(object ?? {}).map(([k, v]) => `${k}: ${v}`).join("\n");
const lines = (text) => text.split("\n").map((l) => l.trim()).filter(Boolean);
function mapOf(text) {
  const object = {};
  for (const line of lines(text)) {
    const colon = line.indexOf(":");
    if (colon === -1) object[line] = "";
    else object[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return object;
}

/**
 * One field: its label, control and error slot. `ids.control(name)` and `ids.error(name)` name the elements;
 * `errorFor` is the field name the API's 400 uses for it; `choices` holds the projects and channels to pick from,
 * and `exclude`, a monitor that may not be picked (the one being edited).
 */
export function fieldHtml(f, { ids, errorFor = f.name, choices = {} }) {
  const id = ids.control(f.name);
  const errorId = ids.error(f.name);
  const hint = f.help ? ` <span class="hint" id="${esc(id)}-hint">${esc(f.help)}</span>` : "";
  const described = `aria-describedby="${esc(errorId)}${f.help ? ` ${esc(id)}-hint` : ""}"`;
  const name = `name="${esc(f.name)}"`;
  const error = `<p class="field-error" id="${esc(errorId)}" data-error-for="${esc(errorFor)}"></p>`;
  const label = `<label for="${esc(id)}">${esc(f.label)}${f.required ? ' <span class="hint">required</span>' : ""}${hint}</label>`;
  switch (f.input) {
    case "checkbox":
      return `<label class="check"><input type="checkbox" id="${esc(id)}" ${name} ${f.default ? "checked" : ""} ${described}>${esc(f.label)}${hint}</label>${error}`;
    case "select": {
      const blank = hasDefault(f) || f.required ? "" : '<option value="">—</option>';
      const options = f.options.map((o) => `<option${o === f.default ? " selected" : ""}>${esc(o)}</option>`).join("");
      return `${label}<select id="${esc(id)}" ${name} ${described}>${blank}${options}</select>${error}`;
    }
    case "project": {
      const options = (choices.projects ?? []).map((p) => `<option value="${esc(p.id)}">${esc(p.name)}</option>`).join("");
      return `${label}<select id="${esc(id)}" ${name} ${described}>${options}</select>${error}`;
    }
    case "channels": {
      const channels = choices.channels ?? [];
      const boxes = channels.length
        ? channels.map((c) => `<label class="check"><input type="checkbox" name="${esc(f.name)}" value="${esc(c.id)}">${esc(c.name)} <span class="hint">${esc(c.kind)}</span></label>`).join("")
        : '<p class="hint">No notification channels yet: add one under Settings.</p>';
      return `<fieldset class="choices" id="${esc(id)}" ${described}><legend>${esc(f.label)}${hint}</legend>${boxes}</fieldset>${error}`;
    }
    case "monitors": {
      // monitors may be thousands: searched for; another of the choices (`from`, such as projects) is a short list
      if (!f.from) return `${label}${pickerHtml({ id, name: f.name, label: f.label, described, exclude: choices.exclude })}${error}`;
      const list = choices[f.from] ?? [];
      const options = list.map((m) => `<option value="${esc(m.id)}">${esc(m.name)}</option>`).join("");
      const size = Math.min(8, Math.max(3, list.length));
      return `${label}<select multiple size="${size}" id="${esc(id)}" ${name} ${described}>${options}</select>${error}`;
    }
    case "escalations":
      return stepsHtml(f, { id, hint, described, channels: choices.channels ?? [] }) + error;
    case "textarea":
    case "map":
    case "assertions":
      return `${label}<textarea id="${esc(id)}" ${name} rows="3" spellcheck="false"${placeholderOf(f)} ${described}></textarea>${error}`;
    default: {
      const type = f.input === "number" ? ` type="number" min="${f.min}" max="${f.max}"`
        : f.input === "password" ? ' type="password" autocomplete="new-password"'
        : f.input === "datetime" ? ' type="datetime-local"' : ' autocomplete="off"';
      return `${label}<input id="${esc(id)}" ${name}${type}${placeholderOf(f)} ${described}>${error}`;
    }
  }
}

const controls = (form, name) => [...form.querySelectorAll(`[name="${CSS.escape(name)}"]`)];

/** Puts a value (as the API answers it) into the field's control. */
export function writeField(form, f, value) {
  if (f.input === "escalations") return writeSteps(form, f.name, value ?? []);
  // until the names are read (or if that fails) the chips show the ids
  if (f.input === "monitors" && !f.from) return void setPicked(form, f.name, value ?? []).catch(() => {});
  const [control] = controls(form, f.name);
  if (!control) return;
  if (f.input === "monitors") for (const option of control.options) option.selected = (value ?? []).includes(option.value);
  else if (f.input === "checkbox") control.checked = Boolean(value);
  else if (f.input === "channels") for (const box of controls(form, f.name)) box.checked = (value ?? []).includes(box.value);
  else if (f.input === "map") control.value = mapText(value);
  else if (f.input === "assertions") control.value = assertionLines(value);
  else if (f.input === "labels") control.value = (value ?? []).join(", ");
  else control.value = value === null || value === undefined ? "" : String(value);
}

/**
 * The field's value for the API; undefined leaves it out. Left empty, a field is left out when creating (the
 * server fills the default) and reset when editing: to its default, or to null when it has none.
 */
export function readField(form, f, editing) {
  if (f.input === "escalations") return readSteps(form, f.name);
  if (f.input === "monitors" && !f.from) return pickedIds(form, f.name);
  const [control] = controls(form, f.name);
  if (!control && f.input !== "channels") return undefined;
  if (f.input === "checkbox") return control.checked;
  if (f.input === "monitors") return [...control.selectedOptions].map((option) => option.value);
  if (f.input === "channels") return controls(form, f.name).filter((box) => box.checked).map((box) => box.value);
  const text = f.input === "textarea" ? control.value : control.value.trim();
  if (f.input === "map") return mapOf(text);
  if (f.input === "assertions") return assertionsOf(lines(text));
  if (f.input === "labels") return text.split(",").map((label) => label.trim()).filter(Boolean);
  if (text === "") return editing ? (hasDefault(f) ? f.default : null) : undefined;
  return f.input === "number" ? Number(text) : text;
}
