// The dashboard's strips: the newest results of a whole page of monitors, each in one query (not one per monitor).
import type { Db } from "../db/open.ts";
import { groupedByKey, runResult } from "./recent-result-rows.ts";
import type { RecentResultsStore } from "./store.ts";

const HOUR_MS = 3_600_000;

export function recentResultsStore(db: Db): RecentResultsStore {
  // per monitor: a primary-key range from its n-th newest check on (the OFFSET probe is index-only)
  const checks = db.$client.query(`
    SELECT c.monitor_seq AS seq, c.checked_at AS at, c.is_up AS up, c.status_code AS code,
           c.response_time_ms AS ms, c.error_message AS error
    FROM json_each(?1) j JOIN checks c ON c.monitor_seq = j.value AND c.checked_at >= coalesce(
      (SELECT x.checked_at FROM checks x WHERE x.monitor_seq = j.value ORDER BY x.checked_at DESC LIMIT 1 OFFSET ?2 - 1), 0)
    ORDER BY c.monitor_seq, c.checked_at`);
  // a heartbeat's results are its runs' ends: successes and fails
  const pulses = db.$client.query(`
    SELECT m.id AS id, p.received_at AS at, p.type = 'success' AS up, p.exit_code AS code, p.duration_ms AS ms
    FROM json_each(?1) j JOIN monitors m ON m.id = j.value
    JOIN pulses p ON p.monitor_seq = m.seq AND p.type IN ('success', 'fail') AND p.received_at >= coalesce(
      (SELECT x.received_at FROM pulses x WHERE x.monitor_seq = m.seq AND x.type IN ('success', 'fail')
       ORDER BY x.received_at DESC LIMIT 1 OFFSET ?2 - 1), 0)
    ORDER BY m.id, p.received_at, p.id`);
  // as uptime(): roll-ups for the hours they cover, raw checks for the first part-hour and after the last roll-up
  const uptime = db.$client.query(`
    WITH m(seq, rolled_until) AS (
      SELECT j.value, max(?3, coalesce((SELECT max(r.hour_start) + ${HOUR_MS} FROM check_rollups r WHERE r.monitor_seq = j.value), ?3))
      FROM json_each(?1) j)
    SELECT seq, sum(total) AS total, sum(up) AS up FROM (
      SELECT m.seq, r.checks AS total, r.up_checks AS up FROM m JOIN check_rollups r
        ON r.monitor_seq = m.seq AND r.hour_start >= ?3 AND r.hour_start < m.rolled_until
      UNION ALL
      SELECT m.seq, 1, c.is_up FROM m JOIN checks c
        ON c.monitor_seq = m.seq AND ((c.checked_at >= ?2 AND c.checked_at < ?3) OR c.checked_at >= m.rolled_until)
    ) GROUP BY seq`);

  return {
    checks(monitorSeqs: number[], perMonitor: number) {
      if (monitorSeqs.length === 0) return new Map();
      const rows = checks.all(JSON.stringify(monitorSeqs), perMonitor) as { seq: number; at: number; up: number; code: number | null; ms: number; error: string | null }[];
      return groupedByKey(rows.map((r) => ({ key: r.seq, at: r.at, isUp: r.up === 1, code: r.code, ms: r.ms, error: r.up === 1 ? null : r.error })));
    },
    pulses(monitorIds: string[], perMonitor: number) {
      if (monitorIds.length === 0) return new Map();
      const rows = pulses.all(JSON.stringify(monitorIds), perMonitor) as { id: string; at: number; up: number; code: number | null; ms: number | null }[];
      return groupedByKey(rows.map((r) => runResult(r.id, r.at, r.up === 1, r.code, r.ms)));
    },
    checkUptime(monitorSeqs: number[], sinceMs: number) {
      const found = new Map<number, { total: number; up: number }>();
      if (monitorSeqs.length === 0) return found;
      const firstFullHour = Math.ceil(sinceMs / HOUR_MS) * HOUR_MS;
      for (const r of uptime.all(JSON.stringify(monitorSeqs), sinceMs, firstFullHour) as { seq: number; total: number; up: number }[]) {
        found.set(r.seq, { total: r.total, up: r.up });
      }
      return found;
    },
  };
}
