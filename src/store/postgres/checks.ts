import { and, desc, eq, lt, sql, type SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import type { PgConnection } from "../../db/postgres/connection.ts";
import { checks } from "../../db/postgres/schema.ts";
import { run, type PgDb } from "../../db/postgres/session.ts";
import type { CheckRow } from "../../domain/types.ts";
import { recordedChecksCounter } from "../recorded-checks.ts";
import type { CheckProgress, ChecksStore, NewCheck } from "../store.ts";
import { rawRows } from "./raw.ts";

/** Columns and rows to insert, as one array per column: a batch of any size is one statement with seven parameters. */
const checkColumns = (rows: NewCheck[]) => sql`(monitor_seq, checked_at, is_up, status_code, response_time_ms, error_message, region_id)
  SELECT c.* FROM unnest(
  ${sql.param(rows.map((r) => r.monitorSeq))}::int[], ${sql.param(rows.map((r) => r.checkedAt))}::bigint[],
  ${sql.param(rows.map((r) => r.isUp))}::boolean[], ${sql.param(rows.map((r) => r.statusCode))}::int[],
  ${sql.param(rows.map((r) => r.responseTimeMs))}::int[], ${sql.param(rows.map((r) => r.errorMessage))}::text[],
  ${sql.param(rows.map((r) => r.regionId ?? 0))}::int[])
  AS c(monitor_seq, checked_at, is_up, status_code, response_time_ms, error_message, region_id)`;

/**
 * One statement, so one round trip and atomic: the monitors' progress, then the checks of those still there.
 * A monitor deleted meanwhile matches no row of the UPDATE, and its checks are skipped. The monitor rows are locked
 * in seq order first, as a bulk edit takes them (monitors/bulk.ts): in the scan's order (where each row's newest
 * version lies) the two could wait on each other, and PostgreSQL would abort one of them (deadlock).
 */
function recordQuery(rows: NewCheck[], progress: Iterable<CheckProgress>): SQL {
  // the last progress of a monitor wins, as when applied one after another
  const moves = [...new Map([...progress].map((p) => [p.monitorSeq, p])).values()];
  return sql`
    WITH p AS (
      SELECT * FROM unnest(${sql.param(moves.map((p) => p.monitorSeq))}::int[], ${sql.param(moves.map((p) => p.lastCheckedAt))}::bigint[],
        ${sql.param(moves.map((p) => p.nextDueAt))}::bigint[], ${sql.param(moves.map((p) => p.failStreak))}::int[],
        ${sql.param(moves.map((p) => p.successStreak))}::int[], ${sql.param(moves.map((p) => p.details))}::text[])
        AS p(seq, last_checked_at, next_due_at, fail_streak, success_streak, details)
    ), locked AS MATERIALIZED (
      SELECT seq FROM monitors WHERE seq IN (SELECT seq FROM p) ORDER BY seq FOR NO KEY UPDATE
    ), moved AS (
      UPDATE monitors m SET last_checked_at = p.last_checked_at, next_due_at = p.next_due_at, fail_streak = p.fail_streak,
        success_streak = p.success_streak, last_details = p.details::json
      FROM p JOIN locked USING (seq) WHERE m.seq = p.seq RETURNING m.seq
    ), gone AS (SELECT seq FROM p EXCEPT SELECT seq FROM moved), written AS (
      INSERT INTO checks ${checkColumns(rows)} WHERE c.monitor_seq NOT IN (SELECT seq FROM gone)
      ON CONFLICT DO NOTHING
    )
    SELECT seq FROM gone`;
}

export function checksStore(db: PgDb, connection: PgConnection): ChecksStore {
  const recorded = recordedChecksCounter();
  const dialect = new PgDialect();
  const recordedNow = (rows: NewCheck[], gone: { seq: number }[]) => {
    const goneSeqs = new Set(gone.map((g) => g.seq));
    recorded.add(rows, goneSeqs);
    return goneSeqs;
  };
  return {
    record: (rows, progress) => recordedNow(rows, rawRows<{ seq: number }>(db, recordQuery(rows, progress))),
    recordLater(rows, progress, done) {
      const query = dialect.sqlToQuery(recordQuery(rows, progress));
      connection.send(query.sql, query.params, (error, gone) => {
        if (error) done(error, new Set());
        else done(null, recordedNow(rows, gone as { seq: number }[]));
      });
    },
    waitForWrites: () => connection.drain(),
    recordedSinceStart: recorded.of,
    list: (monitorSeq: number, limit: number, beforeMs?: number): CheckRow[] =>
      run(db.select().from(checks)
        .where(and(eq(checks.monitorSeq, monitorSeq), beforeMs === undefined ? undefined : lt(checks.checkedAt, beforeMs)))
        .orderBy(desc(checks.checkedAt)).limit(limit)),
    insertMany(rows: NewCheck[]): void {
      if (rows.length === 0) return;
      run(db.execute(sql`INSERT INTO checks ${checkColumns(rows)} ON CONFLICT DO NOTHING`));
    },
  };
}
