// The organization's own settings on the settings page: name, time zone and alert grouping window. Owners and admins
// edit them (PATCH /organizations/:id); other members see the values read-only.
import { api } from "./api.js";
import { $, clearFieldErrors, esc, notify, showFieldErrors } from "./dom.js";

const body = $("#organization-body");

/** The user's organizations and the one shown. */
let organizations = [];
let organization = null;

const canEdit = (o) => o.role === "owner" || o.role === "admin";
const grouping = (seconds) => (seconds ? `${seconds} s` : "off");

function pickerHtml() {
  if (organizations.length < 2) return "";
  const options = organizations.map((o) => `<option value="${esc(o.id)}"${o.id === organization.id ? " selected" : ""}>${esc(o.name)}</option>`).join("");
  return `<label for="org-pick">Organization</label><select id="org-pick">${options}</select>`;
}

/** One labelled input with its error slot, described by both the slot and a hint. */
const field = (name, label, attributes, hint = "") => `<label for="org-${name}">${label}${hint ? ` <span class="hint" id="org-${name}-hint">${hint}</span>` : ""}</label>
<input id="org-${name}" name="${name}" ${attributes} aria-describedby="err-org-${name}${hint ? ` org-${name}-hint` : ""}">
<p class="field-error" id="err-org-${name}" data-error-for="${name}"></p>`;

const formHtml = (o) => `<form id="organization-form" novalidate>
${field("name", "Name", `value="${esc(o.name)}" maxlength="200" autocomplete="off"`)}
${field("timezone", "Time zone", `value="${esc(o.timezone)}" list="time-zones" autocomplete="off"`, "alerts show times in it, e.g. Europe/Berlin")}
${field("alert_group_seconds", "Alert grouping window (seconds)", `type="number" inputmode="numeric" min="0" max="600" step="1" value="${esc(o.alert_group_seconds)}"`, "flips within it go out as one message; 0 sends each alone")}
<div class="actions"><button type="submit" class="primary">Save</button></div></form>`;

const readOnlyHtml = (o) => `<dl class="facts"><dt>Name</dt><dd>${esc(o.name)}</dd><dt>Time zone</dt><dd>${esc(o.timezone)}</dd>
<dt>Alert grouping window</dt><dd>${grouping(o.alert_group_seconds)}</dd></dl><p class="hint">Only owners and admins change these.</p>`;

const render = () => (body.innerHTML = `${pickerHtml()}${canEdit(organization) ? formHtml(organization) : readOnlyHtml(organization)}`);

export async function loadOrganization() {
  try {
    ({ data: organizations } = await api("GET", "organizations?limit=1000"));
    $("#organization").hidden = organizations.length === 0;
    if (organizations.length === 0) return;
    organization = organizations.find((o) => o.id === organization?.id) ?? organizations[0];
    render();
  } catch (error) {
    notify(error.message);
  }
}

/** The number as typed: a blank or a fraction goes to the API as is, so its 400 explains what is wrong. */
const numberOf = (text) => (text.trim() === "" || Number.isNaN(Number(text)) ? text : Number(text));

body.addEventListener("change", (event) => {
  if (event.target.id !== "org-pick") return;
  organization = organizations.find((o) => o.id === event.target.value);
  render();
});

body.addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.target;
  clearFieldErrors(form);
  const value = (name) => form.elements.namedItem(name).value;
  try {
    const { data } = await api("PATCH", `organizations/${organization.id}`, {
      name: value("name").trim(), timezone: value("timezone").trim(), alert_group_seconds: numberOf(value("alert_group_seconds")),
    });
    organizations = organizations.map((o) => (o.id === data.id ? data : o));
    organization = data;
    render();
    notify(`Saved the settings of ${data.name}`, true);
  } catch (error) {
    if (error.status === 400) showFieldErrors(form, error.details).forEach((m) => notify(m));
    else notify(error.message);
  }
});
