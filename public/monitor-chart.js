// The monitor page's response-time chart: uPlot (loaded on first use) over GET /monitors/:id/series, with time
// axes for 1h to 90d, failed checks marked, down periods shaded, colors from the stylesheet (light or dark),
// and a summary line as its text alternative.
import { api } from "./api.js";
import { $, esc } from "./dom.js";

export const CHART_WINDOWS = ["1h", "24h", "7d", "30d", "90d"];
const WINDOW_WORDS = { "1h": "hour", "24h": "24 hours", "7d": "7 days", "30d": "30 days", "90d": "90 days" };
const POINT_WORDS = { check: "checks", hour: "hourly averages", run: "runs" };

let uPlotLoading;
/** uPlot's minified build sets window.uPlot; its script and stylesheet come from the binary like every asset. */
function loadUplot() {
  uPlotLoading ??= new Promise((resolve, reject) => {
    const css = Object.assign(document.createElement("link"), { rel: "stylesheet", href: "vendor/uplot.css" });
    const script = Object.assign(document.createElement("script"), { src: "vendor/uplot.js" });
    script.onload = () => resolve(window.uPlot);
    script.onerror = () => {
      uPlotLoading = undefined;
      script.remove();
      reject(new Error("The chart could not be loaded. Reload the page to try again."));
    };
    document.head.append(css, script);
  });
  return uPlotLoading;
}

const dark = matchMedia("(prefers-color-scheme: dark)");
/** Canvas cannot read CSS variables, so the chart takes the stylesheet's current colors when it is drawn. */
function colors() {
  const style = getComputedStyle(document.documentElement);
  const read = (name) => style.getPropertyValue(name).trim();
  return { line: read("--accent"), down: read("--down"), text: read("--muted"), grid: read("--line") };
}

/** The chart's state, one at a time on the page. */
const chart = { monitorId: null, window: "24h", plot: null, series: null, request: 0, resizer: null };

export function chartHtml(heartbeat) {
  const buttons = CHART_WINDOWS.map((w) => `<button type="button" data-chart-window="${w}" aria-pressed="false">${w}</button>`).join("");
  return `<div class="chart-head"><h2 id="chart-title">${heartbeat ? "Run durations" : "Response time"}</h2>
    <div class="chart-windows" role="group" aria-label="Chart window">${buttons}</div></div>
  <figure class="chart" aria-labelledby="chart-title chart-summary">
    <div id="chart-plot" aria-hidden="true"></div>
    <figcaption id="chart-summary" aria-live="polite">Loading…</figcaption>
  </figure>`;
}

/** Plain words for screen readers and for anyone who wants the numbers. */
function summaryOf(series) {
  const times = series.response_time_ms.filter((ms) => ms !== null);
  const failed = series.failed.reduce((a, b) => a + b, 0);
  // points may carry no time at all (a heartbeat's pings without run durations)
  const range = times.length ? `${Math.min(...times)} to ${Math.max(...times)} ms` : "no durations";
  const points = series.t.length
    ? `${series.t.length} ${POINT_WORDS[series.resolution]}, ${range}, ${failed} failed`
    : `no ${series.resolution === "run" ? "runs" : "checks"}`;
  const downs = series.down_periods;
  const downMinutes = downs.reduce((sum, d) => sum + (Date.parse(d.ended_at ?? series.to) - Date.parse(d.started_at)) / 60_000, 0);
  const reasons = [...new Set(downs.map((d) => d.reason).filter(Boolean))];
  const down = downs.length
    ? `${downs.length} down period${downs.length > 1 ? "s" : ""} (${Math.round(downMinutes)} min${reasons.length ? `: ${reasons.join("; ")}` : ""})`
    : "no down period";
  return `Last ${WINDOW_WORDS[series.window]}: ${points}; ${down}.`;
}

