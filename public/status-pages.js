// Status pages: the list, and one form to create or edit a page with its monitors in named, ordered groups.
// Every move is a button, so the order can be changed with the keyboard alone.
import { api } from "./api.js";
import { $, clearFieldErrors, esc, notify, showFieldErrors, showView } from "./dom.js";
import { monitorNames, pickerHtml } from "./monitor-picker.js";

const root = () => $("#status-pages-view");

/** The form's state: edited in place, rendered again after each change. */
let editing = null;
let groups = [];
/** id → name of the monitors placed on the page */
let names = new Map();

const pageLink = (p) => `status/${encodeURIComponent(p.slug)}`;

const listRow = (p) => `<tr>
<td><a href="#/status-pages/${esc(p.id)}">${esc(p.title)}</a></td>
<td><a href="${esc(pageLink(p))}">/status/${esc(p.slug)}</a></td>
<td class="hide-narrow">${p.monitor_ids.length}</td>
<td class="hide-narrow"><a href="${esc(pageLink(p))}/feed.atom">Atom feed</a></td>
</tr>`;

export async function showStatusPages() {
  try {
    const { data } = await api("GET", "status-pages?limit=1000");
    root().innerHTML = `<h1 tabindex="-1">Status pages</h1>
<p>Public pages at <code>/status/&lt;slug&gt;</code> showing chosen monitors, their daily uptime for 90 days, and an Atom feed of incidents.</p>
<p><a class="button" href="#/status-pages/new">New status page</a></p>
<div class="table-wrap"><table aria-label="Status pages">
<thead><tr><th scope="col">Title</th><th scope="col">Public page</th><th scope="col" class="hide-narrow">Monitors</th><th scope="col" class="hide-narrow">Feed</th></tr></thead>
<tbody>${data.length ? data.map(listRow).join("") : '<tr><td colspan="4">No status pages yet.</td></tr>'}</tbody></table></div>`;
    showView("status-pages");
  } catch (error) {
    notify(error.message);
  }
}

const field = (name, label, control, hint = "") => `<label for="sp-${name}">${label}${hint ? ` <span class="hint" id="sp-${name}-hint">${hint}</span>` : ""}</label>
${control}<p class="field-error" id="err-sp-${name}" data-error-for="${name}"></p>`;
const described = (name, hint) => `aria-describedby="err-sp-${name}${hint ? ` sp-${name}-hint` : ""}"`;

function formHtml(page) {
  const value = (v) => esc(v ?? "");
  return `<form id="status-page-form" class="panel" novalidate>
<h1 tabindex="-1">${page ? `Edit status page: ${esc(page.title)}` : "New status page"}</h1>
${field("title", "Title", `<input id="sp-title" name="title" maxlength="200" value="${value(page?.title)}" ${described("title")}>`)}
${field("slug", "Slug", `<input id="sp-slug" name="slug" maxlength="64" value="${value(page?.slug)}" ${described("slug", true)}>`, "the page's address: /status/&lt;slug&gt;")}
${field("description", "Description", `<textarea id="sp-description" name="description" rows="2" ${described("description")}>${value(page?.description)}</textarea>`)}
${field("custom_domain", "Custom domain", `<input id="sp-custom_domain" name="custom_domain" value="${value(page?.custom_domain)}" placeholder="status.example.com" ${described("custom_domain", true)}>`,
    "optional; a note for your reverse proxy, which serves this page's /status/&lt;slug&gt; under that name")}
<fieldset class="sp-groups"><legend>Monitors, in groups</legend><div id="sp-groups"></div>
<button type="button" data-action="add-group">Add group</button>
<p class="field-error" data-error-for="groups"></p><p class="field-error" data-error-for="monitor_ids"></p></fieldset>
<div class="actions"><button type="submit" class="primary">${page ? "Save status page" : "Create status page"}</button>
${page ? `<a class="button" href="${esc(pageLink(page))}">Open public page</a><button type="button" class="danger" data-action="delete">Delete</button>` : ""}
<a class="button" href="#/status-pages">Cancel</a></div>
</form>`;
}

const monitorName = (id) => names.get(id) ?? id;

function groupHtml(group, g) {
  const label = group.name || `Group ${g + 1}`;
  const items = group.monitorIds.map((id, i) => `<li><span>${esc(monitorName(id))}</span><span class="moves">
<button type="button" data-action="monitor-up" data-group="${g}" data-index="${i}" aria-label="Move ${esc(monitorName(id))} up" ${i === 0 ? "disabled" : ""}>↑</button>
<button type="button" data-action="monitor-down" data-group="${g}" data-index="${i}" aria-label="Move ${esc(monitorName(id))} down" ${i === group.monitorIds.length - 1 ? "disabled" : ""}>↓</button>
<button type="button" data-action="monitor-remove" data-group="${g}" data-index="${i}" aria-label="Remove ${esc(monitorName(id))} from ${esc(label)}">Remove</button></span></li>`).join("");
  return `<fieldset class="sp-group"><legend>${esc(label)}</legend>
<label for="sp-group-${g}">Group name <span class="hint">shown as a heading; may stay empty for one group</span></label>
<input id="sp-group-${g}" name="groups[${g}].name" data-group-name="${g}" maxlength="100" value="${esc(group.name)}" aria-describedby="err-sp-group-${g}">
<p class="field-error" id="err-sp-group-${g}" data-error-for="groups[${g}].name"></p>
<ol class="sp-monitors">${items}</ol>
<p class="field-error" data-error-for="groups[${g}].monitor_ids"></p>
<label for="sp-add-${g}">Add a monitor to ${esc(label)}</label>
<div data-group="${g}">${pickerHtml({ id: `sp-add-${g}`, label: `Monitor to add to ${label}`, event: true, exclude: groups.flatMap((other) => other.monitorIds) })}</div>
<div class="actions"><button type="button" data-action="group-up" data-group="${g}" ${g === 0 ? "disabled" : ""}>Move group up</button>
<button type="button" data-action="group-down" data-group="${g}" ${g === groups.length - 1 ? "disabled" : ""}>Move group down</button>
<button type="button" class="danger" data-action="group-remove" data-group="${g}">Remove group</button></div></fieldset>`;
}

