// Maintenance windows: the list on the settings page (with each one's current or next occurrence) and one window's
// form, one-off (start and end in the browser's time) or recurring (cron, duration, time zone), over monitors and
// projects; the API's 400 details go next to their fields.
import { api } from "./api.js";
import { $, clearFieldErrors, esc, notify, showFieldErrors, showView, timeCell } from "./dom.js";
import { fieldHtml, readField, writeField } from "./form-fields.js";

const form = $("#maintenance-form");
const ids = { control: (name) => `w-${name}`, error: (name) => `err-w-${name}` };
const field = (name) => form.elements.namedItem(name);
const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

const FIELDS = [
  { name: "title", label: "Title", input: "text", required: true },
  { name: "starts_at", label: "Starts", input: "datetime", help: "in your browser's time", when: "once" },
  { name: "ends_at", label: "Ends", input: "datetime", when: "once" },
  { name: "schedule", label: "Schedule", input: "text", help: 'cron expression: "0 3 * * 0" is Sundays at 03:00', when: "recurring" },
  { name: "duration_minutes", label: "Duration", input: "number", help: "minutes", min: 1, max: 10080, when: "recurring" },
  { name: "timezone", label: "Time zone", input: "text", help: "the schedule's, e.g. Europe/Berlin", when: "recurring" },
  { name: "monitor_ids", label: "Monitors", input: "monitors", help: "type to search; pick as many as needed" },
  { name: "project_ids", label: "Projects", input: "monitors", from: "projects", help: "every monitor in them, now and later" },
  { name: "is_active", label: "Active", input: "checkbox" },
];

/** The window being edited; null for a new one. */
let current = null;

/** ISO ↔ the value of a datetime-local input (the browser's local time, to the minute). */
const localOf = (iso) => {
  if (!iso) return "";
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};
const isoOf = (local) => (local ? new Date(local).toISOString() : null);
const when = (iso) => new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });

function timingText(w) {
  if (w.schedule) return `${esc(w.schedule)} for ${w.duration_minutes} min (${esc(w.timezone)})`;
  return `${esc(when(w.starts_at))} – ${esc(when(w.ends_at))}`;
}

function occurrenceText(w, now = Date.now()) {
  if (!w.is_active) return "inactive";
  if (!w.occurrence) return "over";
  const { starts_at: start, ends_at: end } = w.occurrence;
  return Date.parse(start) <= now ? `<strong>now</strong>, until ${esc(when(end))}` : `next: ${esc(when(start))} – ${esc(when(end))}`;
}

const row = (w) => `<tr><td><a href="#/maintenance/${esc(w.id)}">${esc(w.title)}</a></td><td>${timingText(w)}</td>
<td>${occurrenceText(w)}</td><td class="hide-narrow">${w.monitor_ids.length} monitors, ${w.project_ids.length} projects</td></tr>`;

export async function loadMaintenance() {
  try {
    const { data } = await api("GET", "maintenance?limit=1000");
    $("#maintenance-rows").innerHTML = data.length ? data.map(row).join("") : '<tr><td colspan="4">No maintenance windows yet.</td></tr>';
  } catch (error) {
    notify(error.message);
  }
}

const recurring = () => field("timing").value === "recurring";

function showTiming() {
  for (const f of FIELDS.filter((f) => f.when)) {
    const hidden = (f.when === "recurring") !== recurring();
    for (const el of form.querySelectorAll(`#${ids.control(f.name)}, label[for="${ids.control(f.name)}"], #${ids.error(f.name)}`)) el.hidden = hidden;
  }
}

/** `id`: a window's id, or "new". */
export async function showMaintenance(id) {
  showView("maintenance");
  $("#maintenance-fields").innerHTML = "";
  clearFieldErrors(form);
  $("#maintenance-errors").innerHTML = "";
  try {
    const [window, projects] = await Promise.all([
      id === "new" ? null : api("GET", `maintenance/${encodeURIComponent(id)}`).then((r) => r.data),
      api("GET", "projects?limit=1000").then((r) => r.data),
    ]);
    current = window;
    $("#maintenance-title").textContent = current ? `Maintenance: ${current.title}` : "New maintenance window";
    $("#maintenance-delete").hidden = !current;
    const byName = (a, b) => a.name.localeCompare(b.name);
    $("#maintenance-fields").innerHTML = FIELDS.map((f) => fieldHtml(f, { ids, choices: { projects: projects.sort(byName) } })).join("");
    $(`#${ids.control("timezone")}`).setAttribute("list", "time-zones");
    const values = current ?? { timezone: browserZone, is_active: true, monitor_ids: [], project_ids: [] };
    field("timing").value = values.schedule ? "recurring" : "once";
    for (const f of FIELDS) writeField(form, f, f.input === "datetime" ? localOf(values[f.name]) : values[f.name]);
    showTiming();
  } catch (error) {
    notify(error.message);
  }
}

/** The whole window (as PATCH checks it whole too): the other timing's fields sent as null. */
function bodyOf() {
  const body = {};
  for (const f of FIELDS) {
    const value = readField(form, f, true);
    body[f.name] = f.when && (f.when === "recurring") !== recurring() ? null : f.input === "datetime" ? isoOf(value) : value;
  }
  body.timezone ??= browserZone;
  // an empty schedule is named as such, rather than taken for a one-off window without a start
  if (recurring()) body.schedule ??= "";
  return body;
}

async function onSubmit(event) {
  event.preventDefault();
  clearFieldErrors(form);
  $("#maintenance-errors").innerHTML = "";
  try {
    const { data } = current ? await api("PATCH", `maintenance/${current.id}`, bodyOf()) : await api("POST", "maintenance", bodyOf());
    notify(`Saved the maintenance window ${data.title}`, true);
    location.hash = "#/settings/maintenance";
  } catch (error) {
    if (error.status !== 400) return notify(error.message);
    const leftOver = showFieldErrors(form, error.details);
    $("#maintenance-errors").innerHTML = leftOver.map((m) => `<li>${esc(m)}</li>`).join("");
    form.querySelector("[aria-invalid=true]")?.focus();
  }
}

async function onDelete() {
  if (!confirm(`Delete the maintenance window ${current.title}?`)) return;
  try {
    await api("DELETE", `maintenance/${current.id}`);
    notify(`Deleted ${current.title}`, true);
    location.hash = "#/settings/maintenance";
  } catch (error) {
    notify(error.message);
  }
}

$("#time-zones").innerHTML = (Intl.supportedValuesOf?.("timeZone") ?? []).map((zone) => `<option value="${esc(zone)}">`).join("");
form.addEventListener("submit", onSubmit);
form.addEventListener("change", (event) => event.target.name === "timing" && showTiming());
$("#maintenance-delete").addEventListener("click", onDelete);
