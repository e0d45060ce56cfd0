// The "new monitor" form: fields by kind, POST /monitors, the 400's details shown per field.
import { api } from "./api.js";
import { $, clearFieldErrors, esc, notify, showFieldErrors, showView } from "./dom.js";
import { monitorsChanged } from "./monitors.js";

const form = $("#monitor-form");
/** A control by name (form.name would be the form's own attribute). */
const field = (name) => form.elements.namedItem(name);

const TARGET_HINTS = {
  http: ["URL", "https://example.com/health"],
  tcp: ["Host and port", "db.lan:5432"],
  ping: ["Host", "router.lan or 192.168.1.1"],
  ssl: ["Host", "example.com or example.com:8443"],
  dns: ["Host name", "example.com"],
};

function onKindChange() {
  const kind = field("kind").value;
  const isHeartbeat = kind === "heartbeat";
  $("#heartbeat-fields").hidden = !isHeartbeat;
  $("#target-fields").hidden = isHeartbeat;
  $("#interval-label").textContent = isHeartbeat ? "Expected every" : "Check every";
  field("interval_seconds").placeholder = isHeartbeat ? "86400" : "60";
  if (!isHeartbeat) {
    const [label, hint] = TARGET_HINTS[kind];
    $("#target-fields label").firstChild.textContent = `${label} `;
    $("#url-hint").textContent = hint;
  }
}

/** Only the fields the user filled in, numbers as numbers; the server fills the defaults. */
function bodyOf() {
  const kind = field("kind").value;
  const body = { name: field("name").value, kind };
  const text = (name) => field(name).value.trim();
  const number = (name) => (text(name) === "" ? undefined : Number(text(name)));
  if (kind !== "heartbeat") body.url = text("url");
  body.interval_seconds = number("interval_seconds");
  if (kind === "heartbeat") {
    body.grace_seconds = number("grace_seconds");
    if (text("schedule")) body.schedule = text("schedule");
    if (text("timezone")) body.timezone = text("timezone");
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
  onKindChange();
}

field("kind").addEventListener("change", onKindChange);
form.addEventListener("submit", onSubmit);
