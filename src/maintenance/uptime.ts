// Uptime without maintenance: the checks made while a window covering the monitor was on are taken out of
// its counts (as Uptime Kuma counts it). Only raw checks can be told apart, so spans older than the raw
// checks' retention still count; response times keep every check.
import type { MonitorRow } from "../domain/types.ts";
import type { Store } from "../store/index.ts";
import { occurrencesBetween, type Occurrence } from "./windows.ts";

/** The spans of the monitor's active windows in [fromMs, toMs), merged where they overlap. */
export function maintenanceSpans(store: Store, monitor: Pick<MonitorRow, "id" | "projectId">, fromMs: number, toMs: number): Occurrence[] {
  const spans = store.maintenance.covering(monitor.id, monitor.projectId)
    .flatMap((w) => occurrencesBetween(w, fromMs, toMs))
    .map((o) => ({ start: Math.max(o.start, fromMs), end: Math.min(o.end, toMs) }))
    .sort((a, b) => a.start - b.start);
  const merged: Occurrence[] = [];
  for (const span of spans) {
    const last = merged.at(-1);
    if (last && span.start <= last.end) last.end = Math.max(last.end, span.end);
    else merged.push(span);
  }
  return merged;
}

/** Counts with the checks inside maintenance taken out. */
export function withoutMaintenance(
  store: Store, monitor: Pick<MonitorRow, "id" | "projectId" | "seq">, counts: { total: number; up: number }, fromMs: number, toMs: number,
): { total: number; up: number } {
  let { total, up } = counts;
  for (const span of maintenanceSpans(store, monitor, fromMs, toMs)) {
    for (const check of store.rollups.rawBetween(monitor.seq, span.start, span.end)) {
      total--;
      if (check.isUp) up--;
    }
  }
  return { total, up };
}
