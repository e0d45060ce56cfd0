// The settings page: projects (create, rename, delete) here; keys, channels, maintenance, members and the organization load their own panels.
import { api } from "./api.js";
import { $, clearFieldErrors, esc, notify, showFieldErrors, showView, timeCell } from "./dom.js";
import { forgetShownKey, loadKeys } from "./api-keys.js";
import { loadChannels } from "./channels.js";
import { loadMaintenance } from "./maintenance.js";
import { loadMembers } from "./members.js";
import { loadOrganization } from "./organization.js";
import { monitorsChanged } from "./monitors.js";

const form = $("#project-form");

const row = (p) => `<tr data-project="${esc(p.id)}">
<td><form class="rename" novalidate><input name="name" value="${esc(p.name)}" maxlength="200" aria-label="Name of project ${esc(p.name)}">
<button type="submit">Rename</button></form>${p.is_default ? '<span class="tag">default</span>' : ""}</td>
<td class="hide-narrow">${timeCell(p.created_at)}</td>
<td><button type="button" class="danger" data-delete-project aria-label="Delete project ${esc(p.name)}">Delete</button></td>
</tr>`;

async function loadProjects() {
  try {
    const { data } = await api("GET", "projects?limit=1000");
    $("#project-rows").innerHTML = data.map(row).join("");
  } catch (error) {
    notify(error.message);
  }
}

/** `section`: projects, keys, channels, import, maintenance, members or organization, scrolled to. */
export function showSettings(section) {
  showView("settings");
  forgetShownKey();
  Promise.all([loadProjects(), loadKeys(), loadChannels(), loadMaintenance(), loadMembers(), loadOrganization()]).then(() => {
    if (section) $(`#${section} h2`).scrollIntoView();
  });
}

async function onCreate(event) {
  event.preventDefault();
  clearFieldErrors(form);
  try {
    const { data } = await api("POST", "projects", { name: form.elements.namedItem("name").value.trim() });
    form.reset();
    notify(`Created project ${data.name}`, true);
    await loadProjects();
  } catch (error) {
    if (error.status === 400) showFieldErrors(form, error.details).forEach((m) => notify(m));
    else notify(error.message);
  }
}

async function onRename(event) {
  event.preventDefault();
  const id = event.target.closest("[data-project]").dataset.project;
  const name = event.target.elements.namedItem("name").value.trim();
  try {
    await api("PATCH", `projects/${id}`, { name });
    notify(`Renamed to ${name}`, true);
    monitorsChanged();
    await loadProjects();
  } catch (error) {
    notify(error.status === 400 ? `Name: ${error.details.map((d) => d.message).join("; ")}` : error.message);
  }
}

async function onDelete(event) {
  const button = event.target.closest("[data-delete-project]");
  if (!button) return;
  const id = button.closest("[data-project]").dataset.project;
  if (!confirm("Delete this project? Only an empty project can be deleted.")) return;
  try {
    await api("DELETE", `projects/${id}`);
    notify("Project deleted", true);
    await loadProjects();
  } catch (error) {
    notify(error.message);
  }
}

form.addEventListener("submit", onCreate);
$("#project-rows").addEventListener("submit", onRename);
$("#project-rows").addEventListener("click", onDelete);
