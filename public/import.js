// The settings page's import form: another tool's file uploaded to POST /import, its report shown as a list.
import { $, clearFieldErrors, esc, notify, showFieldErrors } from "./dom.js";

const form = $("#import-form");
const HEADINGS = { imported: "Imported", approximate: "Imported approximately", existing: "Already imported", skipped: "Skipped" };

function showReport(report) {
  const groups = Object.entries(HEADINGS).map(([outcome, heading]) => {
    const items = report.items.filter((i) => i.outcome === outcome);
    if (items.length === 0) return "";
    const lines = items.map((i) => `<li>${esc(i.what)} <strong>${esc(i.name)}</strong>${i.detail && outcome !== "existing" ? `: ${esc(i.detail)}` : ""}</li>`);
    return `<h3>${heading} (${items.length})</h3><ul>${lines.join("")}</ul>`;
  });
  $("#import-report").innerHTML = `${report.dry_run ? "<p><strong>Dry run: nothing was written.</strong></p>" : ""}${groups.join("")}`;
}

async function onImport(event) {
  event.preventDefault();
  clearFieldErrors(form);
  const body = new FormData(form);
  if (!body.get("source")) body.delete("source");
  let response;
  try {
    response = await fetch("api/v1/import", { method: "POST", body, credentials: "same-origin", headers: { Accept: "application/json" } });
  } catch {
    notify("Cannot reach the upbeat server. Check the connection and try again.");
    return;
  }
  const data = await response.json().catch(() => null);
  if (response.ok) {
    showReport(data);
    notify(data.dry_run ? "Dry run done" : "Imported", true);
    return;
  }
  const error = data?.error ?? {};
  if (response.status === 400 && error.details) showFieldErrors(form, error.details).forEach((m) => notify(m));
  else notify(error.message ?? `Import failed (${response.status})`);
}

form.addEventListener("submit", onImport);
