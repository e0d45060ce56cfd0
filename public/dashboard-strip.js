// The strip of a monitor's last results: one bar each, green up, red down. Hover or keyboard focus (arrow keys move)
// shows the result's time, status, time taken and error in one shared tooltip.
import { $, esc } from "./dom.js";

const describe = (r) => [
  new Date(r.at).toLocaleString(),
  r.is_up ? "up" : "down",
  r.ms === null ? null : `${r.ms} ms`,
  r.code === null ? null : `code ${r.code}`,
  r.error,
].filter(Boolean).join(" · ");

/** The strip's HTML for a monitor whose `recent` may not be loaded yet. */
export function stripHtml(m) {
  if (!m.recent) return '<span class="strip loading" aria-hidden="true"></span>';
  const results = m.recent.results;
  if (results.length === 0) return '<span class="strip empty">no results yet</span>';
  const down = results.filter((r) => !r.is_up).length;
  const label = `Last ${results.length} results of ${m.name}: ${results.length - down} up, ${down} down. Arrow keys show each.`;
  return `<span class="strip" tabindex="0" role="img" data-id="${esc(m.id)}" aria-label="${esc(label)}" aria-describedby="bar-tip">` +
    results.map((r, i) => `<i class="${r.is_up ? "u" : "d"}" data-i="${i}"></i>`).join("") + "</span>";
}

/** Wires the tooltip once for every strip under `root`; `monitorOf(id)` gives the monitor a strip shows. */
export function wireStrips(root, monitorOf) {
  const tip = $("#bar-tip");
  const show = (strip, index) => {
    const results = monitorOf(strip.dataset.id)?.recent?.results;
    const bar = strip.children[index];
    if (!results?.[index] || !bar) return hide();
    strip.querySelector(".active")?.classList.remove("active");
    bar.classList.add("active");
    strip.dataset.active = index;
    tip.textContent = describe(results[index]);
    tip.hidden = false;
    const box = bar.getBoundingClientRect();
    tip.style.left = `${Math.max(4, Math.min(box.left + window.scrollX - 80, document.documentElement.clientWidth - tip.offsetWidth - 4))}px`;
    tip.style.top = `${box.bottom + window.scrollY + 6}px`;
  };
  const hide = () => {
    tip.hidden = true;
    root.querySelector(".strip i.active")?.classList.remove("active");
  };
  root.addEventListener("mouseover", (event) => {
    const bar = event.target.closest(".strip i");
    if (bar) show(bar.parentElement, Number(bar.dataset.i));
  });
  root.addEventListener("mouseout", (event) => event.target.closest(".strip") && hide());
  root.addEventListener("focusin", (event) => {
    const strip = event.target.closest(".strip[data-id]");
    if (strip) show(strip, strip.children.length - 1);
  });
  root.addEventListener("focusout", (event) => event.target.closest(".strip") && hide());
  root.addEventListener("keydown", (event) => {
    const strip = event.target.closest(".strip[data-id]");
    if (!strip) return;
    const last = strip.children.length - 1;
    const moves = { ArrowLeft: -1, ArrowRight: 1, Home: -Infinity, End: Infinity };
    if (!(event.key in moves)) return;
    event.preventDefault();
    show(strip, Math.max(0, Math.min(last, Number(strip.dataset.active ?? last) + moves[event.key])));
  });
}
