import { sql } from "drizzle-orm";
import type { PgDb } from "../../db/postgres/session.ts";
import type { LatestCheck, LatestChecksStore } from "../store.ts";
import { rawRows } from "./raw.ts";

export function latestChecksStore(db: PgDb): LatestChecksStore {
  return {
    /** The newest check of each monitor: one primary-key probe each, all in one query. */
    of(monitorSeqs: number[]) {
      const found = new Map<number, LatestCheck>();
      if (monitorSeqs.length === 0) return found;
      const rows = rawRows<{ seq: number; ms: number; at: string; up: boolean }>(db, sql`
        SELECT s.seq, c.response_time_ms AS ms, c.checked_at AS at, c.is_up AS up
        FROM unnest(${sql.param(monitorSeqs)}::int[]) s(seq) CROSS JOIN LATERAL (
          SELECT * FROM checks WHERE monitor_seq = s.seq ORDER BY checked_at DESC LIMIT 1) c`);
      for (const r of rows) found.set(r.seq, { responseTimeMs: r.ms, checkedAt: Number(r.at), isUp: r.up });
      return found;
    },
  };
}
