// The monitors list: loads every monitor in pages of 1000, filters in the browser, renders rows in chunks.
import { api } from "./api.js";
import { $, esc, notify, showView, statusBadge, timeCell } from "./dom.js";

const PAGE_SIZE = 1000;
const FIRST_SCREEN = 100;
const ROWS_PER_CHUNK = 300;
const REFRESH_MS = 15_000;

let monitors = [];
let loaded = false;
let rowsShown = ROWS_PER_CHUNK;
let refreshTimer = null;
// bumped by changes elsewhere and by logout, so a load already in flight cannot show stale rows
let generation = 0;
/** the generation a load in flight belongs to */
let loadingFor = null;

/** After the next frame; background tabs get no frames, so at most 100 ms. */
const nextPaint = () => new Promise((resolve) => {
  requestAnimationFrame(() => setTimeout(resolve));
  setTimeout(resolve, 100);
});

const searchKey = (m) => `${m.name}\n${m.url ?? ""}`.toLowerCase();

/** A first screenful, painted at once; the rest fetched in parallel and merged (ids dedupe shifted pages). */
async function load(startedAt) {
  const first = await api("GET", `monitors?limit=${loaded ? PAGE_SIZE : FIRST_SCREEN}`);
  if (startedAt !== generation) return;
  const total = Number(first.headers.get("X-Total-Count") ?? first.data.length);
  if (!loaded) {
    accept(first.data);
    await nextPaint(); // parsing the other pages would hold the first rows off the screen
  }
  const offsets = [];
  for (let offset = first.data.length; offset < total; offset += PAGE_SIZE) offsets.push(offset);
  const rest = await Promise.all(offsets.map((o) => api("GET", `monitors?limit=${PAGE_SIZE}&offset=${o}`)));
  if (startedAt !== generation) return;
  const byId = new Map();
  for (const page of [first, ...rest]) for (const m of page.data) byId.set(m.id, m);
  accept([...byId.values()]);
}

function accept(list) {
  for (const m of list) m.key = searchKey(m);
  monitors = list;
  loaded = true;
  render();
}

function refresh() {
  if (loadingFor === generation) return;
  const started = (loadingFor = generation);
  load(started)
    .catch((error) => notify(error.message))
    .finally(() => loadingFor === started && (loadingFor = null));
}

function filtered() {
  const status = $("#filter-status").value;
  const kind = $("#filter-kind").value;
  const words = $("#filter-search").value.trim().toLowerCase().split(/\s+/).filter(Boolean);
  return monitors.filter((m) =>
    (status === "" || (status === "paused" ? m.is_paused : m.status === status)) &&
    (kind === "" || m.kind === kind) &&
    words.every((w) => m.key.includes(w)));
}

const row = (m) => `<tr>
<td><a href="#/monitor/${esc(m.id)}">${esc(m.name)}</a>${m.is_paused ? '<span class="tag">paused</span>' : ""}</td>
<td>${esc(m.kind)}</td>
<td>${statusBadge(m.status)}</td>
<td class="url hide-narrow" title="${esc(m.url)}">${esc(m.url)}</td>
<td>${timeCell(m.last_checked_at)}</td>
<td class="reason hide-narrow" title="${esc(m.status_reason)}">${esc(m.status_reason)}</td>
</tr>`;

/** One innerHTML string per render: 300 rows at a time keeps first paint fast at 10,000 monitors. */
function render() {
  const matching = filtered();
  const visible = matching.slice(0, rowsShown);
  $("#monitor-rows").innerHTML = visible.length
    ? visible.map(row).join("")
    : `<tr><td colspan="6">${monitors.length ? "No monitor matches the filters." : 'No monitors yet. <a href="#/new">Create one</a>.'}</td></tr>`;
  const counts = { up: 0, down: 0, pending: 0 };
  for (const m of monitors) counts[m.status]++;
  $("#monitor-summary").innerHTML =
    `<b>${monitors.length}</b> monitors: <b>${counts.up}</b> up, <b>${counts.down}</b> down, <b>${counts.pending}</b> pending` +
    (matching.length !== monitors.length ? ` · ${matching.length} match` : "") +
    (visible.length < matching.length ? ` · showing ${visible.length}` : "");
  $("#monitor-more").hidden = visible.length >= matching.length;
}

function showMore() {
  rowsShown += ROWS_PER_CHUNK;
  render();
}

export function showMonitors() {
  showView("monitors");
  if (loaded) render();
  refresh();
  refreshTimer ??= setInterval(() => {
    if (!document.hidden && !$("#view-monitors").hidden) refresh();
  }, REFRESH_MS);
}

export function stopMonitors() {
  generation++;
  clearInterval(refreshTimer);
  refreshTimer = null;
  monitors = [];
  loaded = false;
  $("#monitor-rows").innerHTML = "";
}

/** After a create, pause or delete elsewhere: reload on the next visit. */
export function monitorsChanged() {
  generation++;
  loaded = false;
}

function onFilterChange() {
  rowsShown = ROWS_PER_CHUNK;
  render();
}

$("#filters").addEventListener("input", onFilterChange);
$("#filters").addEventListener("submit", (event) => event.preventDefault());
$("#monitor-more").addEventListener("click", showMore);
// scrolling near the end reveals the next chunk
new IntersectionObserver((entries) => {
  if (entries.some((e) => e.isIntersecting) && !$("#view-monitors").hidden) showMore();
}, { rootMargin: "400px" }).observe($("#monitor-more"));
