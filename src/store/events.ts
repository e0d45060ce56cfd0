import { and, asc, desc, eq, gt, inArray, lt, lte, or, sql } from "drizzle-orm";
import type { Db } from "../db/open.ts";
import { monitorEvents, monitors } from "../db/schema.ts";
import type { MonitorEventRow, MonitorRow } from "../domain/types.ts";
import { newId } from "../ids.ts";
import type { MonitorRows } from "./monitor-rows.ts";
import type { EventsStore } from "./store.ts";

type Status = MonitorRow["status"];

export function eventsStore(db: Db, remembered: MonitorRows): EventsStore {
  return {
    /**
     * Moves a monitor from `from` to `to` and records the event, in one transaction.
     * The update only matches while the status is still `from`, so racing callers flip it once.
     * Returns the event, or null when another caller got there first (or nothing changes).
     */
    transition(
      monitorId: string, from: Status, to: Status, reason: string | null, at: number,
      options: { checkedAt?: number } = {},
    ): MonitorEventRow | null {
      if (from === to) return null;
      remembered.forget(monitorId);
      return db.transaction((tx) => {
        const changed = tx.update(monitors)
          // a check that flips the status also stamps its time, so the row never says "down" without a check
          .set({ status: to, statusReason: reason, ...(options.checkedAt === undefined ? {} : { lastCheckedAt: options.checkedAt }) })
          .where(and(eq(monitors.id, monitorId), eq(monitors.status, from)))
          .returning({ id: monitors.id }).all();
        if (changed.length === 0) return null;
        const event = { id: newId(), monitorId, fromStatus: from, toStatus: to, reason, at };
        tx.insert(monitorEvents).values(event).run();
        return event;
      });
    },
    /** The status in force at `at`: the newest change at or before it, if any. */
    statusAt: (monitorId: string, at: number): Status | undefined =>
      db.select({ to: monitorEvents.toStatus }).from(monitorEvents)
        .where(and(eq(monitorEvents.monitorId, monitorId), lte(monitorEvents.at, at)))
        .orderBy(desc(monitorEvents.at), desc(monitorEvents.id)).limit(1).get()?.to as Status | undefined,
    /** Changes after `since`, oldest first. */
    since: (monitorId: string, since: number): MonitorEventRow[] =>
      db.select().from(monitorEvents)
        .where(and(eq(monitorEvents.monitorId, monitorId), gt(monitorEvents.at, since)))
        .orderBy(asc(monitorEvents.at), asc(monitorEvents.id)).all(),
    list: (monitorId: string, limit: number, beforeMs?: number): MonitorEventRow[] =>
      db.select().from(monitorEvents)
        .where(and(eq(monitorEvents.monitorId, monitorId), beforeMs === undefined ? undefined : lt(monitorEvents.at, beforeMs)))
        .orderBy(desc(monitorEvents.at), desc(monitorEvents.id)).limit(limit).all(),
    recentOutagesOf: (monitorIds: string[], limit: number): MonitorEventRow[] =>
      monitorIds.length === 0 ? [] : db.select().from(monitorEvents)
        .where(and(inArray(monitorEvents.monitorId, monitorIds), or(eq(monitorEvents.toStatus, "down"), eq(monitorEvents.fromStatus, "down"))))
        .orderBy(desc(monitorEvents.at), desc(monitorEvents.id)).limit(limit).all(),
    statusesAt: (monitorIds: string[], at: number): Map<string, Status> => {
      if (monitorIds.length === 0) return new Map();
      // SQLite takes the bare column from the row holding max(): the newest change at or before `at`
      const rows = db.select({ monitorId: monitorEvents.monitorId, to: monitorEvents.toStatus, at: sql`max(${monitorEvents.at})` })
        .from(monitorEvents).where(and(inArray(monitorEvents.monitorId, monitorIds), lte(monitorEvents.at, at)))
        .groupBy(monitorEvents.monitorId).all();
      return new Map(rows.map((r) => [r.monitorId, r.to]));
    },
    sinceOf: (monitorIds: string[], since: number): MonitorEventRow[] =>
      monitorIds.length === 0 ? [] : db.select().from(monitorEvents)
        .where(and(inArray(monitorEvents.monitorId, monitorIds), gt(monitorEvents.at, since)))
        .orderBy(asc(monitorEvents.at), asc(monitorEvents.id)).all(),
    count: (monitorId: string): number =>
      db.select({ n: sql<number>`count(*)` }).from(monitorEvents).where(eq(monitorEvents.monitorId, monitorId)).get()!.n,
  };
}
