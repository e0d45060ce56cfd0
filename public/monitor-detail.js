// One monitor: its facts and actions (edit, clone, pause/resume, delete), its chart, uptime per window,
// incidents and status changes, recent checks (or pings for a heartbeat, with the snippets to send them).
import { api } from "./api.js";
import { $, esc, notify, showView, statusBadge, timeCell } from "./dom.js";
import { monitorDeliveriesHtml } from "./deliveries.js";
import { pingHtml } from "./heartbeat-snippets.js";
import { chartHtml, startChart } from "./monitor-chart.js";
import { startLive } from "./dashboard-live.js";
import { acknowledge, changesHtml, checksHtml, incidentsHtml, loadStats, pulsesHtml, statsHtml } from "./monitor-history.js";
import { monitorsChanged } from "./monitors.js";

let current = null;
/** ends following the shown monitor's events */
let stopFollowing = null;
let followTimer = null;

const fact = (label, value) => `<dt>${label}</dt><dd>${value}</dd>`;
const orDash = (value) => (value === null || value === undefined || value === "" ? "—" : esc(value));

/** The newest check's error when it is not the one the monitor went down with (it slowed down, then broke another way). */
const newerError = (m, newest) => (newest && !newest.is_up && newest.error_message !== m.status_reason ? newest.error_message : null);

function factsHtml(m, newest) {
  const heartbeat = m.kind === "heartbeat";
  const lastError = heartbeat ? null : newerError(m, newest);
  return `<dl class="facts">
    ${fact("Kind", esc(m.kind))}
    ${heartbeat || !m.url ? "" : fact("Target", esc(m.url))}
    ${heartbeat && m.schedule ? fact("Schedule", `${esc(m.schedule)} (${esc(m.timezone)})`) : fact(heartbeat ? "Expected every" : "Every", `${m.interval_seconds} s`)}
    ${heartbeat ? fact("Grace", `${m.grace_seconds} s`) : fact("Timeout", `${m.timeout_seconds} s`)}
    ${fact(heartbeat ? "Last ping" : "Last check", timeCell(m.last_checked_at))}
    ${m.status_reason ? fact("Reason", esc(m.status_reason)) : ""}
    ${lastError ? fact("Now failing with", esc(lastError)) : ""}
    ${m.in_maintenance ? fact("Maintenance", `<a href="#/maintenance/${esc(m.maintenance_id)}">a window holds its alerts now</a>`) : ""}
    ${fact("Created", timeCell(m.created_at))}
  </dl>`;
}

const tags = (m) => [m.is_paused && "paused", m.in_maintenance && "in maintenance", m.is_flapping && "flapping"]
  .filter(Boolean).map((t) => `<span class="tag">${t}</span>`).join("");

/** The latest check's details (players online, container state, TLS version), "players_online" read as "Players online". */
function detailsHtml(details) {
  const entries = Object.entries(details ?? {});
  if (!entries.length) return "";
  const label = (key) => esc(key.replaceAll("_", " ").replace(/^./, (c) => c.toUpperCase()));
  return `<section class="panel" aria-labelledby="details-title"><h2 id="details-title">Latest check</h2>
    <dl class="facts">${entries.map(([key, value]) => fact(label(key), orDash(value))).join("")}</dl></section>`;
}

/** A multi-location monitor: each listed region's latest result, and a warning for a region no live instance is in. */
function regionsHtml(m) {
  if (!m.region_results?.length) return "";
  const row = (r) => `<tr><td>${esc(r.region)}</td><td>${r.is_up === null ? "—" : statusBadge(r.is_up ? "up" : "down")}</td>
    <td>${r.checked_at ? timeCell(r.checked_at) : "never"}</td><td>${r.served ? orDash(r.error_message) : "no running instance has this region: not checked from it"}</td></tr>`;
  return `<section class="panel" aria-labelledby="regions-title"><h2 id="regions-title">Regions</h2>
    <p class="hint">down when ${m.min_failing_regions} of ${m.regions.length} fail</p>
    <table><thead><tr><th>Region</th><th>Latest</th><th>Checked</th><th>Error</th></tr></thead>
    <tbody>${m.region_results.map(row).join("")}</tbody></table></section>`;
}

const titleHtml = (m) => `${esc(m.name)} ${statusBadge(m.status)}${tags(m)}`;
const recentHtml = (m, recent) => m.kind === "heartbeat" ? pulsesHtml(recent) : checksHtml(recent, m.kind);

