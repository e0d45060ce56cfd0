import { desc, eq, sql } from "drizzle-orm";
import type { Db } from "../db/open.ts";
import { checks } from "../db/schema.ts";
import type { LatestChecksStore } from "./store.ts";

export function latestChecksStore(db: Db): LatestChecksStore {
  const latest = db.select({ responseTimeMs: checks.responseTimeMs, checkedAt: checks.checkedAt, isUp: checks.isUp })
    .from(checks).where(eq(checks.monitorSeq, sql.placeholder("seq")))
    .orderBy(desc(checks.checkedAt)).limit(1).prepare();
  return {
    /** The newest check of each monitor: one primary-key probe each, in one read transaction. */
    of(monitorSeqs: number[]) {
      return db.$client.transaction(() => {
        const found = new Map<number, { responseTimeMs: number; checkedAt: number; isUp: boolean }>();
        for (const seq of monitorSeqs) {
          const row = latest.get({ seq });
          if (row) found.set(seq, row);
        }
        return found;
      })();
    },
  };
}
