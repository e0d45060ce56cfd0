// The public status page as one self-contained HTML document: no script, refreshes itself.
import { statusPageHeaders } from "../security-headers.ts";
import type { PageSummary, ShownStatus } from "./summary.ts";

const escapeHtml = (text: string) =>
  text.replace(/[<>&"']/g, (ch) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&#39;" })[ch]!);

const HEADLINES: Record<PageSummary["status"], string> = {
  operational: "All systems operational",
  partial_outage: "Some systems are down",
  major_outage: "Major outage",
  unknown: "Waiting for the first results",
};

const LABELS: Record<ShownStatus, string> = { up: "Up", down: "Down", pending: "Pending", paused: "Paused" };

// cut, never rounded: 99.999 % must not read as a perfect 100 %
const percent = (value: number | null) => (value === null ? "–" : `${value === 100 ? "100" : (Math.floor(value * 100) / 100).toFixed(2)}%`);

const STYLE = `
:root{color-scheme:light dark;--bg:#fff;--fg:#1f2328;--muted:#656d76;--line:#d0d7de;--up:#1a7f37;--down:#cf222e;--idle:#6e7781}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--line:#30363d;--up:#3fb950;--down:#f85149;--idle:#9198a1}}
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.5 system-ui,sans-serif}
main{max-width:46rem;margin:0 auto;padding:2rem 1rem}
h1{margin:0 0 .25rem;font-size:1.6rem}
.banner{margin:1.5rem 0;padding:1rem;border-radius:.5rem;color:#fff;font-weight:600}
.operational{background:var(--up)}.partial_outage,.major_outage{background:var(--down)}.unknown{background:var(--idle)}
table{width:100%;border-collapse:collapse}th,td{padding:.6rem .4rem;border-bottom:1px solid var(--line);text-align:left}
th{color:var(--muted);font-weight:500;font-size:.85rem}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.dot{display:inline-block;width:.6rem;height:.6rem;border-radius:50%;margin-right:.4rem;background:var(--idle)}
.up .dot{background:var(--up)}.down .dot{background:var(--down)}
footer{margin-top:2rem;color:var(--muted);font-size:.85rem}`;

export const STATUS_PAGE_HEADERS = statusPageHeaders(STYLE);

export function statusPageHtml(summary: PageSummary): string {
  const rows = summary.monitors.map((m) =>
    `<tr class="${m.status}"><td><span class="dot"></span>${escapeHtml(m.name)}</td><td>${LABELS[m.status]}</td>` +
    `<td class="num">${percent(m.uptime_24h)}</td><td class="num">${percent(m.uptime_30d)}</td></tr>`).join("");
  const incidents = summary.incidents.map((i) =>
    `<li><strong>${escapeHtml(i.monitor_name)}</strong> is down since ${escapeHtml(i.started_at.replace("T", " ").slice(0, 16))} UTC</li>`).join("");
  const when = (isoTime: string) => escapeHtml(isoTime.replace("T", " ").slice(0, 16));
  const windows = summary.maintenance.map((w) =>
    `<li><strong>${escapeHtml(w.title)}</strong> ${w.in_progress ? "in progress" : "planned"}: ${when(w.starts_at)} – ${when(w.ends_at)} UTC</li>`).join("");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<meta http-equiv="refresh" content="60"><title>${escapeHtml(summary.title)}</title><style>${STYLE}</style></head>` +
    `<body><main><h1>${escapeHtml(summary.title)}</h1>` +
    (summary.description ? `<p>${escapeHtml(summary.description)}</p>` : "") +
    `<div class="banner ${summary.status}" role="status">${HEADLINES[summary.status]}</div>` +
    (summary.incidents.length ? `<h2>Current incidents</h2><ul class="incidents">${incidents}</ul>` : "") +
    (summary.maintenance.length ? `<h2>Maintenance</h2><ul class="maintenance">${windows}</ul>` : "") +
    `<table><thead><tr><th>Service</th><th>Status</th><th class="num">24 h</th><th class="num">30 days</th></tr></thead><tbody>${rows}</tbody></table>` +
    `<footer>Updated ${escapeHtml(summary.generated_at.replace("T", " ").slice(0, 19))} UTC · refreshes every minute · powered by upbeat</footer>` +
    `</main></body></html>`;
}
