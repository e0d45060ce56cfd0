// The organization's members on the settings page, for its owners and admins: invite by email (the invitations API),
// change a role, remove; invitations not yet accepted, with revoke. Others do not see the panel.
import { api } from "./api.js";
import { $, clearFieldErrors, esc, notify, showFieldErrors, timeCell } from "./dom.js";

const ROLES = ["owner", "admin", "member", "viewer"];
const body = $("#members-body");

/** The organizations the user manages, and the one shown; instance admins may also create accounts here. */
let managed = [];
let organization = null;
let isInstanceAdmin = false;

const roleSelect = (m) => `<select data-role="${esc(m.user_id)}" aria-label="Role of ${esc(m.email)}">
${ROLES.map((r) => `<option${r === m.role ? " selected" : ""}>${r}</option>`).join("")}</select>`;

const memberRow = (m) => `<tr><td>${esc(m.email)}</td><td class="hide-narrow">${esc(m.name ?? "")}</td><td>${roleSelect(m)}</td>
<td class="hide-narrow">${timeCell(m.joined_at)}</td>
<td><button type="button" class="danger" data-remove="${esc(m.user_id)}" aria-label="Remove ${esc(m.email)}">Remove</button></td></tr>`;

const invitationRow = (i) => `<li>${esc(i.email)} as <b>${esc(i.role)}</b>, invited ${timeCell(i.created_at)}
<button type="button" data-revoke-invitation="${esc(i.id)}" aria-label="Revoke the invitation of ${esc(i.email)}">Revoke</button></li>`;

function pickerHtml() {
  if (managed.length < 2) return `<p>Members of <b>${esc(organization.name)}</b>.</p>`;
  const options = managed.map((o) => `<option value="${esc(o.id)}"${o.id === organization.id ? " selected" : ""}>${esc(o.name)}</option>`).join("");
  return `<label for="member-org">Organization</label><select id="member-org">${options}</select>`;
}

const inviteFormHtml = () => `<form id="invite-form" novalidate><h3>Invite someone</h3>
<label for="invite-email">Email</label>
<input id="invite-email" name="email" type="email" autocomplete="off" aria-describedby="err-invite-email">
<p class="field-error" id="err-invite-email" data-error-for="email"></p>
<label for="invite-role">Role</label>
<select id="invite-role" name="role">${ROLES.map((r) => `<option${r === "member" ? " selected" : ""}>${r}</option>`).join("")}</select>
<p class="field-error" data-error-for="role"></p>
${isInstanceAdmin ? `<label for="invite-password">Password for a new account <span class="hint" id="invite-password-hint">optional: creates the account and adds it at once</span></label>
<input id="invite-password" name="password" type="password" autocomplete="new-password" aria-describedby="err-invite-password invite-password-hint">
<p class="field-error" id="err-invite-password" data-error-for="password"></p>` : ""}
<div class="actions"><button type="submit" class="primary">Invite</button></div></form>`;

async function render() {
  const path = `organizations/${organization.id}`;
  const [members, invitations] = await Promise.all([api("GET", `${path}/members?limit=1000`), api("GET", `${path}/invitations?limit=1000`)]);
  body.innerHTML = `${pickerHtml()}
<div class="table-wrap"><table aria-labelledby="members-title"><thead><tr><th scope="col">Email</th><th scope="col" class="hide-narrow">Name</th>
<th scope="col">Role</th><th scope="col" class="hide-narrow">Joined</th><th scope="col"><span class="hide-narrow">Remove</span></th></tr></thead>
<tbody>${members.data.map(memberRow).join("")}</tbody></table></div>
${inviteFormHtml()}
<h3 id="pending-title">Invitations waiting</h3>${invitations.data.length ? `<ul class="pending" aria-labelledby="pending-title">${invitations.data.map(invitationRow).join("")}</ul>` : "<p>None.</p>"}`;
}

export async function loadMembers() {
  try {
    const [{ data }, { data: me }] = await Promise.all([api("GET", "organizations?limit=1000"), api("GET", "users/me")]);
    isInstanceAdmin = me.is_admin;
    managed = data.filter((o) => o.role === "owner" || o.role === "admin");
    $("#members").hidden = managed.length === 0;
    if (managed.length === 0) return;
    organization = managed.find((o) => o.id === organization?.id) ?? managed[0];
    await render();
  } catch (error) {
    notify(error.message);
  }
}

/** Runs a change, says so, and redraws (also after a refusal, so the controls show what is stored). */
async function change(request, done) {
  try {
    await request();
    notify(done, true);
  } catch (error) {
    notify(error.message);
  }
  await loadMembers();
}

const memberPath = (userId) => `organizations/${organization.id}/members/${encodeURIComponent(userId)}`;

body.addEventListener("change", (event) => {
  if (event.target.id === "member-org") {
    organization = managed.find((o) => o.id === event.target.value);
    return render().catch((error) => notify(error.message));
  }
  const select = event.target.closest("[data-role]");
  if (select) change(() => api("PATCH", memberPath(select.dataset.role), { role: select.value }), `Role changed to ${select.value}`);
});

body.addEventListener("click", (event) => {
  const remove = event.target.closest("[data-remove]");
  if (remove && confirm("Remove this member from the organization?")) change(() => api("DELETE", memberPath(remove.dataset.remove)), "Member removed");
  const revoke = event.target.closest("[data-revoke-invitation]");
  if (revoke) change(() => api("DELETE", `organizations/${organization.id}/invitations/${revoke.dataset.revokeInvitation}`), "Invitation revoked");
});

body.addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.target;
  clearFieldErrors(form);
  const email = form.elements.namedItem("email").value.trim();
  const role = form.elements.namedItem("role").value;
  const password = form.elements.namedItem("password")?.value;
  try {
    if (password) {
      await api("POST", "users", { email, password, organization_id: organization.id, role });
      notify(`Created the account ${email} and added it`, true);
      return await render();
    }
    const { data } = await api("POST", `organizations/${organization.id}/members`, { email, role });
    // instance admins may add an existing user at once (a member comes back, not an invitation)
    notify(data.user_id ? `Added ${email}` : `Invited ${email}: they join when they accept`, true);
    await render();
  } catch (error) {
    if (error.status === 400) showFieldErrors(form, error.details).forEach((m) => notify(m));
    else notify(error.status === 404 ? `No account has the email ${email} yet.` : error.message);
  }
});
