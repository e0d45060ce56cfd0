import { and, eq, gte, lt, max, sql } from "drizzle-orm";
import type { Db } from "../db/open.ts";
import { checkRollups, checks, monitors } from "../db/schema.ts";
import type { CheckRollupRow } from "../domain/types.ts";
import type { RawCheck, RollupsStore } from "./store.ts";

export function rollupsStore(db: Db): RollupsStore {
  return {
    /** Every monitor that may have checks, for the hourly job (heartbeats have pulses instead). */
    checkedMonitorSeqs: (): number[] =>
      db.select({ seq: monitors.seq }).from(monitors).where(sql`${monitors.kind} != 'heartbeat'`).orderBy(monitors.seq).all().map((r) => r.seq),
    /** Start of the newest rolled-up hour of a monitor. */
    lastHour: (monitorSeq: number): number | null =>
      db.select({ at: max(checkRollups.hourStart) }).from(checkRollups).where(eq(checkRollups.monitorSeq, monitorSeq)).get()?.at ?? null,
    /** Roll-ups with `fromMs <= hour_start < toMs`. */
    between: (monitorSeq: number, fromMs: number, toMs: number): CheckRollupRow[] =>
      db.select().from(checkRollups)
        .where(and(eq(checkRollups.monitorSeq, monitorSeq), gte(checkRollups.hourStart, fromMs), lt(checkRollups.hourStart, toMs))).all(),
    /** Raw checks with `fromMs <= checked_at < toMs`, oldest first. */
    rawBetween: (monitorSeq: number, fromMs: number, toMs: number): RawCheck[] =>
      db.select({ checkedAt: checks.checkedAt, isUp: checks.isUp, responseTimeMs: checks.responseTimeMs }).from(checks)
        .where(and(eq(checks.monitorSeq, monitorSeq), gte(checks.checkedAt, fromMs), lt(checks.checkedAt, toMs)))
        .orderBy(checks.checkedAt).all(),
    countsBetween(monitorSeq: number, fromMs: number, toMs: number, raw: [number, number][]) {
      const rolled = db.select({ checks: sql<number>`coalesce(sum(${checkRollups.checks}), 0)`, up: sql<number>`coalesce(sum(${checkRollups.upChecks}), 0)` })
        .from(checkRollups)
        .where(and(eq(checkRollups.monitorSeq, monitorSeq), gte(checkRollups.hourStart, fromMs), lt(checkRollups.hourStart, toMs))).get()!;
      for (const [rawFrom, rawTo] of raw) {
        const found = db.select({ checks: sql<number>`count(*)`, up: sql<number>`coalesce(sum(${checks.isUp}), 0)` }).from(checks)
          .where(and(eq(checks.monitorSeq, monitorSeq), gte(checks.checkedAt, rawFrom), lt(checks.checkedAt, rawTo))).get()!;
        rolled.checks += found.checks;
        rolled.up += found.up;
      }
      return rolled;
    },
    /** Writes roll-ups (replacing an hour rolled up before) in one transaction. */
    save(rows: CheckRollupRow[]): void {
      if (rows.length === 0) return;
      db.transaction((tx) => {
        for (let i = 0; i < rows.length; i += 500) {
          tx.insert(checkRollups).values(rows.slice(i, i + 500)).onConflictDoUpdate({
            target: [checkRollups.monitorSeq, checkRollups.hourStart],
            set: {
              checks: sql`excluded.checks`, upChecks: sql`excluded.up_checks`, responseTimeSumMs: sql`excluded.response_time_sum_ms`,
              responseTimeMinMs: sql`excluded.response_time_min_ms`, responseTimeMaxMs: sql`excluded.response_time_max_ms`,
              responseTimeSketch: sql`excluded.response_time_sketch`,
            },
          }).run();
        }
      });
    },
    /** Drops raw checks before `checksBeforeMs` and roll-ups before `rollupsBeforeMs` for some monitors, in one transaction. */
    prune(monitorSeqs: number[], checksBeforeMs: number, rollupsBeforeMs: number): void {
      db.transaction((tx) => {
        for (const seq of monitorSeqs) {
          tx.delete(checks).where(and(eq(checks.monitorSeq, seq), lt(checks.checkedAt, checksBeforeMs))).run();
          tx.delete(checkRollups).where(and(eq(checkRollups.monitorSeq, seq), lt(checkRollups.hourStart, rollupsBeforeMs))).run();
        }
      });
    },
  };
}
