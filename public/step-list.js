// A compact list editor for escalation steps ({ after_minutes, channel_ids }): one row per step, added and removed
// in place; each row's error slots carry the API's field names (escalations[0].after_minutes …).
import { esc } from "./dom.js";

const channelsOf = (fieldset) => JSON.parse(fieldset.dataset.channels);
const editorOf = (form, name) => form.querySelector(`[data-steps="${CSS.escape(name)}"]`);

function rowHtml(fieldset, i, step) {
  const name = fieldset.dataset.steps;
  const id = `${fieldset.id}-${i}`;
  const boxes = channelsOf(fieldset).map((c) => `<label class="check"><input type="checkbox" data-step-channel value="${esc(c.id)}"${(step.channel_ids ?? []).includes(c.id) ? " checked" : ""}>${esc(c.name)}</label>`).join("");
  return `<li data-step><fieldset><legend>Step ${i + 1}</legend>
<label for="${id}-after">After (minutes)</label>
<input id="${id}-after" type="number" min="1" max="10080" data-step-after value="${esc(step.after_minutes ?? "")}" aria-describedby="${id}-after-error">
<p class="field-error" id="${id}-after-error" data-error-for="${esc(name)}[${i}].after_minutes"></p>
<div role="group" aria-label="Channels told at step ${i + 1}">${boxes || '<p class="hint">No notification channels yet: add one under Settings.</p>'}</div>
<p class="field-error" data-error-for="${esc(name)}[${i}].channel_ids"></p>
<button type="button" data-remove-step="${i}">Remove step ${i + 1}</button></fieldset></li>`;
}

/** The editor, empty; `writeSteps` fills it. */
export function stepsHtml(f, { id, hint, described, channels }) {
  const data = esc(JSON.stringify(channels.map((c) => ({ id: c.id, name: c.name }))));
  return `<fieldset class="steps" id="${esc(id)}" data-steps="${esc(f.name)}" data-channels="${data}" ${described}>
<legend>${esc(f.label)}${hint}</legend><ol class="step-list"></ol>
<button type="button" data-add-step>Add a step</button></fieldset>`;
}

export function readSteps(form, name) {
  const editor = editorOf(form, name);
  if (!editor) return undefined;
  return [...editor.querySelectorAll("[data-step]")].map((row) => {
    const after = row.querySelector("[data-step-after]").value.trim();
    return {
      after_minutes: after === "" ? null : Number(after),
      channel_ids: [...row.querySelectorAll("[data-step-channel]:checked")].map((box) => box.value),
    };
  });
}

export function writeSteps(form, name, steps) {
  const editor = editorOf(form, name);
  if (editor) editor.querySelector(".step-list").innerHTML = steps.map((step, i) => rowHtml(editor, i, step)).join("");
}

document.addEventListener("click", (event) => {
  const editor = event.target.closest("[data-steps]");
  if (!editor) return;
  const form = editor.closest("form");
  const steps = readSteps(form, editor.dataset.steps);
  if (event.target.closest("[data-add-step]")) {
    writeSteps(form, editor.dataset.steps, [...steps, { after_minutes: null, channel_ids: [] }]);
    editor.querySelector(`#${CSS.escape(editor.id)}-${steps.length}-after`).focus();
  } else if (event.target.closest("[data-remove-step]")) {
    steps.splice(Number(event.target.closest("[data-remove-step]").dataset.removeStep), 1);
    writeSteps(form, editor.dataset.steps, steps);
    editor.querySelector("[data-add-step]").focus();
  }
});
