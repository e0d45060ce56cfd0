// The one way to choose monitors (dependencies, a group's children, maintenance windows, status page groups): type
// to search (the API's q filter, a page of 20), pick with the arrow keys and Enter or a click. Chosen ones show as
// chips with a Remove button; with `event: true` a pick is only announced ("monitor-picked" on the picker).
// Works at any number of monitors, since nothing but the matches is ever loaded.
import { api } from "./api.js";
import { esc } from "./dom.js";

const MATCHES = 20;
const TYPING_PAUSE_MS = 150;

/** The picker's markup; `exclude` lists monitors that may not be chosen (the one being edited, those already on a page). */
export function pickerHtml({ id, name, label, described = "", event = false, exclude = [] }) {
  const chips = event ? "" : `<ul class="chips" aria-label="${esc(label)}: chosen"></ul>`;
  return `<div class="picker" data-name="${esc(name ?? "")}" data-exclude="${esc([exclude].flat().join(","))}"${event ? ' data-event="yes"' : ""}>${chips}
<input id="${esc(id)}" role="combobox" aria-autocomplete="list" aria-expanded="false" aria-controls="${esc(id)}-list" autocomplete="off"
 placeholder="Type to search monitors" ${described}>
<ul id="${esc(id)}-list" class="matches" role="listbox" aria-label="${esc(label)}: matches" hidden></ul>
<p class="visually-hidden" aria-live="polite"></p></div>`;
}

const pickerOf = (form, name) => form.querySelector(`.picker[data-name="${CSS.escape(name)}"]`);
const chipIds = (picker) => [...(picker?.querySelectorAll(".chips li") ?? [])].map((li) => li.dataset.id);

/** The chosen monitors' ids, in the order chosen. */
export const pickedIds = (form, name) => chipIds(pickerOf(form, name));

const chipHtml = (id, label) => `<li data-id="${esc(id)}"><span>${esc(label)}</span>
<button type="button" class="chip-remove" aria-label="Remove ${esc(label)}">×</button></li>`;

/** Names of monitors by id, a thousand a request (the most `ids` takes). */
export async function monitorNames(ids) {
  const names = new Map();
  for (let i = 0; i < ids.length; i += 1000) {
    const batch = ids.slice(i, i + 1000);
    const { data } = await api("GET", `monitors?ids=${batch.join(",")}&limit=1000`);
    for (const m of data) names.set(m.id, m.name);
  }
  return names;
}

/** Shows these ids as chosen; their names follow once read. */
export async function setPicked(form, name, ids) {
  const chips = pickerOf(form, name)?.querySelector(".chips");
  if (!chips) return;
  chips.innerHTML = ids.map((id) => chipHtml(id, id)).join("");
  if (ids.length === 0) return;
  const names = await monitorNames(ids);
  for (const li of chips.querySelectorAll("li")) {
    const label = names.get(li.dataset.id);
    if (label && li.isConnected) li.outerHTML = chipHtml(li.dataset.id, label);
  }
}

const say = (picker, text) => (picker.querySelector("[aria-live]").textContent = text);
const options = (picker) => [...picker.querySelectorAll("[role=option]")];

function close(picker) {
  const input = picker.querySelector("input");
  picker.querySelector(".matches").hidden = true;
  input.setAttribute("aria-expanded", "false");
  input.removeAttribute("aria-activedescendant");
}

function highlight(picker, index) {
  const all = options(picker);
  if (all.length === 0) return;
  const chosen = all[(index + all.length) % all.length];
  for (const option of all) option.setAttribute("aria-selected", String(option === chosen));
  picker.querySelector("input").setAttribute("aria-activedescendant", chosen.id);
  chosen.scrollIntoView({ block: "nearest" });
}

