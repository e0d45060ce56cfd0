// The public status page as one self-contained HTML document, no script. It does not refresh itself: a timed
// refresh takes the page away from someone reading it (WCAG 2.2.1). The daily bars are focusable list items
// whose label a CSS tooltip shows on hover and focus.
import { DAY_MS } from "../history/rollup.ts";
import { statusPageHeaders } from "../security-headers.ts";
import type { MonitorSummary, PageSummary, ShownStatus } from "./summary.ts";

export const escapeHtml = (text: string) =>
  text.replace(/[<>&"']/g, (ch) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&#39;" })[ch]!);

const HEADLINES: Record<PageSummary["status"], string> = {
  operational: "All systems operational",
  partial_outage: "Some systems are down",
  major_outage: "Major outage",
  maintenance: "Maintenance in progress",
  unknown: "Waiting for the first results",
};

const LABELS: Record<ShownStatus, string> = { up: "Up", down: "Down", pending: "Pending", paused: "Paused" };

// cut, never rounded: 99.999 % must not read as a perfect 100 %
const percent = (value: number | null) => (value === null ? "–" : `${value === 100 ? "100" : (Math.floor(value * 100) / 100).toFixed(2)}%`);

/** The bar's colour class: a perfect day, a good one, a bad one, a very bad one, or nothing measured. */
const band = (uptime: number | null) =>
  uptime === null ? "none" : uptime === 100 ? "full" : uptime >= 99 ? "good" : uptime >= 95 ? "bad" : "worst";

const STYLE = `
:root{color-scheme:light dark;--bg:#fff;--fg:#1f2328;--muted:#59636e;--line:#d0d7de;--up:#1a7f37;--down:#cf222e;--idle:#6e7781;--maint:#0550ae;
--full:#2da44e;--good:#9be9a8;--bad:#d4a72c;--worst:#cf222e;--none:#d0d7de;--tip:#24292f;--tipfg:#fff}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--line:#30363d;--up:#238636;--down:#da3633;--idle:#6e7681;--maint:#1f6feb;
--full:#3fb950;--good:#2ea043;--bad:#d29922;--worst:#f85149;--none:#30363d;--tip:#e6edf3;--tipfg:#0d1117}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.5 system-ui,sans-serif}
main{max-width:52rem;margin:0 auto;padding:2rem 1rem}
h1{margin:0 0 .25rem;font-size:1.6rem}h2{font-size:1.15rem;margin:2rem 0 .5rem}
a{color:inherit}
.banner{margin:1.5rem 0;padding:1rem;border-radius:.5rem;color:#fff;font-weight:600}
.operational{background:var(--up)}.partial_outage,.major_outage{background:var(--down)}.maintenance{background:var(--maint)}.unknown{background:var(--idle)}
ul.monitors{list-style:none;margin:0;padding:0}
.monitor{padding:.8rem 0;border-bottom:1px solid var(--line)}
.row{display:flex;flex-wrap:wrap;gap:.25rem 1rem;align-items:baseline}
.name{flex:1 1 12rem;font-weight:600;overflow-wrap:anywhere}
.state,.figures{color:var(--muted);font-size:.9rem;font-variant-numeric:tabular-nums}
.dot{display:inline-block;width:.6rem;height:.6rem;border-radius:50%;margin-right:.4rem;background:var(--idle)}
.up .dot{background:var(--up)}.down .dot{background:var(--down)}
ol.days{position:relative;display:flex;gap:2px;height:2.2rem;margin:.5rem 0 .2rem;padding:0;list-style:none}
ol.days li{flex:1;min-width:2px;border-radius:2px;background:var(--none)}
ol.days li:hover,ol.days li:focus{outline:2px solid var(--fg);outline-offset:1px}
ol.days li:hover::after,ol.days li:focus::after{content:attr(aria-label);position:absolute;z-index:1;top:calc(100% + .4rem);left:0;
padding:.3rem .6rem;border-radius:.3rem;background:var(--tip);color:var(--tipfg);font-size:.85rem;white-space:nowrap;pointer-events:none}
ol.days .full{background:var(--full)}ol.days .good{background:var(--good)}ol.days .bad{background:var(--bad)}ol.days .worst{background:var(--worst)}
.scale{display:flex;justify-content:space-between;margin:0;color:var(--muted);font-size:.8rem}
.scale .short{display:none}
@media (max-width:480px){main{padding:1.25rem .75rem}ol.days li:nth-child(-n+60){display:none}.scale .long{display:none}.scale .short{display:inline}}
footer{margin-top:2rem;color:var(--muted);font-size:.85rem}`;

