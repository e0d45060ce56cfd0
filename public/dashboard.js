// The dashboard: every monitor (pages of 1000, the first screen with its strips at once), grouped by project,
// filtered in the browser from the URL's filters, counted at the top and in the title, kept live by events.
import { api } from "./api.js";
import { wireBulk } from "./dashboard-bulk.js";
import { filtersFromControls, filtersFromUrl, matcher, saveFilters, showFilters } from "./dashboard-filters.js";
import { startLive } from "./dashboard-live.js";
import { stripHtml, wireStrips } from "./dashboard-strip.js";
import { $, esc, notify, showView, statusBadge, timeCell } from "./dom.js";

const PAGE_SIZE = 1000;
const FIRST_SCREEN = 100;
const ROWS_PER_CHUNK = 300;
/** as the API's strips: the newest this many results */
const STRIP_LENGTH = 40;
/** ids per request for the strips of rows brought on screen */
const RECENT_BATCH = 100;
const COLLAPSED_KEY = "upbeat.collapsed-projects";

let monitors = [];
let byId = new Map();
let projects = [];
let loaded = false;
let rowsShown = ROWS_PER_CHUNK;
/** what passes the filters, in the order shown (projects, then newest first): ranges and select-all use it */
let matching = [];
const selected = new Set();
let lastPicked = null;
const collapsed = new Set(JSON.parse(localStorage.getItem(COLLAPSED_KEY) ?? "[]"));
let stopLive = null;
// bumped by changes elsewhere and by logout, so a load already in flight cannot show stale rows
let generation = 0;
let loadingFor = null;

/** After the next frame; background tabs get no frames, so at most 100 ms. */
const nextPaint = () => new Promise((resolve) => {
  requestAnimationFrame(() => setTimeout(resolve));
  setTimeout(resolve, 100);
});

const searchKey = (m) => `${m.name}\n${m.url ?? ""}`.toLowerCase();

/** A first screenful with strips, painted at once; the rest fetched in parallel (ids dedupe shifted pages). */
async function load(startedAt) {
  const [first, projectList] = await Promise.all([
    api("GET", `monitors?limit=${loaded ? PAGE_SIZE : FIRST_SCREEN}&include=recent`),
    api("GET", "projects?limit=1000"),
  ]);
  if (startedAt !== generation) return;
  projects = projectList.data.sort((a, b) => b.is_default - a.is_default || a.name.localeCompare(b.name));
  fillProjectFilter();
  const total = Number(first.headers.get("X-Total-Count") ?? first.data.length);
  if (!loaded) {
    accept(first.data);
    await nextPaint(); // parsing the other pages would hold the first rows off the screen
  }
  const offsets = [];
  for (let offset = first.data.length; offset < total; offset += PAGE_SIZE) offsets.push(offset);
  const rest = await Promise.all(offsets.map((o) => api("GET", `monitors?limit=${PAGE_SIZE}&offset=${o}`)));
  if (startedAt !== generation) return;
  const fresh = new Map();
  for (const page of [first, ...rest]) for (const m of page.data) fresh.set(m.id, m);
  // strips not in these pages: kept from before, refreshed for the rows on screen after the render
  for (const m of fresh.values()) m.recent ??= byId.get(m.id)?.recent;
  accept([...fresh.values()]);
}

function accept(list) {
  for (const m of list) m.key = searchKey(m);
  monitors = list;
  byId = new Map(list.map((m) => [m.id, m]));
  for (const id of selected) if (!byId.has(id)) selected.delete(id);
  loaded = true;
  render();
}

function refresh() {
  if (loadingFor === generation) return;
  const started = (loadingFor = generation);
  load(started)
    .then(() => started === generation && fillStrips(true))
    .catch((error) => notify(error.message))
    .finally(() => loadingFor === started && (loadingFor = null));
}

/** Fetches the strips of the rows on screen that lack one (or all of them: `again`). */
async function fillStrips(again = false) {
  const ids = [...document.querySelectorAll("#monitor-rows tr[data-id]")].map((tr) => tr.dataset.id)
    .filter((id) => again || !byId.get(id)?.recent);
  await fetchRecent(ids);
}

/** Fetches these monitors' `recent` (strip, last time taken, 24h uptime), a batch of ids per request, and re-draws their rows. */
async function fetchRecent(ids) {
  const startedAt = generation;
  for (let i = 0; i < ids.length; i += RECENT_BATCH) {
    const batch = ids.slice(i, i + RECENT_BATCH);
    const { data } = await api("GET", `monitors?ids=${batch.join(",")}&include=recent&limit=${RECENT_BATCH}`);
    if (startedAt !== generation) return;
    for (const fresh of data) {
      const m = byId.get(fresh.id);
      if (!m) continue;
      m.recent = fresh.recent;
      m.in_maintenance = fresh.in_maintenance;
      patchRow(m);
    }
  }
}

