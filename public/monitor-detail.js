// One monitor: its facts, 24h uptime, recent checks (or pings for a heartbeat); edit, clone, pause/resume, delete.
import { api } from "./api.js";
import { $, esc, notify, showView, statusBadge, timeCell } from "./dom.js";
import { pingHtml } from "./heartbeat-snippets.js";
import { monitorsChanged } from "./monitors.js";

let current = null;

const fact = (label, value) => `<dt>${label}</dt><dd>${value}</dd>`;
const orDash = (value) => (value === null || value === undefined || value === "" ? "—" : esc(value));

const ms = (value) => (value == null ? "—" : `${value} ms`);

/** Response times mean nothing for a heartbeat, so it gets uptime alone. */
function uptimeHtml(uptime, heartbeat) {
  const percent = uptime.uptime_percent === null ? "—" : `${uptime.uptime_percent} %`;
  return `<div class="stats">
    <div class="stat">Uptime 24h<b>${percent}</b></div>
    ${heartbeat ? "" : `<div class="stat">Checks<b>${uptime.total_checks}</b></div>
    <div class="stat">Avg response<b>${ms(uptime.avg_response_time_ms)}</b></div>
    <div class="stat">p95 response<b>${ms(uptime.p95_response_time_ms)}</b></div>`}
  </div>`;
}

/** Response times, oldest left, as one SVG polyline: cheaper than a chart library. */
function sparkline(checks) {
  if (checks.length < 2) return "";
  const times = checks.map((c) => c.response_time_ms).reverse();
  const max = Math.max(...times, 1);
  const points = times.map((t, i) => `${((i / (times.length - 1)) * 400).toFixed(1)},${(78 - (t / max) * 74).toFixed(1)}`);
  return `<svg class="spark" viewBox="0 0 400 80" preserveAspectRatio="none" role="img"
    aria-label="Response times of the last ${times.length} checks, up to ${max} ms"><polyline points="${points.join(" ")}"/></svg>`;
}

function checksHtml(checks) {
  if (!checks.length) return "<p>No checks yet.</p>";
  return `${sparkline(checks)}<div class="table-wrap"><table><thead><tr>
    <th scope="col">When</th><th scope="col">Result</th><th scope="col">HTTP</th><th scope="col">Time</th><th scope="col">Error</th>
    </tr></thead><tbody>${checks.map((c) => `<tr><td>${timeCell(c.checked_at)}</td><td>${statusBadge(c.is_up ? "up" : "down")}</td>
    <td>${orDash(c.status_code)}</td><td>${c.response_time_ms} ms</td><td>${orDash(c.error_message)}</td></tr>`).join("")}</tbody></table></div>`;
}

function pulsesHtml(pulses) {
  if (!pulses.length) return "<p>No pings received yet.</p>";
  return `<div class="table-wrap"><table><thead><tr>
    <th scope="col">When</th><th scope="col">Type</th><th scope="col">Exit code</th><th scope="col">Duration</th><th scope="col" class="hide-narrow">From</th>
    </tr></thead><tbody>${pulses.map((p) => `<tr><td>${timeCell(p.received_at)}</td><td>${esc(p.type)}</td><td>${orDash(p.exit_code)}</td>
    <td>${ms(p.duration_ms)}</td><td class="hide-narrow">${orDash(p.source_ip)}</td></tr>`).join("")}</tbody></table></div>`;
}

function factsHtml(m) {
  const heartbeat = m.kind === "heartbeat";
  return `<dl class="facts">
    ${fact("Kind", esc(m.kind))}
    ${heartbeat ? "" : fact("Target", esc(m.url))}
    ${heartbeat && m.schedule ? fact("Schedule", `${esc(m.schedule)} (${esc(m.timezone)})`) : fact(heartbeat ? "Expected every" : "Every", `${m.interval_seconds} s`)}
    ${heartbeat ? fact("Grace", `${m.grace_seconds} s`) : fact("Timeout", `${m.timeout_seconds} s`)}
    ${fact(heartbeat ? "Last ping" : "Last check", timeCell(m.last_checked_at))}
    ${fact("Reason", orDash(m.status_reason))}
    ${fact("Created", timeCell(m.created_at))}
  </dl>`;
}

function render(m, uptime, history) {
  const heartbeat = m.kind === "heartbeat";
  $("#detail").innerHTML = `<section class="panel">
    <h1 tabindex="-1">${esc(m.name)} ${statusBadge(m.status)}${m.is_paused ? '<span class="tag">paused</span>' : ""}</h1>
    ${factsHtml(m)}
    <div class="actions">
      <a class="button" href="#/monitor/${esc(m.id)}/edit">Edit</a>
      <a class="button" href="#/monitor/${esc(m.id)}/clone">Clone</a>
      <button type="button" data-action="${m.is_paused ? "resume" : "pause"}">${m.is_paused ? "Resume" : "Pause"}</button>
      <button type="button" class="danger" data-action="delete">Delete</button>
      <a class="button" href="#/">Back to the list</a>
    </div>
  </section>
  ${heartbeat ? `<section class="panel">${pingHtml(m)}</section>` : ""}
  <section class="panel"><h2>Last 24 hours</h2>${uptimeHtml(uptime, heartbeat)}</section>
  <section class="panel"><h2>${heartbeat ? "Recent pings" : "Recent checks"}</h2>${heartbeat ? pulsesHtml(history) : checksHtml(history)}</section>`;
}

export async function showDetail(id) {
  showView("detail");
  $("#detail").innerHTML = "<p>Loading…</p>";
  try {
    const { data: monitor } = await api("GET", `monitors/${encodeURIComponent(id)}`);
    const history = monitor.kind === "heartbeat" ? "pulses" : "checks";
    const [uptime, recent] = await Promise.all([
      api("GET", `monitors/${monitor.id}/uptime?window=24h`),
      api("GET", `monitors/${monitor.id}/${history}?limit=50`),
    ]);
    current = monitor;
    render(monitor, uptime.data, recent.data);
    $("#detail h1").focus({ preventScroll: true });
  } catch (error) {
    $("#detail").innerHTML = `<p>${esc(error.message)}</p><p><a href="#/">Back to the list</a></p>`;
  }
}

async function onAction(event) {
  const button = event.target.closest("[data-action]");
  if (!button || !current) return;
  const action = button.dataset.action;
  if (action === "delete" && !confirm(`Delete ${current.name} and its history?`)) return;
  button.disabled = true;
  try {
    if (action === "delete") {
      await api("DELETE", `monitors/${current.id}`);
      monitorsChanged();
      notify(`Deleted ${current.name}`, true);
      location.hash = "#/";
      return;
    }
    await api("POST", `monitors/${current.id}/${action}`);
    monitorsChanged();
    await showDetail(current.id);
  } catch (error) {
    notify(error.message);
    button.disabled = false;
  }
}

$("#detail").addEventListener("click", onAction);
