import { and, desc, eq, lt } from "drizzle-orm";
import type { Db } from "../db/open.ts";
import { checks } from "../db/schema.ts";
import type { CheckRow } from "../domain/types.ts";
import type { MonitorRows } from "./monitor-rows.ts";
import { recordedChecksCounter } from "./recorded-checks.ts";
import type { CheckProgress, ChecksStore, NewCheck } from "./store.ts";

export function checksStore(db: Db, remembered: MonitorRows): ChecksStore {
  const insertCheck = db.$client.prepare(
    "INSERT OR IGNORE INTO checks (monitor_seq, checked_at, is_up, status_code, response_time_ms, error_message, region_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
  );
  const updateProgress = db.$client.prepare(
    "UPDATE monitors SET last_checked_at = ?, next_due_at = ?, fail_streak = ?, success_streak = ?, last_details = ? WHERE seq = ?",
  );
  const recorded = recordedChecksCounter();
  const record = db.$client.transaction((rows: NewCheck[], progress: Iterable<CheckProgress>) => {
    const gone = new Set<number>();
    for (const p of progress) {
      remembered.forgetSeq(p.monitorSeq);
      if (updateProgress.run(p.lastCheckedAt, p.nextDueAt, p.failStreak, p.successStreak, p.details, p.monitorSeq).changes === 0) gone.add(p.monitorSeq);
    }
    for (const r of rows) {
      if (gone.has(r.monitorSeq)) continue;
      insertCheck.run(r.monitorSeq, r.checkedAt, r.isUp ? 1 : 0, r.statusCode, r.responseTimeMs, r.errorMessage, r.regionId ?? 0);
    }
    return gone;
  });

  return {
    /**
     * A batch of check results and the schedule of their monitors, in one transaction.
     * Returns the monitor seqs that no longer exist (deleted meanwhile); their rows are skipped.
     */
    record(rows: NewCheck[], progress: Iterable<CheckProgress>): Set<number> {
      const gone = record(rows, progress);
      recorded.add(rows, gone);
      return gone;
    },
    /** Checks this process has recorded for the monitor. */
    recordedSinceStart: recorded.of,
    /** Newest first; `beforeMs` pages back in time. */
    list: (monitorSeq: number, limit: number, beforeMs?: number): CheckRow[] =>
      db.select().from(checks)
        .where(and(eq(checks.monitorSeq, monitorSeq), beforeMs === undefined ? undefined : lt(checks.checkedAt, beforeMs)))
        .orderBy(desc(checks.checkedAt)).limit(limit).all(),
    /** One transaction for a whole batch: a check is not worth an fsync of its own. */
    insertMany(rows: NewCheck[]): void {
      if (rows.length === 0) return;
      db.transaction((tx) => {
        for (let i = 0; i < rows.length; i += 500) {
          tx.insert(checks).values(rows.slice(i, i + 500)).onConflictDoNothing().run();
        }
      });
    },
  };
}
