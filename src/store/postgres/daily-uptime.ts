import { sql } from "drizzle-orm";
import { run, type PgDb } from "../../db/postgres/session.ts";
import type { CheckedDay, DailyUptimeStore } from "../store.ts";

const DAY_MS = 86_400_000;

/**
 * Days from the hourly roll-ups, plus the raw checks after each monitor's newest roll-up (the hours not rolled
 * up yet), as uptime() counts them; a day with both comes out as one row.
 */
const checkedDays = (seqs: number[], fromMs: number, nowMs: number) => sql`
WITH seqs(seq) AS (SELECT unnest(${`{${seqs.join(",")}}`}::int[])),
rolled AS (
  SELECT r.monitor_seq AS seq, r.hour_start / ${DAY_MS} AS day, sum(r.checks) AS checks, sum(r.up_checks) AS up,
    sum((r.checks - r.up_checks) * 60.0 / r.checks) AS down_minutes
  FROM seqs JOIN check_rollups r ON r.monitor_seq = seqs.seq AND r.hour_start >= ${fromMs} AND r.hour_start <= ${nowMs}
  GROUP BY 1, 2
),
unrolled AS (
  SELECT seq, greatest(${fromMs}, coalesce((SELECT max(hour_start) + 3600000 FROM check_rollups WHERE monitor_seq = seqs.seq), 0)) AS from_ms
  FROM seqs
),
raw_hours AS (
  SELECT c.monitor_seq AS seq, c.checked_at / 3600000 AS hour, count(*) AS checks, count(*) FILTER (WHERE c.is_up) AS up
  FROM unrolled JOIN checks c ON c.monitor_seq = unrolled.seq AND c.checked_at >= unrolled.from_ms AND c.checked_at <= ${nowMs}
  GROUP BY 1, 2
),
raw AS (
  SELECT seq, hour * 3600000 / ${DAY_MS} AS day, sum(checks) AS checks, sum(up) AS up,
    sum((checks - up) * least(60.0, (${nowMs} - hour * 3600000) / 60000.0) / checks) AS down_minutes
  FROM raw_hours GROUP BY 1, 2
)
SELECT seq, day, sum(checks) AS checks, sum(up) AS up, sum(down_minutes) AS down_minutes
FROM (SELECT * FROM rolled UNION ALL SELECT * FROM raw) days GROUP BY 1, 2`;

// aggregates come back as text (bigint, numeric)
type Row = Record<"seq" | "day" | "checks" | "up" | "down_minutes", string | number>;

export function dailyUptimeStore(db: PgDb): DailyUptimeStore {
  return {
    checkedDays(monitorSeqs: number[], fromMs: number, nowMs: number): CheckedDay[] {
      if (monitorSeqs.length === 0) return [];
      return (run(db.execute(checkedDays(monitorSeqs, fromMs, nowMs))) as unknown as Row[]).map((row) => ({
        monitorSeq: Number(row.seq),
        dayStart: Number(row.day) * DAY_MS,
        checks: Number(row.checks),
        upChecks: Number(row.up),
        downMinutes: Number(row.down_minutes),
      }));
    },
  };
}
