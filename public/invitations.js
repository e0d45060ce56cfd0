// Invitations to the signed-in user's email, above the monitors: accept (join the organization) or decline.
import { api } from "./api.js";
import { $, esc, notify } from "./dom.js";
import { monitorsChanged, showMonitors } from "./monitors.js";

const item = (i) => `<li>
<span><b>${esc(i.organization_name)}</b> invites you to join as <b>${esc(i.role)}</b>${i.invited_by_email ? ` (from ${esc(i.invited_by_email)})` : ""}</span>
<span class="answers">
<button type="button" class="primary" data-answer="accept" data-id="${esc(i.id)}" aria-label="Accept the invitation to ${esc(i.organization_name)}">Accept</button>
<button type="button" data-answer="decline" data-id="${esc(i.id)}" aria-label="Decline the invitation to ${esc(i.organization_name)}">Decline</button>
</span></li>`;

export async function loadInvitations() {
  try {
    const { data } = await api("GET", "invitations");
    $("#invitation-list").innerHTML = data.map(item).join("");
    $("#invitations").hidden = data.length === 0;
  } catch (error) {
    notify(error.message);
  }
}

/** Forgets the last user's invitations (on logout). */
export function clearInvitations() {
  $("#invitations").hidden = true;
  $("#invitation-list").innerHTML = "";
}

async function onAnswer(event) {
  const button = event.target.closest("[data-answer]");
  if (!button) return;
  const { answer, id } = button.dataset;
  for (const b of button.parentElement.querySelectorAll("button")) b.disabled = true;
  try {
    const { data } = await api("POST", `invitations/${id}/${answer}`);
    if (answer === "accept") {
      notify(`You joined ${data.name}.`, true);
      // its monitors belong in the list now
      monitorsChanged();
      showMonitors();
    } else {
      notify("Invitation declined.", true);
    }
  } catch (error) {
    notify(error.message);
  }
  await loadInvitations();
}

$("#invitation-list").addEventListener("click", onAnswer);