/** The project filter offers every project; one named by the URL stays chosen. */
function fillProjectFilter() {
  const choice = $("#filter-project");
  const current = choice.value;
  choice.innerHTML = '<option value="">any</option>' + projects.map((p) => `<option value="${esc(p.id)}">${esc(p.name)}</option>`).join("");
  if (current && !projects.some((p) => p.id === current)) choice.add(new Option(current, current));
  choice.value = current;
}

const projectName = (id) => projects.find((p) => p.id === id)?.name ?? "Other";
const percent = (value) => (value === null || value === undefined ? "–" : `${value.toFixed(value === 100 ? 0 : 2)} %`);

function lastCell(m) {
  const ms = m.recent?.last_response_time_ms;
  return `${ms === null || ms === undefined ? "" : `<b>${ms} ms</b><br>`}${timeCell(m.last_checked_at)}`;
}

/** Why it is down, as its page says: the newest check's error when it now fails another way than it went down with. */
function reasonHtml(m) {
  if (m.status !== "down") return "";
  const newest = m.kind === "heartbeat" ? null : m.recent?.results.at(-1);
  const now = newest && !newest.is_up && newest.error && newest.error !== m.status_reason ? newest.error : null;
  if (!now && !m.status_reason) return "";
  const title = now && m.status_reason ? `Now failing with: ${now} (went down with: ${m.status_reason})` : now ?? m.status_reason;
  return `<div class="reason" title="${esc(title)}">${esc(now ?? m.status_reason)}</div>`;
}

const row = (m) => `<tr data-id="${esc(m.id)}"${selected.has(m.id) ? ' class="picked"' : ""}>
<td class="pick"><input type="checkbox" data-pick="${esc(m.id)}" aria-label="Select ${esc(m.name)}"${selected.has(m.id) ? " checked" : ""}></td>
<td class="state">${statusBadge(m.status)}</td>
<td class="name"><a href="#/monitor/${esc(m.id)}">${esc(m.name)}</a>${m.is_paused ? '<span class="tag">paused</span>' : ""}${m.in_maintenance ? '<span class="tag" title="In a maintenance window: alerts are held">maintenance</span>' : ""}${reasonHtml(m)}</td>
<td class="hide-narrow">${esc(m.kind)}</td>
<td class="url hide-narrow" title="${esc(m.url)}">${esc(m.url)}</td>
<td class="last">${lastCell(m)}</td>
<td class="uptime hide-narrow">${percent(m.recent?.uptime_24h)}</td>
<td class="strip-cell">${stripHtml(m)}</td>
</tr>`;

function groupHeader(projectId, members) {
  const open = !collapsed.has(projectId);
  const down = members.filter((m) => m.status === "down" && !m.is_paused).length;
  return `<tr class="group"><td colspan="8"><button type="button" class="group-toggle" data-group="${esc(projectId)}" aria-expanded="${open}">` +
    `<span aria-hidden="true">${open ? "▾" : "▸"}</span> ${esc(projectName(projectId))}</button>` +
    ` <span class="hint">${members.length} monitor${members.length === 1 ? "" : "s"}${down ? `, <b class="down-count">${down} down</b>` : ""}</span></td></tr>`;
}

/** Counts by what a user acts on: paused ones apart, whatever their last status. */
function counts() {
  const found = { up: 0, down: 0, pending: 0, paused: 0 };
  for (const m of monitors) found[m.is_paused ? "paused" : m.status]++;
  return found;
}

function renderSummary() {
  const c = counts();
  const link = (status, label) => `<a href="#/?status=${status}" class="count ${status}"><b>${c[status]}</b> ${label}</a>`;
  $("#monitor-summary").innerHTML = `<b>${monitors.length}</b> monitors: ${link("up", "up")}, ${link("down", "down")}, ${link("paused", "paused")}, ${link("pending", "pending")}` +
    (matching.length !== monitors.length ? ` · ${matching.length} match` : "");
  document.title = c.down ? `(${c.down} down) upbeat` : "upbeat";
}

