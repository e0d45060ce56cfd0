import { and, asc, eq, gte, lt, max, ne, sql } from "drizzle-orm";
import { checkRollups, checks, monitors } from "../../db/postgres/schema.ts";
import { first, run, type PgDb } from "../../db/postgres/session.ts";
import type { CheckRollupRow } from "../../domain/types.ts";
import type { RawCheck, RollupsStore } from "../store.ts";
import { rawRows } from "./raw.ts";

export function rollupsStore(db: PgDb): RollupsStore {
  const hoursOf = (monitorSeq: number, fromMs: number, toMs: number) =>
    and(eq(checkRollups.monitorSeq, monitorSeq), gte(checkRollups.hourStart, fromMs), lt(checkRollups.hourStart, toMs));
  return {
    checkedMonitorSeqs: (): number[] =>
      run(db.select({ seq: monitors.seq }).from(monitors).where(ne(monitors.kind, "heartbeat")).orderBy(asc(monitors.seq))).map((r) => r.seq),
    lastHour: (monitorSeq: number): number | null =>
      first(db.select({ at: max(checkRollups.hourStart) }).from(checkRollups).where(eq(checkRollups.monitorSeq, monitorSeq)))?.at ?? null,
    between: (monitorSeq: number, fromMs: number, toMs: number): CheckRollupRow[] =>
      run(db.select().from(checkRollups).where(hoursOf(monitorSeq, fromMs, toMs)).orderBy(asc(checkRollups.hourStart))),
    rawBetween: (monitorSeq: number, fromMs: number, toMs: number): RawCheck[] =>
      run(db.select({ checkedAt: checks.checkedAt, isUp: checks.isUp, responseTimeMs: checks.responseTimeMs }).from(checks)
        .where(and(eq(checks.monitorSeq, monitorSeq), gte(checks.checkedAt, fromMs), lt(checks.checkedAt, toMs)))
        .orderBy(asc(checks.checkedAt))),
    /** The roll-ups and every raw span in one query. */
    countsBetween(monitorSeq: number, fromMs: number, toMs: number, raw: [number, number][]) {
      const [counts] = rawRows<{ checks: string; up: string }>(db, sql`
        SELECT coalesce(sum(n), 0) AS checks, coalesce(sum(up), 0) AS up FROM (
          SELECT checks AS n, up_checks AS up FROM check_rollups
            WHERE monitor_seq = ${monitorSeq} AND hour_start >= ${fromMs} AND hour_start < ${toMs}
          UNION ALL
          SELECT 1, c.is_up::int FROM unnest(${sql.param(raw.map((s) => s[0]))}::bigint[], ${sql.param(raw.map((s) => s[1]))}::bigint[]) s(f, t)
            JOIN checks c ON c.monitor_seq = ${monitorSeq} AND c.checked_at >= s.f AND c.checked_at < s.t
        ) counted`);
      return { checks: Number(counts!.checks), up: Number(counts!.up) };
    },
    /** One statement for the batch (unnest), replacing an hour rolled up before. */
    save(rows: CheckRollupRow[]): void {
      if (rows.length === 0) return;
      // an hour given twice: the later wins, as when written one after another (one statement may not update a row twice)
      const hours = [...new Map(rows.map((r) => [`${r.monitorSeq}:${r.hourStart}`, r])).values()];
      const column = <T>(pick: (r: CheckRollupRow) => T) => sql.param(hours.map(pick));
      run(db.execute(sql`
        INSERT INTO check_rollups (monitor_seq, hour_start, checks, up_checks, response_time_sum_ms, response_time_min_ms,
          response_time_max_ms, response_time_sketch)
        SELECT * FROM unnest(${column((r) => r.monitorSeq)}::int[], ${column((r) => r.hourStart)}::bigint[],
          ${column((r) => r.checks)}::int[], ${column((r) => r.upChecks)}::int[], ${column((r) => r.responseTimeSumMs)}::int[],
          ${column((r) => r.responseTimeMinMs)}::int[], ${column((r) => r.responseTimeMaxMs)}::int[], ${column((r) => r.responseTimeSketch)}::text[])
        ON CONFLICT (monitor_seq, hour_start) DO UPDATE SET checks = excluded.checks, up_checks = excluded.up_checks,
          response_time_sum_ms = excluded.response_time_sum_ms, response_time_min_ms = excluded.response_time_min_ms,
          response_time_max_ms = excluded.response_time_max_ms, response_time_sketch = excluded.response_time_sketch`));
    },
    /** Both deletes in one statement. */
    prune(monitorSeqs: number[], checksBeforeMs: number, rollupsBeforeMs: number): void {
      const seqs = sql.param(monitorSeqs);
      run(db.execute(sql`
        WITH raw AS (DELETE FROM checks WHERE monitor_seq = ANY(${seqs}::int[]) AND checked_at < ${checksBeforeMs})
        DELETE FROM check_rollups WHERE monitor_seq = ANY(${seqs}::int[]) AND hour_start < ${rollupsBeforeMs}`));
    },
  };
}
