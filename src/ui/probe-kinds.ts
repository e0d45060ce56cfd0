// The form's kinds and fields, from the probe kinds' registry: the UI renders what this lists.
import { DEFAULT_INTERVAL_SECONDS, settingDefaults } from "../probes/kind.ts";
import { derived, probeKinds } from "../probes/registry.ts";

export const probeKindsForm = derived(() =>
  JSON.stringify(
    probeKinds().map((kind) => ({
      name: kind.name,
      label: kind.label,
      target: kind.target ? { label: kind.target.label, example: kind.target.example } : null,
      default_interval_seconds: kind.defaultIntervalSeconds ?? DEFAULT_INTERVAL_SECONDS,
      fields: Object.entries(kind.settings)
        .filter(([, setting]) => setting.form)
        .map(([name, setting]) => ({ name, ...setting.form, default: settingDefaults(kind)[name] })),
    })),
  ),
);
