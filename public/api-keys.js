// API keys on the settings page: list, create (the key is shown once), revoke.
import { api } from "./api.js";
import { $, clearFieldErrors, esc, notify, showFieldErrors, timeCell } from "./dom.js";

const form = $("#key-form");

const row = (k) => `<tr>
<td>${esc(k.name)}</td><td><code>${esc(k.prefix)}…</code></td><td>${esc(k.scope)}</td>
<td class="hide-narrow">${timeCell(k.created_at)}</td><td class="hide-narrow">${timeCell(k.last_used_at)}</td>
<td><button type="button" class="danger" data-revoke="${esc(k.id)}" aria-label="Revoke ${esc(k.name)}">Revoke</button></td>
</tr>`;

export async function loadKeys() {
  try {
    const { data } = await api("GET", "api-keys");
    $("#key-rows").innerHTML = data.length ? data.map(row).join("") : '<tr><td colspan="6">No API keys yet.</td></tr>';
  } catch (error) {
    notify(error.message);
  }
}

async function onCreate(event) {
  event.preventDefault();
  clearFieldErrors(form);
  const name = form.elements.namedItem("name").value.trim();
  const body = { scope: form.elements.namedItem("scope").value, ...(name ? { name } : {}) };
  try {
    const { data } = await api("POST", "api-keys", body);
    $("#key-value").value = data.key;
    $("#key-once").hidden = false;
    form.reset();
    await loadKeys();
  } catch (error) {
    if (error.status === 400) showFieldErrors(form, error.details).forEach((m) => notify(m));
    else notify(error.message);
  }
}

async function onRevoke(event) {
  const button = event.target.closest("[data-revoke]");
  if (!button || !confirm("Revoke this key? Scripts using it will stop working.")) return;
  try {
    await api("DELETE", `api-keys/${button.dataset.revoke}`);
    notify("Key revoked", true);
    await loadKeys();
  } catch (error) {
    notify(error.message);
  }
}

/** A key is shown once: coming back to the settings forgets it. */
export function forgetShownKey() {
  $("#key-once").hidden = true;
  $("#key-value").value = "";
}

form.addEventListener("submit", onCreate);
$("#key-rows").addEventListener("click", onRevoke);
