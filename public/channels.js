// Notification channels: the list on the settings page, and one channel's form (its kind's fields from
// /channel-kinds.json; secrets come back masked and are sent back as they are to keep them), test and log.
import { api } from "./api.js";
import { $, clearFieldErrors, esc, notify, showFieldErrors, showView, timeCell } from "./dom.js";
import { attemptText, deliveriesHtml } from "./deliveries.js";
import { fieldHtml, readField, writeField } from "./form-fields.js";
import { monitorNames } from "./monitor-picker.js";
import { readQuietHours, renderQuietHours, writeQuietHours } from "./quiet-hours.js";

const form = $("#channel-form");
const config = $("#channel-config");
const quiet = $("#channel-quiet");
renderQuietHours(quiet);
const ids = { control: (name) => `c-config-${name}`, error: (name) => `err-c-config-${name}` };
const field = (name) => form.elements.namedItem(name);

/** name → { label, docs, fields } */
const kinds = new Map();
const loaded = fetch("channel-kinds.json").then((r) => r.json()).then((list) => {
  for (const kind of list) kinds.set(kind.name, kind);
  field("kind").innerHTML = list.map((k) => `<option value="${esc(k.name)}">${esc(k.label)}</option>`).join("");
});

/** The channel being edited; null for a new one. */
let current = null;

const row = (c) => `<tr>
<td><a href="#/channel/${esc(c.id)}">${esc(c.name)}</a>${c.is_enabled ? "" : '<span class="tag">off</span>'}${c.is_default ? '<span class="tag">default</span>' : ""}</td>
<td>${esc(c.kind)}</td><td class="hide-narrow">${timeCell(c.last_sent_at)}</td>
<td class="reason">${esc(c.last_error ?? "—")}</td></tr>`;

export async function loadChannels() {
  try {
    const { data } = await api("GET", "channels?limit=1000");
    $("#channel-rows").innerHTML = data.length ? data.map(row).join("") : '<tr><td colspan="4">No channels yet.</td></tr>';
  } catch (error) {
    notify(error.message);
  }
}

function renderConfig() {
  const kind = kinds.get(field("kind").value);
  config.innerHTML = `<legend>${esc(kind.label)} settings</legend>` +
    kind.fields.map((f) => fieldHtml(f, { ids, errorFor: `config.${f.name}` })).join("");
  $("#c-docs").innerHTML = `How ${esc(kind.label)} receives it: <a href="${esc(kind.docs)}" rel="noreferrer">${esc(kind.docs)}</a>`;
}

/** The channel's log, each row naming its monitor (a test has none); returns the rows, newest first. */
async function loadDeliveries() {
  const { data } = await api("GET", `channels/${current.id}/deliveries?limit=50`);
  const names = await monitorNames([...new Set(data.map((d) => d.monitor_id).filter(Boolean))]);
  const cell = (d) => (d.monitor_id ? `<a href="#/monitor/${esc(d.monitor_id)}">${esc(names.get(d.monitor_id) ?? "a monitor")}</a>` : "—");
  $("#delivery-log").innerHTML = deliveriesHtml(data, { titleId: "channel-log-title", about: { heading: "Monitor", cell } });
  return data;
}

/** `id`: a channel's id, or "new". */
export async function showChannel(id) {
  showView("channel");
  form.reset();
  clearFieldErrors(form);
  $("#channel-errors").innerHTML = "";
  $("#channel-test-result").textContent = "";
  try {
    await loaded;
    current = id === "new" ? null : (await api("GET", `channels/${encodeURIComponent(id)}`)).data;
    $("#channel-form-title").textContent = current ? `Channel: ${current.name}` : "New channel";
    $("#channel-test").hidden = $("#channel-delete").hidden = $("#channel-log").hidden = !current;
    if (current) {
      field("kind").value = current.kind;
      field("name").value = current.name;
      field("is_default").checked = current.is_default;
      field("is_enabled").checked = current.is_enabled;
    }
    renderConfig();
    writeQuietHours(quiet, current?.quiet_hours ?? null);
    if (current) {
      for (const f of kinds.get(current.kind).fields) writeField(config, f, current.config[f.name]);
      $("#channel-last-error").textContent = current.last_error ? `Last error: ${current.last_error}` : "No error so far.";
      await loadDeliveries();
    }
  } catch (error) {
    notify(error.message);
  }
}

function bodyOf() {
  const kind = kinds.get(field("kind").value);
  const settings = {};
  for (const f of kind.fields) {
    const value = readField(config, f, false);
    if (value !== undefined) settings[f.name] = value;
  }
  return { name: field("name").value.trim(), kind: kind.name, config: settings, quiet_hours: readQuietHours(quiet), is_default: field("is_default").checked, is_enabled: field("is_enabled").checked };
}

async function onSubmit(event) {
  event.preventDefault();
  clearFieldErrors(form);
  $("#channel-errors").innerHTML = "";
  try {
    const { data } = current ? await api("PATCH", `channels/${current.id}`, bodyOf()) : await api("POST", "channels", bodyOf());
    notify(`Saved ${data.name}`, true);
    if (current) await showChannel(data.id);
    else location.hash = `#/channel/${data.id}`;
  } catch (error) {
    if (error.status !== 400) return notify(error.message);
    const leftOver = showFieldErrors(form, error.details);
    $("#channel-errors").innerHTML = leftOver.map((m) => `<li>${esc(m)}</li>`).join("");
    form.querySelector("[aria-invalid=true]")?.focus();
  }
}

/** Sends a real test message; shows the outcome and what the provider answered (the newest attempt). */
async function onTest() {
  const button = $("#channel-test");
  const result = $("#channel-test-result");
  button.disabled = true;
  result.textContent = "Sending…";
  try {
    const { data } = await api("POST", `channels/${current.id}/test`);
    const [latest] = await loadDeliveries();
    const answer = latest?.attempts.at(-1);
    result.textContent = `${data.ok ? "Test sent" : `Test failed: ${data.error}`}${answer ? ` — provider answered: ${attemptText(answer)}` : ""}`;
    result.classList.toggle("bad", !data.ok);
  } catch (error) {
    result.textContent = error.message;
  } finally {
    button.disabled = false;
  }
}

async function onDelete() {
  if (!confirm(`Delete the channel ${current.name} and its delivery log?`)) return;
  try {
    await api("DELETE", `channels/${current.id}`);
    notify(`Deleted ${current.name}`, true);
    location.hash = "#/settings/channels";
  } catch (error) {
    notify(error.message);
  }
}

field("kind").addEventListener("change", renderConfig);
form.addEventListener("submit", onSubmit);
$("#channel-test").addEventListener("click", onTest);
$("#channel-delete").addEventListener("click", onDelete);