/** One innerHTML string per render: at most 300 rows at a time keeps first paint fast at 10,000 monitors. */
function render() {
  const filters = filtersFromControls();
  const match = matcher(filters);
  const groups = new Map(projects.map((p) => [p.id, []]));
  for (const m of monitors) {
    if (!match(m)) continue;
    if (!groups.has(m.project_id)) groups.set(m.project_id, []);
    groups.get(m.project_id).push(m);
  }
  matching = [...groups.values()].flat();
  let budget = rowsShown;
  const html = [];
  for (const [projectId, members] of groups) {
    if (members.length === 0) continue;
    html.push(groupHeader(projectId, members));
    if (collapsed.has(projectId)) continue;
    for (const m of members.slice(0, Math.max(0, budget))) html.push(row(m));
    budget -= members.length;
  }
  $("#monitor-rows").innerHTML = html.length
    ? html.join("")
    : `<tr><td colspan="8">${monitors.length ? "No monitor matches the filters." : 'No monitors yet. <a href="#/new">Create one</a>.'}</td></tr>`;
  $("#monitor-more").hidden = budget >= 0;
  renderSummary();
  renderSelection();
  fillStrips().catch((error) => notify(error.message));
}

/** Re-draws one row in place; a strip being explored with the keyboard keeps its focus until it is left. */
function patchRow(m) {
  const tr = document.querySelector(`#monitor-rows tr[data-id="${CSS.escape(m.id)}"]`);
  if (!tr) return;
  if (!tr.contains(document.activeElement)) return void (tr.outerHTML = row(m));
  const fresh = document.createElement("tbody");
  fresh.innerHTML = row(m);
  const cells = [...fresh.rows[0].cells];
  [...tr.cells].forEach((cell, i) => {
    if (!cell.contains(document.activeElement)) cell.replaceWith(cells[i]);
  });
  tr.className = fresh.rows[0].className;
}

// live events are applied once per frame: a burst of results costs one repaint
const dirty = new Set();
let fullRender = false;
let frame = null;
function scheduleUpdate(id) {
  if (id) dirty.add(id);
  else fullRender = true;
  frame ??= requestAnimationFrame(() => {
    frame = null;
    if (fullRender) render();
    else {
      for (const changed of dirty) if (byId.has(changed)) patchRow(byId.get(changed));
      renderSummary();
    }
    dirty.clear();
    fullRender = false;
  });
}

// A result moves the 24h uptime, which only the server can count (heartbeats' is time spent up): rows on screen
// are fetched again, a batch every few seconds; a row off screen drops its `recent`, fetched when it shows again.
const UPTIME_REFRESH_MS = 3000;
const uptimeDue = new Set();
let uptimeTimer = null;
function uptimeMoved(m) {
  if (!document.querySelector(`#monitor-rows tr[data-id="${CSS.escape(m.id)}"]`)) return void (m.recent = undefined);
  uptimeDue.add(m.id);
  uptimeTimer ??= setTimeout(() => {
    uptimeTimer = null;
    const ids = [...uptimeDue];
    uptimeDue.clear();
    const startedAt = generation;
    fetchRecent(ids).then(uptimeRefreshed, (error) => startedAt === generation && uptimeRefreshFailed(ids, error));
  }, UPTIME_REFRESH_MS);
}

// a server that is gone or failing is said once, not at every batch; its rows are asked for again with the next one
let uptimeFailing = false;
function uptimeRefreshFailed(ids, error) {
  for (const id of ids) uptimeDue.add(id);
  if (uptimeFailing) return;
  uptimeFailing = true;
  notify(`24h uptime not refreshed: ${error.message} (trying again as results come)`);
}
function uptimeRefreshed() {
  if (!uptimeFailing) return;
  uptimeFailing = false;
  notify("24h uptime refreshed again", true);
}

let refreshSoon = null;
function onLiveEvent(type, data) {
  const m = byId.get(data.monitor_id);
  if (type === "monitor" && !m && !data.deleted) {
    // a monitor made elsewhere: reload once the burst is over
    clearTimeout(refreshSoon);
    refreshSoon = setTimeout(refresh, 1000);
    return;
  }
  if (!m) return;
  if (type === "result") {
    m.last_checked_at = data.at;
    if (m.recent) {
      const { monitor_id: _, ...result } = data;
      m.recent.results = [...m.recent.results, result].slice(-STRIP_LENGTH);
      m.recent.last_response_time_ms = data.ms;
    }
    uptimeMoved(m);
    return scheduleUpdate(m.id);
  }
  if (type === "maintenance") {
    m.in_maintenance = data.in_maintenance;
    return scheduleUpdate(m.id);
  }
  if (type === "status") {
    m.status = data.to;
    m.status_reason = data.reason;
  } else if (data.deleted) {
    monitors = monitors.filter((other) => other !== m);
    byId.delete(m.id);
    selected.delete(m.id);
  } else {
    Object.assign(m, { name: data.name, is_paused: data.is_paused, project_id: data.project_id, status: data.status });
    m.key = searchKey(m);
  }
  // membership in groups and filters may change
  scheduleUpdate(null);
}