let searchTimer = null;
/** Asks the API for the first matches of what was typed; an answer overtaken by more typing is dropped. */
async function search(picker) {
  const input = picker.querySelector("input");
  const text = input.value.trim();
  const taken = new Set([...chipIds(picker), ...picker.dataset.exclude.split(",")]);
  const { data, headers } = await api("GET", `monitors?limit=${MATCHES}${text ? `&q=${encodeURIComponent(text)}` : ""}`);
  if (input.value.trim() !== text || document.activeElement !== input) return;
  const found = data.filter((m) => !taken.has(m.id));
  const list = picker.querySelector(".matches");
  list.innerHTML = found.map((m, i) => `<li role="option" id="${esc(input.id)}-opt-${i}" data-id="${esc(m.id)}" data-label="${esc(m.name)}" aria-selected="false">
${esc(m.name)} <span class="hint">${esc(m.kind)}${m.url ? ` · ${esc(m.url)}` : ""}</span></li>`).join("");
  list.hidden = found.length === 0;
  input.setAttribute("aria-expanded", String(found.length > 0));
  input.removeAttribute("aria-activedescendant");
  const total = Number(headers.get("X-Total-Count") ?? found.length);
  say(picker, found.length === 0 ? "No monitor matches" : `${total} match${total === 1 ? "" : "es"}${total > found.length ? `, first ${found.length} shown` : ""}; arrow keys to choose`);
}

function searchSoon(picker) {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(() => search(picker).catch((error) => say(picker, error.message)), TYPING_PAUSE_MS);
}

function pick(picker, option) {
  const { id, label } = option.dataset;
  const input = picker.querySelector("input");
  if (picker.dataset.event) picker.dispatchEvent(new CustomEvent("monitor-picked", { bubbles: true, detail: { id, name: label } }));
  else picker.querySelector(".chips").insertAdjacentHTML("beforeend", chipHtml(id, label));
  input.value = "";
  close(picker);
  say(picker, `Added ${label}`);
  input.focus();
}

const KEYS = {
  ArrowDown: (picker, current) => (picker.querySelector(".matches").hidden ? searchSoon(picker) : highlight(picker, current + 1)),
  ArrowUp: (picker, current) => highlight(picker, current - 1),
  Enter: (picker, current) => pick(picker, options(picker)[Math.max(current, 0)]),
  Escape: (picker) => close(picker),
};

document.addEventListener("input", (event) => {
  const picker = event.target.closest?.(".picker");
  if (picker && event.target.matches("input")) searchSoon(picker);
});
// coming back to a search typed earlier shows its matches again; an empty one stays closed (ArrowDown lists all),
// so a picker focused again after a pick does not cover the form's buttons with a list
document.addEventListener("focusin", (event) => {
  const picker = event.target.closest?.(".picker");
  if (picker && event.target.matches("input") && event.target.value.trim() !== "") searchSoon(picker);
});
document.addEventListener("focusout", (event) => {
  const picker = event.target.closest?.(".picker");
  // a click on a match blurs the input first: close only once focus has left the picker for good
  if (picker) setTimeout(() => !picker.contains(document.activeElement) && close(picker), 200);
});
document.addEventListener("keydown", (event) => {
  const picker = event.target.closest?.(".picker");
  if (!picker || !event.target.matches("input")) return;
  const open = !picker.querySelector(".matches").hidden;
  if (event.key === "Backspace" && event.target.value === "") return picker.querySelector(".chips li:last-child .chip-remove")?.click();
  if (!KEYS[event.key] || (event.key === "Enter" && !open) || (event.key === "Escape" && !open)) return;
  event.preventDefault(); // Enter picks rather than submits the form
  KEYS[event.key](picker, options(picker).findIndex((o) => o.getAttribute("aria-selected") === "true"));
});
document.addEventListener("click", (event) => {
  const picker = event.target.closest?.(".picker");
  if (!picker) return;
  const option = event.target.closest("[role=option]");
  if (option) return pick(picker, option);
  const remove = event.target.closest(".chip-remove");
  if (!remove) return;
  const chip = remove.closest("li");
  say(picker, `Removed ${chip.querySelector("span").textContent}`);
  chip.remove();
  picker.querySelector("input").focus();
});
