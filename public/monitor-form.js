// The monitor form, for a new monitor, an edit (PATCH) or a clone: the kinds and their fields from
// /probe-kinds.json, the shared fields from /monitor-fields.json, the 400's details shown next to each field.
import { api } from "./api.js";
import { $, clearFieldErrors, esc, notify, showFieldErrors, showView } from "./dom.js";
import { fieldHtml, readField, writeField } from "./form-fields.js";
import { monitorsChanged } from "./monitors.js";

const form = $("#monitor-form");
const ids = { control: (name) => `m-${name}`, error: (name) => `err-${name}` };
/** A control by name (form.name would be the form's own attribute). */
const field = (name) => form.elements.namedItem(name);

/** name → { label, target, checked, default_interval_seconds, fields } */
const kinds = new Map();
let commonFields = [];
const getJson = (path) => fetch(path).then((r) => r.json());
const loaded = Promise.all([getJson("probe-kinds.json"), getJson("monitor-fields.json")]).then(([list, common]) => {
  for (const kind of list) kinds.set(kind.name, kind);
  commonFields = common;
  field("kind").innerHTML = list.map((k) => `<option value="${esc(k.name)}">${esc(k.label)}</option>`).join("");
  $("#filter-kind").insertAdjacentHTML("beforeend", list.map((k) => `<option>${esc(k.name)}</option>`).join(""));
});

/** What the form is for: { mode: "new" | "edit" | "clone", monitor? } */
let purpose = { mode: "new" };
/** What this form's kind fields held, by field name, kept across kind switches */
let kept = { typed: {}, chips: {} };

const currentKind = () => kinds.get(field("kind").value);

/** Fields the chosen kind has: the shared ones (less those only checked kinds use) and its own. */
const fieldsOf = (kind) => [...commonFields.filter((f) => kind.checked || !f.checkedOnly), ...kind.fields];

function renderKindFields() {
  const kind = currentKind();
  if (!kind) return;
  const fieldset = $("#kind-fields");
  // values typed (and monitors picked) before switching kinds come back where a later kind has a field of the same name
  for (const c of fieldset.querySelectorAll("[name]")) kept.typed[c.name] = c.type === "checkbox" ? c.checked : c.value;
  for (const p of fieldset.querySelectorAll(".picker[data-name]")) kept.chips[p.dataset.name] = p.querySelector(".chips").innerHTML;
  fieldset.hidden = kind.fields.length === 0;
  fieldset.innerHTML = `<legend>${esc(kind.name)} settings</legend>` + kind.fields.map((f) => fieldHtml(f, { ids, choices: { exclude: excluded() } })).join("");
  for (const [name, value] of Object.entries(kept.typed)) {
    const control = fieldset.querySelector(`[name="${CSS.escape(name)}"]`);
    if (control?.type === "checkbox") control.checked = value;
    else if (control) control.value = value;
  }
  for (const [name, html] of Object.entries(kept.chips)) {
    const list = fieldset.querySelector(`.picker[data-name="${CSS.escape(name)}"] .chips`);
    if (list) list.innerHTML = html;
  }
  for (const f of commonFields) {
    if (f.checkedOnly) for (const el of form.querySelectorAll(`#${ids.control(f.name)}, label[for="${ids.control(f.name)}"]`)) el.hidden = !kind.checked;
  }
  $("#target-fields").hidden = !kind.target;
  field("interval_seconds").placeholder = String(kind.default_interval_seconds);
  if (kind.target) {
    $("#target-fields label").firstChild.textContent = `${kind.target.label} `;
    $("#url-hint").textContent = kind.target.example;
  }
}

/** An edited monitor cannot depend on or contain itself (a clone is another monitor). */
const excluded = () => (purpose.mode === "edit" ? purpose.monitor?.id : "") ?? "";

/** The shared fields (those marked afterKind below the kind's own), with the caller's projects and channels to choose from (monitors are searched for). */
async function renderCommonFields() {
  const [projects, channels] = await Promise.all(["projects", "channels"].map((list) => api("GET", `${list}?limit=1000`).then((r) => r.data)));
  const choices = { projects, channels, exclude: excluded() };
  const html = (afterKind) => commonFields.filter((f) => Boolean(f.afterKind) === afterKind).map((f) => fieldHtml(f, { ids, choices })).join("");
  $("#common-fields").innerHTML = html(false);
  $("#after-kind-fields div").innerHTML = html(true);
  return choices;
}