export const STATUS_PAGE_HEADERS = statusPageHeaders(STYLE);

const when = (isoTime: string) => escapeHtml(isoTime.replace("T", " ").slice(0, 16));

function dayBars(m: MonitorSummary, firstDayMs: number): string {
  const bars = m.daily.uptime.map((uptime, i) => {
    const date = new Date(firstDayMs + i * DAY_MS).toISOString().slice(0, 10);
    const label = uptime === null ? `${date}: no data` : `${date}: ${percent(uptime)} up, ${m.daily.down_minutes[i]} min down`;
    return `<li tabindex="0" class="${band(uptime)}" aria-label="${label}"></li>`;
  });
  return `<ol class="days" aria-label="${escapeHtml(m.name)}: uptime per day">${bars.join("")}</ol>` +
    `<p class="scale" aria-hidden="true"><span class="long">${bars.length} days ago</span><span class="short">30 days ago</span><span>today</span></p>`;
}

function monitorItem(m: MonitorSummary, firstDayMs: number): string {
  const state = m.in_maintenance ? "Maintenance" : LABELS[m.status];
  return `<li class="monitor ${m.status}"><div class="row"><span class="name"><span class="dot"></span>${escapeHtml(m.name)}</span>` +
    `<span class="state">${state}</span><span class="figures">${percent(m.uptime_24h)} 24 h · ${percent(m.uptime_30d)} 30 days</span></div>` +
    `${dayBars(m, firstDayMs)}</li>`;
}

function groupsHtml(summary: PageSummary): string {
  const byId = new Map(summary.monitors.map((m) => [m.id, m]));
  const firstDayMs = Date.parse(summary.days_from);
  return summary.groups.map((g) => (g.name ? `<h2>${escapeHtml(g.name)}</h2>` : "") +
    `<ul class="monitors">${g.monitor_ids.map((id) => monitorItem(byId.get(id)!, firstDayMs)).join("")}</ul>`).join("");
}

export function statusPageHtml(summary: PageSummary): string {
  const incidents = summary.incidents.map((i) =>
    `<li><strong>${escapeHtml(i.monitor_name)}</strong> is down since ${when(i.started_at)} UTC</li>`).join("");
  const windows = summary.maintenance.map((w) =>
    `<li><strong>${escapeHtml(w.title)}</strong> ${w.in_progress ? "in progress" : "planned"}: ${when(w.starts_at)} – ${when(w.ends_at)} UTC</li>`).join("");
  const feed = `${encodeURIComponent(summary.slug)}/feed.atom`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${escapeHtml(summary.title)}</title>` +
    `<link rel="alternate" type="application/atom+xml" title="${escapeHtml(summary.title)}: incidents" href="${feed}"><style>${STYLE}</style></head>` +
    `<body><main><h1>${escapeHtml(summary.title)}</h1>` +
    (summary.description ? `<p>${escapeHtml(summary.description)}</p>` : "") +
    `<div class="banner ${summary.status}" role="status">${HEADLINES[summary.status]}</div>` +
    (summary.incidents.length ? `<h2>Current incidents</h2><ul class="incidents">${incidents}</ul>` : "") +
    (summary.maintenance.length ? `<h2>Maintenance</h2><ul class="maintenance">${windows}</ul>` : "") +
    groupsHtml(summary) +
    `<footer>Updated <time datetime="${summary.generated_at}">${escapeHtml(summary.generated_at.replace("T", " ").slice(0, 19))} UTC</time>` +
    ` · <a href="${feed}">Atom feed of incidents</a> · powered by upbeat</footer>` +
    `</main></body></html>`;
}