/** Shades each down period behind the lines, and notes what it shaded (CSS pixels) on the figure for tests and tools. */
function downShading(periods, toS) {
  return {
    hooks: {
      drawClear(u) {
        const { ctx, bbox } = u;
        const shaded = [];
        ctx.save();
        ctx.fillStyle = colors().down;
        ctx.globalAlpha = 0.18;
        for (const period of periods) {
          const from = Date.parse(period.started_at) / 1000;
          const to = period.ended_at ? Date.parse(period.ended_at) / 1000 : toS;
          const left = Math.max(u.valToPos(from, "x", true), bbox.left);
          const right = Math.min(u.valToPos(to, "x", true), bbox.left + bbox.width);
          if (right <= left) continue;
          ctx.fillRect(left, bbox.top, right - left, bbox.height);
          shaded.push([Math.round(u.valToPos(from, "x")), Math.round(u.valToPos(to, "x"))]);
        }
        ctx.restore();
        u.root.closest("figure").dataset.shaded = JSON.stringify(shaded);
      },
    },
  };
}

function optionsFor(series, width) {
  const c = colors();
  const fromS = Date.parse(series.from) / 1000;
  const toS = Date.parse(series.to) / 1000;
  const axis = { stroke: c.text, grid: { stroke: c.grid, width: 1 }, ticks: { stroke: c.grid, width: 1 } };
  const label = series.resolution === "hour" ? "Average" : series.resolution === "run" ? "Duration" : "Response time";
  return {
    width,
    height: 220,
    scales: { x: { time: true, range: () => [fromS, toS] }, y: { range: (u, min, max) => [0, Math.max(max ?? 0, 10) * 1.1] } },
    series: [
      {},
      { label, stroke: c.line, width: 1.5, value: (u, v) => (v == null ? "—" : `${v} ms`), points: { show: series.t.length < 200 } },
      { label: "Failed", stroke: c.down, width: 0, value: (u, v) => (v == null ? "—" : `${v} ms`), points: { show: true, size: 6, fill: c.down } },
    ],
    axes: [axis, { ...axis, size: 64, values: (u, ticks) => ticks.map((v) => `${v} ms`) }],
    legend: { show: true },
    plugins: [downShading(series.down_periods, toS)],
  };
}

/** uPlot's data: x in Unix seconds, the times, and the failed ones again as their own point series. */
const dataOf = (series) => [series.t, series.response_time_ms, series.response_time_ms.map((ms, i) => (series.failed[i] ? ms : null))];

async function draw() {
  const { series } = chart;
  const holder = $("#chart-plot");
  if (!series || !holder) return;
  const uPlot = await loadUplot();
  chart.plot?.destroy();
  holder.replaceChildren();
  chart.plot = new uPlot(optionsFor(series, holder.clientWidth || 600), dataOf(series), holder);
  const figure = holder.closest("figure");
  figure.dataset.window = series.window;
  figure.dataset.points = String(series.t.length);
  $("#chart-summary").textContent = summaryOf(series);
}

async function load(span) {
  const request = ++chart.request;
  chart.window = span;
  for (const button of document.querySelectorAll("[data-chart-window]")) button.setAttribute("aria-pressed", String(button.dataset.chartWindow === span));
  $("#chart-summary").textContent = "Loading…";
  try {
    const { data } = await api("GET", `monitors/${chart.monitorId}/series?window=${span}`);
    if (request !== chart.request) return; // a newer window was picked meanwhile
    chart.series = data;
    await draw();
  } catch (error) {
    if (request === chart.request) $("#chart-summary").innerHTML = `<span class="field-error">${esc(error.message)}</span>`;
  }
}

/** Draws the chart into the markup chartHtml() made; the window chosen last stays chosen across monitors. */
export function startChart(monitorId) {
  chart.monitorId = monitorId;
  chart.series = null;
  chart.plot?.destroy();
  chart.plot = null;
  chart.resizer?.disconnect();
  const holder = $("#chart-plot");
  chart.resizer = new ResizeObserver(() => chart.plot?.setSize({ width: holder.clientWidth, height: 220 }));
  chart.resizer.observe(holder);
  return load(chart.window);
}

document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-chart-window]");
  if (button) load(button.dataset.chartWindow);
});
dark.addEventListener("change", () => draw());
