// The monitor form's kinds and fields, from the probe kinds' registry and the shared spec: the UI renders what
// these list, so the form and the API's validation cannot drift apart.
import { DEFAULT_INTERVAL_SECONDS, settingDefaults } from "../probes/kind.ts";
import { derived, probeKinds } from "../probes/registry.ts";
import { COMMON_FORM, commonDefaults } from "../monitors/spec.ts";

export const probeKindsForm = derived(() =>
  JSON.stringify(
    probeKinds().map((kind) => ({
      name: kind.name,
      label: kind.label,
      target: kind.target ? { label: kind.target.label, example: kind.target.example } : null,
      checked: kind.check !== undefined,
      default_interval_seconds: kind.defaultIntervalSeconds ?? DEFAULT_INTERVAL_SECONDS,
      fields: Object.entries(kind.settings)
        .filter(([, setting]) => setting.form)
        .map(([name, setting]) => ({ name, ...setting.form, ...(setting.secret ? { secret: true } : {}), default: settingDefaults(kind)[name] })),
    })),
  ),
);

/** The fields every monitor shares, in the form's order. */
export const monitorFieldsForm = derived(() => {
  const defaults = commonDefaults();
  return JSON.stringify(Object.entries(COMMON_FORM).map(([name, form]) => ({ name, ...form, default: defaults[name] ?? null })));
});
