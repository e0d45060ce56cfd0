// A channel's quiet hours on its form: start and end (empty for none), the zone they are read in, and the days a
// quiet span starts on (none ticked: every day). Errors land by the API's names (quiet_hours.start, …).
const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const box = (day) => `<label class="check"><input type="checkbox" name="quiet_day" value="${day}">${day}</label>`;

export function renderQuietHours(fieldset) {
  const input = (name, type, label, extra = "") => `<label for="c-quiet-${name}">${label}</label>
<input type="${type}" id="c-quiet-${name}" name="quiet_hours.${name}" aria-describedby="err-c-quiet-${name}"${extra}>
<p class="field-error" id="err-c-quiet-${name}" data-error-for="quiet_hours.${name}"></p>`;
  fieldset.innerHTML = `<legend>Quiet hours</legend>
<p class="hint">Alerts due in this span are held and sent as one digest when it ends; critical monitors go through. Leave start and end empty for none.</p>
${input("start", "time", "Start")}${input("end", "time", "End (before start: past midnight)")}
${input("timezone", "text", "Time zone", ' list="time-zones" placeholder="Europe/Berlin"')}
<fieldset class="choices" aria-describedby="err-c-quiet-days"><legend>Starting on (none: every day)</legend>${DAYS.map(box).join("")}</fieldset>
<p class="field-error" id="err-c-quiet-days" data-error-for="quiet_hours.days"></p>
<p class="field-error" data-error-for="quiet_hours"></p>`;
}

const control = (fieldset, name) => fieldset.querySelector(`[name="quiet_hours.${name}"]`);

/** `quiet` as the API has it (null for none); a new channel's zone is the browser's. */
export function writeQuietHours(fieldset, quiet) {
  control(fieldset, "start").value = quiet?.start ?? "";
  control(fieldset, "end").value = quiet?.end ?? "";
  control(fieldset, "timezone").value = quiet?.timezone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  for (const day of fieldset.querySelectorAll("[name=quiet_day]")) day.checked = quiet?.days?.includes(day.value) ?? false;
}

/** The body's `quiet_hours`: null when start and end are both empty. */
export function readQuietHours(fieldset) {
  const [start, end, timezone] = ["start", "end", "timezone"].map((name) => control(fieldset, name).value.trim());
  if (!start && !end) return null;
  const days = [...fieldset.querySelectorAll("[name=quiet_day]:checked")].map((day) => day.value);
  return { start, end, timezone, ...(days.length ? { days } : {}) };
}