/** The body for POST (only what was filled in) or PATCH (every field the kind has). */
function bodyOf() {
  const kind = currentKind();
  const editing = purpose.mode === "edit";
  const body = { kind: kind.name };
  if (kind.target) body.url = field("url").value.trim();
  for (const f of fieldsOf(kind)) {
    const value = readField(form, f, editing);
    if (value !== undefined) body[f.name] = value;
  }
  return body;
}

/** Edit and clone start from the monitor's values; a new monitor from the defaults and the default channels. */
function fill(monitor, choices) {
  if (!monitor) {
    renderKindFields();
    const defaults = choices.channels.filter((c) => c.is_default).map((c) => c.id);
    return writeField(form, { name: "channel_ids", input: "channels" }, defaults);
  }
  field("kind").value = monitor.kind;
  renderKindFields();
  if (kinds.get(monitor.kind).target) field("url").value = monitor.url ?? "";
  const cloning = purpose.mode === "clone";
  for (const f of fieldsOf(kinds.get(monitor.kind))) {
    // a secret comes back masked: a clone posting the mask would save the mask as the password
    if (cloning && (f.secret || f.input === "password")) leftEmpty(f);
    else writeField(form, f, monitor[f.name]);
  }
  if (cloning) field("name").value = `${monitor.name} (copy)`;
}

/** A clone's secret field stays empty, and its hint says why. */
function leftEmpty(f) {
  const hint = document.getElementById(`${ids.control(f.name)}-hint`);
  if (hint) hint.textContent = "not copied from the original: type it again";
}

const TITLES = { new: "New monitor", edit: "Edit monitor", clone: "Clone monitor" };
const SUBMITS = { new: "Create monitor", edit: "Save changes", clone: "Create the copy" };

async function show(mode, id) {
  showView("monitor-form");
  $("#monitor-form-title").textContent = TITLES[mode];
  form.querySelector("button[type=submit]").textContent = SUBMITS[mode];
  form.reset();
  // the last monitor's shared fields go at once, not after the fetches
  $("#common-fields").innerHTML = $("#after-kind-fields div").innerHTML = $("#kind-fields").innerHTML = "";
  kept = { typed: {}, chips: {} };
  clearFieldErrors(form);
  $("#form-errors").innerHTML = "";
  try {
    await loaded;
    const monitor = id ? (await api("GET", `monitors/${encodeURIComponent(id)}`)).data : null;
    purpose = { mode, monitor };
    const choices = await renderCommonFields();
    $("#monitor-cancel").href = monitor ? `#/monitor/${monitor.id}` : "#/";
    if (monitor) $("#monitor-form-title").textContent = `${TITLES[mode]}: ${monitor.name}`;
    fill(monitor, choices);
  } catch (error) {
    notify(error.message);
  }
}

export const showNewMonitor = () => show("new");
export const showEditMonitor = (id) => show("edit", id);
export const showCloneMonitor = (id) => show("clone", id);

async function onSubmit(event) {
  event.preventDefault();
  clearFieldErrors(form);
  $("#form-errors").innerHTML = "";
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  try {
    const editing = purpose.mode === "edit";
    const { data } = editing
      ? await api("PATCH", `monitors/${purpose.monitor.id}`, bodyOf())
      : await api("POST", "monitors", bodyOf());
    monitorsChanged();
    notify(`${editing ? "Saved" : "Created"} ${data.name}`, true);
    location.hash = `#/monitor/${data.id}`;
  } catch (error) {
    // the form keeps everything typed: only the messages are added
    if (error.status !== 400) return notify(error.message);
    const leftOver = showFieldErrors(form, error.details);
    $("#form-errors").innerHTML = leftOver.map((m) => `<li>${esc(m)}</li>`).join("");
    form.querySelector("[aria-invalid=true]")?.focus();
  } finally {
    button.disabled = false;
  }
}

field("kind").addEventListener("change", renderKindFields);
form.addEventListener("submit", onSubmit);
