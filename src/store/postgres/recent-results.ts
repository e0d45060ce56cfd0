// The dashboard's strips: the newest results of a whole page of monitors, each in one query (not one per monitor).
import { sql } from "drizzle-orm";
import type { PgDb } from "../../db/postgres/session.ts";
import { groupedByKey, runResult } from "../recent-result-rows.ts";
import type { RecentResultsStore } from "../store.ts";
import { rawRows } from "./raw.ts";

const HOUR_MS = 3_600_000;

export function recentResultsStore(db: PgDb): RecentResultsStore {
  return {
    checks(monitorSeqs: number[], perMonitor: number) {
      if (monitorSeqs.length === 0) return new Map();
      // per monitor: its newest checks, a primary-key range read backwards
      const rows = rawRows<{ seq: number; at: string; up: boolean; code: number | null; ms: number; error: string | null }>(db, sql`
        SELECT s.seq, c.checked_at AS at, c.is_up AS up, c.status_code AS code, c.response_time_ms AS ms, c.error_message AS error
        FROM unnest(${sql.param(monitorSeqs)}::int[]) s(seq) CROSS JOIN LATERAL (
          SELECT * FROM checks WHERE monitor_seq = s.seq ORDER BY checked_at DESC LIMIT ${perMonitor}) c
        ORDER BY s.seq, c.checked_at`);
      return groupedByKey(rows.map((r) => ({ key: r.seq, at: Number(r.at), isUp: r.up, code: r.code, ms: r.ms, error: r.up ? null : r.error })));
    },
    pulses(monitorIds: string[], perMonitor: number) {
      if (monitorIds.length === 0) return new Map();
      // a heartbeat's results are its runs' ends: successes and fails (the id orders those of one millisecond)
      const rows = rawRows<{ id: string; at: string; up: boolean; code: number | null; ms: number | null }>(db, sql`
        SELECT s.id, p.received_at AS at, p.type = 'success' AS up, p.exit_code AS code, p.duration_ms AS ms
        FROM unnest(${sql.param(monitorIds)}::text[]) s(id) JOIN monitors m ON m.id = s.id CROSS JOIN LATERAL (
          SELECT * FROM pulses WHERE monitor_seq = m.seq AND type IN ('success', 'fail')
          ORDER BY received_at DESC, id DESC LIMIT ${perMonitor}) p
        ORDER BY s.id, p.received_at, p.id`);
      return groupedByKey(rows.map((r) => runResult(r.id, Number(r.at), r.up, r.code, r.ms)));
    },
    checkUptime(monitorSeqs: number[], sinceMs: number) {
      const found = new Map<number, { total: number; up: number }>();
      if (monitorSeqs.length === 0) return found;
      const firstFullHour = Math.ceil(sinceMs / HOUR_MS) * HOUR_MS;
      // as uptime(): roll-ups for the hours they cover, raw checks for the first part-hour and after the last roll-up
      const rows = rawRows<{ seq: number; total: string; up: string }>(db, sql`
        WITH m AS (
          SELECT s.seq, greatest(${firstFullHour}::bigint,
            coalesce((SELECT max(r.hour_start) + ${HOUR_MS} FROM check_rollups r WHERE r.monitor_seq = s.seq), ${firstFullHour}::bigint)) AS rolled_until
          FROM unnest(${sql.param(monitorSeqs)}::int[]) s(seq))
        SELECT seq, sum(total) AS total, sum(up) AS up FROM (
          SELECT m.seq, r.checks AS total, r.up_checks AS up FROM m JOIN check_rollups r
            ON r.monitor_seq = m.seq AND r.hour_start >= ${firstFullHour} AND r.hour_start < m.rolled_until
          UNION ALL
          SELECT m.seq, 1, c.is_up::int FROM m JOIN checks c
            ON c.monitor_seq = m.seq AND ((c.checked_at >= ${sinceMs} AND c.checked_at < ${firstFullHour}) OR c.checked_at >= m.rolled_until)
        ) counted GROUP BY seq`);
      for (const r of rows) found.set(r.seq, { total: Number(r.total), up: Number(r.up) });
      return found;
    },
  };
}
