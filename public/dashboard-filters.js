// The dashboard's filters live in the URL (#/?status=down&kind=http&project=…&q=text): a reload keeps them,
// the back button undoes them.
import { $ } from "./dom.js";

const FIELDS = { q: "#filter-search", status: "#filter-status", kind: "#filter-kind", project: "#filter-project" };

/** The filters as the URL has them now. */
export function filtersFromUrl() {
  const params = new URLSearchParams(location.hash.split("?")[1] ?? "");
  return Object.fromEntries(Object.keys(FIELDS).map((name) => [name, params.get(name) ?? ""]));
}

/** Puts the URL's filters into the controls (a value not offered yet, such as a kind still loading, is added). */
export function showFilters(filters) {
  for (const [name, selector] of Object.entries(FIELDS)) {
    const control = $(selector);
    if (control.tagName === "SELECT" && filters[name] && ![...control.options].some((o) => o.value === filters[name])) {
      control.add(new Option(filters[name], filters[name]));
    }
    control.value = filters[name];
  }
}

/** The controls' values, as a filter object. */
export function filtersFromControls() {
  return Object.fromEntries(Object.entries(FIELDS).map(([name, selector]) => [name, $(selector).value.trim()]));
}

/**
 * Writes the filters into the URL. A choice is a step the back button undoes; typing is one step from its
 * first keystroke, later keystrokes replace it.
 */
export function saveFilters(filters, typing) {
  const params = new URLSearchParams(Object.entries(filters).filter(([, value]) => value));
  const hash = params.size ? `#/?${params}` : "#/";
  if (hash === (location.hash || "#/")) return;
  if (typing && history.state?.typing) history.replaceState({ typing }, "", hash);
  else history.pushState({ typing }, "", hash);
}

const words = (text) => text.toLowerCase().split(/\s+/).filter(Boolean);

/** A predicate for monitors (with their lower-case search `key`) that match the filters. */
export function matcher({ q, status, kind, project }) {
  const wanted = words(q);
  return (m) =>
    (status === "" || (status === "paused" ? m.is_paused : !m.is_paused && m.status === status)) &&
    (kind === "" || m.kind === kind) &&
    (project === "" || m.project_id === project) &&
    wanted.every((w) => m.key.includes(w));
}
