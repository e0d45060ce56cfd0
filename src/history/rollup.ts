// The hourly job: roll finished hours of raw checks into check_rollups, then drop what retention allows.
import type { CheckRollupRow } from "../domain/types.ts";
import type { Store } from "../store/index.ts";
import type { RawCheck } from "../store/store.ts";
import { addToSketch, encodeSketch, type Sketch } from "./sketch.ts";

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
export const ROLLUP_RETENTION_DAYS = 400;

/** Monitors handled per transaction; the event loop (and so the scheduler) gets a turn between chunks. */
const CHUNK = 500;

export const floorHour = (ms: number) => Math.floor(ms / HOUR_MS) * HOUR_MS;

/** One monitor's raw checks → one roll-up row per hour they fall in. */
export function summarizeByHour(monitorSeq: number, raw: RawCheck[]): CheckRollupRow[] {
  const hours = new Map<number, CheckRollupRow & { sketch: Sketch }>();
  for (const c of raw) {
    const hourStart = floorHour(c.checkedAt);
    let row = hours.get(hourStart);
    if (!row) {
      row = {
        monitorSeq, hourStart, checks: 0, upChecks: 0, responseTimeSumMs: 0, responseTimeMinMs: c.responseTimeMs,
        responseTimeMaxMs: c.responseTimeMs, responseTimeSketch: "", sketch: new Map(),
      };
      hours.set(hourStart, row);
    }
    row.checks++;
    if (c.isUp) row.upChecks++;
    row.responseTimeSumMs += c.responseTimeMs;
    row.responseTimeMinMs = Math.min(row.responseTimeMinMs, c.responseTimeMs);
    row.responseTimeMaxMs = Math.max(row.responseTimeMaxMs, c.responseTimeMs);
    addToSketch(row.sketch, c.responseTimeMs);
  }
  return [...hours.values()].map(({ sketch, ...row }) => ({ ...row, responseTimeSketch: encodeSketch(sketch) }));
}

export async function runMaintenance(store: Store, now: number, retentionDays: number): Promise<{ rolledUp: number }> {
  const upTo = floorHour(now);
  const oldestRaw = now - retentionDays * DAY_MS;
  const seqs = store.rollups.checkedMonitorSeqs();
  let rolledUp = 0;
  for (let i = 0; i < seqs.length; i += CHUNK) {
    const chunk = seqs.slice(i, i + CHUNK);
    const rows: CheckRollupRow[] = [];
    for (const seq of chunk) {
      const last = store.rollups.lastHour(seq);
      // from the hour after the last roll-up; raw checks older than retention are gone anyway
      const from = Math.max(last === null ? 0 : last + HOUR_MS, floorHour(oldestRaw));
      if (from < upTo) rows.push(...summarizeByHour(seq, store.rollups.rawBetween(seq, from, upTo)));
    }
    store.rollups.save(rows);
    store.rollups.prune(chunk, oldestRaw, now - ROLLUP_RETENTION_DAYS * DAY_MS);
    rolledUp += rows.length;
    await Bun.sleep(0);
  }
  return { rolledUp };
}
