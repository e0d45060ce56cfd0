import type { Db } from "../db/open.ts";
import type { CheckedDay, DailyUptimeStore } from "./store.ts";

/**
 * Days from the hourly roll-ups, plus the raw checks after each monitor's newest roll-up (the hours not rolled
 * up yet), as uptime() counts them. The raw part is a range scan of the checks' primary key per monitor.
 */
const CHECKED_DAYS = `
WITH seqs(seq) AS (SELECT value FROM json_each(?1)),
rolled AS (
  SELECT r.monitor_seq AS seq, r.hour_start / 86400000 AS day, sum(r.checks) AS checks, sum(r.up_checks) AS up,
    sum((r.checks - r.up_checks) * 60.0 / r.checks) AS down_minutes
  FROM seqs JOIN check_rollups r ON r.monitor_seq = seqs.seq AND r.hour_start >= ?2 AND r.hour_start <= ?3
  GROUP BY 1, 2
),
unrolled AS (
  SELECT seq, max(?2, coalesce((SELECT max(hour_start) + 3600000 FROM check_rollups WHERE monitor_seq = seqs.seq), 0)) AS from_ms FROM seqs
),
raw_hours AS (
  SELECT c.monitor_seq AS seq, c.checked_at / 3600000 AS hour, count(*) AS checks, sum(c.is_up) AS up
  FROM unrolled JOIN checks c ON c.monitor_seq = unrolled.seq AND c.checked_at >= unrolled.from_ms AND c.checked_at <= ?3
  GROUP BY 1, 2
)
SELECT seq, day, checks, up, down_minutes FROM rolled
UNION ALL
SELECT seq, hour * 3600000 / 86400000, sum(checks), sum(up), sum((checks - up) * min(60.0, (?3 - hour * 3600000) / 60000.0) / checks)
FROM raw_hours GROUP BY 1, 2`;

interface Row { seq: number; day: number; checks: number; up: number; down_minutes: number }

export function dailyUptimeStore(db: Db): DailyUptimeStore {
  const query = db.$client.query<Row, [string, number, number]>(CHECKED_DAYS);
  return {
    checkedDays(monitorSeqs: number[], fromMs: number, nowMs: number): CheckedDay[] {
      if (monitorSeqs.length === 0) return [];
      // a day may come in two rows (rolled-up hours and raw ones): merged here
      const days = new Map<string, CheckedDay>();
      for (const row of query.all(JSON.stringify(monitorSeqs), fromMs, nowMs)) {
        const key = `${row.seq}:${row.day}`;
        const seen = days.get(key) ?? { monitorSeq: row.seq, dayStart: row.day * 86_400_000, checks: 0, upChecks: 0, downMinutes: 0 };
        seen.checks += row.checks;
        seen.upChecks += row.up;
        seen.downMinutes += row.down_minutes;
        days.set(key, seen);
      }
      return [...days.values()];
    },
  };
}
