// Small DOM helpers shared by the views.
export const $ = (selector, root = document) => root.querySelector(selector);

const ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
/** Text → safe HTML; every value from the API goes through this before innerHTML. */
export const esc = (value) => String(value ?? "").replace(/[&<>"']/g, (c) => ESCAPES[c]);

/** Shows one view (a <section id="view-…">) and hides the others. */
export function showView(name) {
  for (const section of document.querySelectorAll("main > section")) section.hidden = section.id !== `view-${name}`;
  $(`#view-${name} h1`)?.focus({ preventScroll: true });
}

let noticeTimer;
export function notify(message, ok = false) {
  const notice = $("#notice");
  notice.textContent = message;
  notice.classList.toggle("ok", ok);
  notice.hidden = false;
  clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => (notice.hidden = true), ok ? 4000 : 10000);
}
export const clearNotice = () => ($("#notice").hidden = true);

/** "3 min ago" for an ISO time; "never" for null. */
export function ago(iso, now = Date.now()) {
  if (!iso) return "never";
  const seconds = Math.round((now - Date.parse(iso)) / 1000);
  if (seconds < 5) return "just now";
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)} h ago`;
  return `${Math.floor(seconds / 86400)} d ago`;
}

export const timeCell = (iso) => (iso ? `<time datetime="${esc(iso)}" title="${esc(iso)}">${ago(iso)}</time>` : "never");

export const statusBadge = (status) => `<span class="badge ${esc(status)}">${esc(status)}</span>`;

/** Copies an input's value or a block's text; falls back to execCommand where the Clipboard API needs HTTPS. */
export async function copyInput(element) {
  const text = "value" in element ? element.value : element.textContent;
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const scratch = document.createElement("textarea");
    scratch.value = text;
    document.body.append(scratch);
    scratch.select();
    document.execCommand("copy");
    scratch.remove();
  }
  notify("Copied to the clipboard", true);
}

/** Buttons with data-copy="element-id" copy that input or block, wherever they appear. */
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-copy]");
  if (button) copyInput(document.getElementById(button.dataset.copy));
});

/**
 * A field with no slot of its own, in a list edited one item a line: `assertions[1].operator` → the `assertions`
 * field, "line 2: operator …" (`config.to[1]` too). Lists with a row per item (escalation steps) have their own slots.
 */
function withinList(form, { field, message }) {
  if (form.querySelector(`[data-error-for="${CSS.escape(field)}"]`)) return { field, message };
  const item = /^(.+?)\[(\d+)\]\.?(.*)$/.exec(field);
  if (!item || !form.querySelector(`[data-error-for="${CSS.escape(item[1])}"]`)) return { field, message };
  return { field: item[1], message: `line ${Number(item[2]) + 1}: ${item[3] ? `${item[3]} ` : ""}${message}` };
}

/** Puts a 400's per-field messages next to the fields; returns the messages no field took. */
export function showFieldErrors(form, details) {
  const leftOver = [];
  for (const detail of details) {
    const { field, message } = withinList(form, detail);
    const slot = form.querySelector(`[data-error-for="${CSS.escape(field)}"]`);
    if (!slot) {
      leftOver.push(`${field}: ${message}`);
      continue;
    }
    slot.textContent = slot.textContent ? `${slot.textContent}; ${message}` : message;
    // a monitor picker's field is its search box
    const control = form.querySelector(`[name="${CSS.escape(field)}"]`) ?? form.querySelector(`.picker[data-name="${CSS.escape(field)}"] input`);
    control?.setAttribute("aria-invalid", "true");
  }
  return leftOver;
}

export function clearFieldErrors(form) {
  for (const slot of form.querySelectorAll("[data-error-for]")) slot.textContent = "";
  for (const input of form.querySelectorAll("[aria-invalid]")) input.removeAttribute("aria-invalid");
}
