// A monitor row → the check its probe kind builds, with its options worked out once.
import type { MonitorRow } from "../domain/types.ts";
import { settingDefaults, unusable, type MonitorCheck } from "../probes/kind.ts";
import { probeKind } from "../probes/registry.ts";

export type { MonitorCheck };

export function monitorCheck(m: MonitorRow): MonitorCheck {
  const kind = probeKind(m.kind);
  if (!kind) return unusable(`unknown kind: ${m.kind}`);
  if (!kind.check) return unusable(`${m.kind} monitors are not checked`);
  return kind.check({ url: m.url ?? "", timeoutMs: m.timeoutSeconds * 1000, settings: { ...settingDefaults(kind), ...m.settings } });
}

/**
 * A fingerprint of what changes how or how often a monitor is checked; equal ones keep its place in the schedule.
 * Every setting of its kind counts, so a new setting cannot be forgotten here.
 */
export function checkSettingsKey(m: MonitorRow): number {
  return Bun.hash.crc32(JSON.stringify([m.kind, m.url, m.intervalSeconds, m.timeoutSeconds, m.settings]));
}
