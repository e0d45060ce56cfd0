// The monitor page's record: uptime and response times per window, incidents (with Acknowledge) and status
// changes with their reasons, and the recent checks or, for a heartbeat, its pings expandable to their bodies.
import { api } from "./api.js";
import { esc, notify, statusBadge, timeCell } from "./dom.js";

const STAT_WINDOWS = ["24h", "7d", "30d", "90d"];
const orDash = (value) => (value === null || value === undefined || value === "" ? "—" : esc(value));
const ms = (value) => (value == null ? "—" : `${value} ms`);
const percent = (value) => (value === null ? "—" : `${value} %`);

/** Every window's figures, fetched together. */
export const loadStats = (monitorId) =>
  Promise.all(STAT_WINDOWS.map((w) => api("GET", `monitors/${monitorId}/uptime?window=${w}`).then((r) => r.data)));

export function statsHtml(stats, heartbeat) {
  const what = heartbeat ? ["Runs", "Median run", "p95 run"] : ["Checks", "Median", "p95"];
  return `<h2 id="stats-title">Uptime and ${heartbeat ? "run durations" : "response times"}</h2>
  <div class="table-wrap"><table class="per-window" aria-labelledby="stats-title"><thead><tr><th scope="col">Window</th><th scope="col">Uptime</th>
    ${what.map((w) => `<th scope="col">${w}</th>`).join("")}</tr></thead><tbody>${stats.map((s) => `<tr><th scope="row">${esc(s.window)}</th>
    <td>${percent(s.uptime_percent)}</td><td>${s.total_checks}</td><td>${ms(s.p50_response_time_ms)}</td><td>${ms(s.p95_response_time_ms)}</td></tr>`).join("")}
  </tbody></table></div>`;
}

const duration = (seconds) => (seconds < 60 ? `${seconds} s` : seconds < 7200 ? `${Math.round(seconds / 60)} min` : `${(seconds / 3600).toFixed(1)} h`);

function ackCell(incident) {
  if (incident.acknowledged_at) return `acknowledged ${timeCell(incident.acknowledged_at)}`;
  if (incident.resolved_at) return "—";
  return `<button type="button" data-ack="${esc(incident.id)}">Acknowledge</button>`;
}

export function incidentsHtml(incidents) {
  const rows = incidents.map((i) => `<tr><td>${timeCell(i.started_at)}</td>
    <td>${i.resolved_at ? duration(i.duration_seconds) : statusBadge("down")}</td><td>${orDash(i.reason)}</td><td>${ackCell(i)}</td></tr>`);
  return `<h2 id="incidents-title">Incidents</h2>${incidents.length ? `<div class="table-wrap"><table aria-labelledby="incidents-title"><thead><tr>
    <th scope="col">Started</th><th scope="col">Lasted</th><th scope="col">Reason</th><th scope="col">Acknowledged</th>
    </tr></thead><tbody>${rows.join("")}</tbody></table></div>` : "<p>No incidents.</p>"}`;
}

export function changesHtml(changes) {
  const items = changes.map((c) => `<li>${timeCell(c.at)} ${statusBadge(c.from_status)} → ${statusBadge(c.to_status)}
    ${c.reason ? `<span class="hint">${esc(c.reason)}</span>` : ""}</li>`);
  return `<h2 id="changes-title">Status changes</h2>${changes.length ? `<ul class="changes" aria-labelledby="changes-title">${items.join("")}</ul>` : "<p>No status changes yet.</p>"}`;
}

/** One check as a table row (the monitor page adds live ones at the top). */
export const checkRowHtml = (c) => `<tr><td>${timeCell(c.checked_at)}</td><td>${statusBadge(c.is_up ? "up" : "down")}</td>
    <td>${orDash(c.status_code)}</td><td>${c.response_time_ms} ms</td><td>${orDash(c.error_message)}</td></tr>`;

/** Only http checks have an HTTP status; other kinds' codes (a docker engine's answer) are just codes. */
export function checksHtml(checks, kind) {
  if (!checks.length) return "<p>No checks yet.</p>";
  return `<div class="table-wrap"><table><thead><tr>
    <th scope="col">When</th><th scope="col">Result</th><th scope="col">${kind === "http" ? "HTTP status" : "Code"}</th><th scope="col">Time</th><th scope="col">Error</th>
    </tr></thead><tbody>${checks.map(checkRowHtml).join("")}</tbody></table></div>`;
}

/** One ping per line; opening it shows its body and where it came from. */
export function pulsesHtml(pulses) {
  if (!pulses.length) return "<p>No pings received yet.</p>";
  const item = (p) => `<li><details><summary>${timeCell(p.received_at)} <span class="badge ${p.type === "fail" ? "down" : p.type === "success" ? "up" : ""}">${esc(p.type)}</span>
    ${p.exit_code === null ? "" : `exit code ${esc(p.exit_code)}`} ${p.duration_ms === null ? "" : `took ${ms(p.duration_ms)}`}</summary>
    <dl class="facts"><dt>From</dt><dd>${orDash(p.source_ip)}</dd><dt>User agent</dt><dd>${orDash(p.user_agent)}</dd>${p.rid ? `<dt>Run id</dt><dd>${esc(p.rid)}</dd>` : ""}</dl>
    ${p.body ? `<pre tabindex="0" aria-label="Body of the ping">${esc(p.body)}</pre>` : '<p class="hint">No body.</p>'}</details></li>`;
  return `<ul class="pulses">${pulses.map(item).join("")}</ul>`;
}

/** Acknowledges an open incident; `done` redraws the page. */
export async function acknowledge(button, done) {
  button.disabled = true;
  try {
    await api("POST", `incidents/${encodeURIComponent(button.dataset.ack)}/ack`);
    notify("Incident acknowledged: its reminders and escalations stop", true);
    await done();
  } catch (error) {
    notify(error.message);
    button.disabled = false;
  }
}