function render(m, { stats, recent, incidents, changes, deliveries }) {
  const heartbeat = m.kind === "heartbeat";
  $("#detail").innerHTML = `<section class="panel">
    <h1 tabindex="-1">${titleHtml(m)}</h1>
    ${factsHtml(m, recent[0])}
    <div class="actions">
      <a class="button" href="#/monitor/${esc(m.id)}/edit">Edit</a>
      <a class="button" href="#/monitor/${esc(m.id)}/clone">Clone</a>
      <button type="button" data-action="${m.is_paused ? "resume" : "pause"}">${m.is_paused ? "Resume" : "Pause"}</button>
      <button type="button" class="danger" data-action="delete">Delete</button>
      <a class="button" href="#/">Back to the list</a>
    </div>
  </section>
  <section class="panel" aria-labelledby="chart-title">${chartHtml(heartbeat)}</section>
  <section class="panel" aria-labelledby="stats-title">${statsHtml(stats, heartbeat)}</section>
  ${heartbeat ? `<section class="panel">${pingHtml(m)}</section>` : ""}
  ${detailsHtml(m.details)}
  ${regionsHtml(m)}
  <section class="panel" aria-labelledby="incidents-title">${incidentsHtml(incidents)}${changesHtml(changes)}</section>
  <section class="panel" aria-labelledby="deliveries-title">${deliveries}</section>
  <section class="panel" aria-labelledby="recent-title"><h2 id="recent-title">${heartbeat ? "Recent pings" : "Recent checks"}</h2>
    <div id="recent-list">${recentHtml(m, recent)}</div></section>`;
}

const recentOf = (m) => api("GET", `monitors/${m.id}/${m.kind === "heartbeat" ? "pulses" : "checks"}?limit=50`).then((r) => r.data);

/** What a check or status change alters, redrawn in place: the status, the facts and the recent checks (not the chart). */
async function redrawLive(id) {
  const [{ data: m }, recent] = await Promise.all([api("GET", `monitors/${encodeURIComponent(id)}`), recentOf({ id, kind: current.kind })]);
  if (current?.id !== id || !$("#detail dl.facts")) return;
  current = m;
  $("#detail h1").innerHTML = titleHtml(m);
  $("#detail dl.facts").outerHTML = factsHtml(m, recent[0]);
  // a ping opened to read its body stays open until the next visit
  if (!$("#recent-list details[open]")) $("#recent-list").innerHTML = recentHtml(m, recent);
}

/** Follows the monitor's results and status changes from the event stream (a burst of them redraws once). */
function follow(id) {
  stopFollowing?.();
  const soon = () => {
    clearTimeout(followTimer);
    followTimer = setTimeout(() => redrawLive(id).catch(() => {}), 300);
  };
  stopFollowing = startLive({ onEvent: (type, data) => data.monitor_id === id && soon(), resync: soon });
}

/** Leaving the monitor's page (or logging out) stops following it. */
export function stopDetail() {
  stopFollowing?.();
  stopFollowing = null;
  clearTimeout(followTimer);
}

addEventListener("hashchange", () => {
  if (current && location.hash !== `#/monitor/${current.id}`) stopDetail();
});

export async function showDetail(id) {
  showView("detail");
  $("#detail").innerHTML = "<p>Loading…</p>";
  try {
    const { data: monitor } = await api("GET", `monitors/${encodeURIComponent(id)}`);
    const [stats, recent, incidents, changes, deliveries] = await Promise.all([
      loadStats(monitor.id),
      recentOf(monitor),
      api("GET", `monitors/${monitor.id}/incidents?limit=20`).then((r) => r.data),
      api("GET", `monitors/${monitor.id}/status-changes?limit=20`).then((r) => r.data),
      monitorDeliveriesHtml(monitor.id),
    ]);
    current = monitor;
    render(monitor, { stats, recent, incidents, changes, deliveries });
    $("#detail h1").focus({ preventScroll: true });
    follow(monitor.id);
    await startChart(monitor.id);
  } catch (error) {
    $("#detail").innerHTML = `<p>${esc(error.message)}</p><p><a href="#/">Back to the list</a></p>`;
  }
}

async function onAction(event) {
  const ack = event.target.closest("[data-ack]");
  if (ack && current) return acknowledge(ack, () => showDetail(current.id));
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