/** Renders the groups again; focus goes to the first of `candidates` ({ action, group, index }) that can take it. */
function renderGroups(...candidates) {
  $("#sp-groups").innerHTML = groups.map(groupHtml).join("");
  const find = (c) => $(Object.entries(c).map(([k, v]) => `[data-${k}="${v}"]`).join(""), $("#status-page-form"));
  const target = candidates.map(find).find((element) => element && !element.disabled);
  target?.focus();
}

const swap = (list, i, j) => ([list[i], list[j]] = [list[j], list[i]]);

const ACTIONS = {
  "add-group": () => {
    groups.push({ name: "", monitorIds: [] });
    renderGroups();
    $(`#sp-group-${groups.length - 1}`).focus();
  },
  "group-up": (g) => (swap(groups, g, g - 1), renderGroups({ action: "group-up", group: g - 1 }, { action: "group-down", group: g - 1 })),
  "group-down": (g) => (swap(groups, g, g + 1), renderGroups({ action: "group-down", group: g + 1 }, { action: "group-up", group: g + 1 })),
  "group-remove": (g) => (groups.splice(g, 1), renderGroups({ action: "add-group" })),
  // focus follows the monitor moved: its same button, or the other one once it reached an end
  "monitor-up": (g, i) => (swap(groups[g].monitorIds, i, i - 1),
    renderGroups({ action: "monitor-up", group: g, index: i - 1 }, { action: "monitor-down", group: g, index: i - 1 })),
  "monitor-down": (g, i) => (swap(groups[g].monitorIds, i, i + 1),
    renderGroups({ action: "monitor-down", group: g, index: i + 1 }, { action: "monitor-up", group: g, index: i + 1 })),
  "monitor-remove": (g, i) => (groups[g].monitorIds.splice(i, 1), renderGroups({ action: "monitor-up", group: g, index: i }, { action: "add-group" })),
  delete: onDelete,
};

/** A monitor picked in a group's search: placed at the group's end, once on the whole page. */
function onPicked(event) {
  const g = Number(event.target.closest("[data-group]").dataset.group);
  const { id, name } = event.detail;
  if (groups.some((group) => group.monitorIds.includes(id))) return notify(`${name} is already on this page`);
  names.set(id, name);
  groups[g].monitorIds.push(id);
  renderGroups();
  $(`#sp-add-${g}`).focus();
}

function onClick(event) {
  const button = event.target.closest("button[data-action]");
  if (!button) return;
  ACTIONS[button.dataset.action](Number(button.dataset.group), Number(button.dataset.index));
}

function onInput(event) {
  const g = event.target.dataset.groupName;
  if (g !== undefined) groups[Number(g)].name = event.target.value;
  // a new page's slug follows its title until the slug is typed in
  if (!editing && event.target.name === "title" && !$("#sp-slug").dataset.typed) {
    $("#sp-slug").value = event.target.value.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 64);
  }
  if (event.target.name === "slug") event.target.dataset.typed = "yes";
}

async function onSubmit(event) {
  event.preventDefault();
  const form = event.target;
  clearFieldErrors(form);
  const text = (name) => form.elements.namedItem(name).value.trim();
  const body = {
    title: text("title"), slug: text("slug"), description: text("description") || null, custom_domain: text("custom_domain") || null,
    groups: groups.map((g) => ({ name: g.name.trim(), monitor_ids: g.monitorIds })),
  };
  try {
    const { data } = editing ? await api("PATCH", `status-pages/${editing.id}`, body) : await api("POST", "status-pages", body);
    notify(`Saved status page ${data.title}: ${data.url}`, true);
    location.hash = "#/status-pages";
  } catch (error) {
    if (error.status === 400) showFieldErrors(form, error.details).forEach((m) => notify(m));
    else if (error.status === 409) showFieldErrors(form, [{ field: "slug", message: error.message }]);
    else notify(error.message);
  }
}

async function onDelete() {
  if (!confirm(`Delete the status page ${editing.title}? Its public address stops working.`)) return;
  try {
    await api("DELETE", `status-pages/${editing.id}`);
    notify("Status page deleted", true);
    location.hash = "#/status-pages";
  } catch (error) {
    notify(error.message);
  }
}

/** `id`: a page to edit, or "new". */
export async function showStatusPageForm(id) {
  try {
    const page = id === "new" ? null : (await api("GET", `status-pages/${id}`)).data;
    editing = page;
    names = await monitorNames(page ? page.groups.flatMap((g) => g.monitor_ids) : []);
    groups = page ? page.groups.map((g) => ({ name: g.name, monitorIds: [...g.monitor_ids] })) : [{ name: "", monitorIds: [] }];
    root().innerHTML = formHtml(page);
    renderGroups();
    const form = $("#status-page-form");
    form.addEventListener("submit", onSubmit);
    form.addEventListener("click", onClick);
    form.addEventListener("input", onInput);
    form.addEventListener("monitor-picked", onPicked);
    showView("status-pages");
  } catch (error) {
    notify(error.message);
  }
}