function renderSelection() {
  const all = $("#pick-all");
  const picked = matching.filter((m) => selected.has(m.id)).length;
  all.checked = picked > 0 && picked === matching.length;
  all.indeterminate = picked > 0 && picked < matching.length;
  all.setAttribute("aria-label", `Select all ${matching.length} matching monitors`);
  refreshBulk(projects);
}

function pick(id, on, shiftKey) {
  const index = matching.findIndex((m) => m.id === id);
  const from = shiftKey && lastPicked !== null ? matching.findIndex((m) => m.id === lastPicked) : -1;
  const range = from >= 0 ? matching.slice(Math.min(from, index), Math.max(from, index) + 1) : [byId.get(id)];
  for (const m of range) {
    if (on) selected.add(m.id);
    else selected.delete(m.id);
    const box = document.querySelector(`[data-pick="${CSS.escape(m.id)}"]`);
    if (box) {
      box.checked = on;
      box.closest("tr").classList.toggle("picked", on);
    }
  }
  lastPicked = id;
  renderSelection();
}

/** After a bulk call: what the server did, shown at once (the events that follow change nothing more). */
function applied(action, ids, projectId) {
  for (const id of ids) {
    const m = byId.get(id);
    if (!m) continue;
    if (action === "pause" || action === "resume") m.is_paused = action === "pause";
    if (action === "move") m.project_id = projectId;
    if (action === "delete") byId.delete(id);
    selected.delete(id);
  }
  if (action === "delete") monitors = monitors.filter((m) => byId.has(m.id));
  render();
}

const refreshBulk = wireBulk({ selected, applied });

function showMore() {
  rowsShown += ROWS_PER_CHUNK;
  render();
}

export function showMonitors() {
  showView("monitors");
  showFilters(filtersFromUrl());
  rowsShown = ROWS_PER_CHUNK;
  if (loaded) render();
  refresh();
  stopLive ??= startLive({ onEvent: onLiveEvent, resync: refresh });
}

export function stopMonitors() {
  generation++;
  stopLive?.();
  stopLive = null;
  clearTimeout(uptimeTimer);
  uptimeTimer = null;
  uptimeDue.clear();
  uptimeFailing = false;
  monitors = [];
  byId = new Map();
  selected.clear();
  loaded = false;
  document.title = "upbeat";
  $("#monitor-rows").innerHTML = "";
}

/** After a create, pause or delete elsewhere: reload on the next visit. */
export function monitorsChanged() {
  generation++;
  loaded = false;
}

function onFilterChange(event) {
  // a select fires input and change for one choice: handled once
  if (event.target.tagName === "SELECT" && event.type === "input") return;
  saveFilters(filtersFromControls(), event.target.type === "search");
  rowsShown = ROWS_PER_CHUNK;
  render();
}

// back and forward between filter steps (pushState entries fire no hashchange)
addEventListener("popstate", () => {
  if ($("#view-monitors").hidden || !/^#\/(\?|$)|^$/.test(location.hash)) return;
  showFilters(filtersFromUrl());
  rowsShown = ROWS_PER_CHUNK;
  render();
});
$("#filters").addEventListener("input", onFilterChange);
$("#filters").addEventListener("change", (event) => event.target.tagName === "SELECT" && onFilterChange(event));
$("#filters").addEventListener("submit", (event) => event.preventDefault());
$("#monitor-more").addEventListener("click", showMore);
$("#pick-all").addEventListener("change", (event) => {
  for (const m of matching) event.target.checked ? selected.add(m.id) : selected.delete(m.id);
  render();
});
$("#monitor-rows").addEventListener("click", (event) => {
  const box = event.target.closest("[data-pick]");
  if (box) return pick(box.dataset.pick, box.checked, event.shiftKey);
  const toggle = event.target.closest("[data-group]");
  if (!toggle) return;
  const id = toggle.dataset.group;
  if (collapsed.has(id)) collapsed.delete(id);
  else collapsed.add(id);
  localStorage.setItem(COLLAPSED_KEY, JSON.stringify([...collapsed]));
  render();
  document.querySelector(`[data-group="${CSS.escape(id)}"]`)?.focus();
});
wireStrips($("#monitor-rows"), (id) => byId.get(id));
// scrolling near the end reveals the next chunk
new IntersectionObserver((entries) => {
  if (entries.some((e) => e.isIntersecting) && !$("#view-monitors").hidden) showMore();
}, { rootMargin: "400px" }).observe($("#monitor-more"));
