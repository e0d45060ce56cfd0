import { and, desc, eq, lt } from "drizzle-orm";
import type { Db } from "../db/open.ts";
import { pulses, type PulseRow } from "../db/schema.ts";

export function pulsesStore(db: Db) {
  return {
    /** Newest first; `beforeMs` pages back in time. */
    list: (monitorId: string, limit: number, beforeMs?: number): PulseRow[] =>
      db.select().from(pulses)
        .where(and(eq(pulses.monitorId, monitorId), beforeMs === undefined ? undefined : lt(pulses.receivedAt, beforeMs)))
        .orderBy(desc(pulses.receivedAt), desc(pulses.id)).limit(limit).all(),
    insert: (row: PulseRow) => db.insert(pulses).values(row).run(),
  };
}
