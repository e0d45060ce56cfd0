// The bar of bulk actions for the selected monitors: pause, resume, delete (after a confirmation) and move,
// each one call to POST api/v1/monitors/bulk, which answers per monitor.
import { api } from "./api.js";
import { $, esc, notify } from "./dom.js";

const DONE = { pause: "Paused", resume: "Resumed", delete: "Deleted", move: "Moved" };

/**
 * `selected` is the Set of chosen ids; `applied(action, okIds, projectId)` updates the list after a call.
 * Returns `refresh(projects)`, which shows the bar for the current selection.
 */
export function wireBulk({ selected, applied }) {
  const bar = $("#bulk");

  async function run(action) {
    const ids = [...selected];
    if (ids.length === 0) return;
    const projectId = action === "move" ? $("#bulk-project").value : undefined;
    if (action === "move" && !projectId) return notify("Choose the project to move them to.");
    if (action === "delete" && !confirm(`Delete ${ids.length} monitor${ids.length === 1 ? "" : "s"} and all their history? This cannot be undone.`)) return;
    for (const button of bar.querySelectorAll("button")) button.disabled = true;
    try {
      const { data } = await api("POST", "monitors/bulk", { action, ids, project_id: projectId });
      const ok = data.results.filter((r) => r.ok).map((r) => r.id);
      const failed = data.results.filter((r) => !r.ok);
      applied(action, ok, projectId);
      if (failed.length) notify(`${DONE[action]} ${ok.length}; ${failed.length} not: ${failed[0].error.message}`);
      else notify(`${DONE[action]} ${ok.length} monitor${ok.length === 1 ? "" : "s"}.`, true);
    } catch (error) {
      notify(error.message);
    } finally {
      for (const button of bar.querySelectorAll("button")) button.disabled = false;
    }
  }

  bar.addEventListener("click", (event) => {
    const action = event.target.closest("button[data-bulk]")?.dataset.bulk;
    if (action) run(action);
  });

  return function refresh(projects) {
    bar.hidden = selected.size === 0;
    $("#bulk-count").textContent = `${selected.size} selected`;
    const choice = $("#bulk-project");
    const current = choice.value;
    choice.innerHTML = '<option value="">choose a project</option>' + projects.map((p) => `<option value="${esc(p.id)}">${esc(p.name)}</option>`).join("");
    choice.value = current;
  };
}
