import { and, asc, count, desc, eq, gt, inArray, lt, lte, or, sql } from "drizzle-orm";
import { monitorEvents, monitors } from "../../db/postgres/schema.ts";
import { first, run, type PgDb } from "../../db/postgres/session.ts";
import type { MonitorEventRow, MonitorRow } from "../../domain/types.ts";
import { newId } from "../../ids.ts";
import type { EventsStore } from "../store.ts";
import { rawRows } from "./raw.ts";

type Status = MonitorRow["status"];

const newestFirst = [desc(monitorEvents.at), desc(monitorEvents.id)];
const oldestFirst = [asc(monitorEvents.at), asc(monitorEvents.id)];

export function eventsStore(db: PgDb): EventsStore {
  return {
    /**
     * The flip and its event are one statement: the UPDATE matches only while the status is still `from`
     * (a racing instance waits for the row, then sees the new status and matches nothing), and the event
     * is written only for a row it flipped. Null when another caller got there first (or nothing changes).
     */
    transition(
      monitorId: string, from: Status, to: Status, reason: string | null, at: number,
      options: { checkedAt?: number } = {},
    ): MonitorEventRow | null {
      if (from === to) return null;
      const flip = db.update(monitors)
        // a check that flips the status also stamps its time, so the row never says "down" without a check
        .set({ status: to, statusReason: reason, ...(options.checkedAt === undefined ? {} : { lastCheckedAt: options.checkedAt }) })
        .where(and(eq(monitors.id, monitorId), eq(monitors.status, from)))
        .returning({ id: monitors.id });
      const event = { id: newId(), monitorId, fromStatus: from, toStatus: to, reason, at };
      // a builder comes out in parentheses of its own: `AS ${flip}`, not `AS (${flip})`
      const written = rawRows(db, sql`
        WITH flipped AS ${flip}
        INSERT INTO ${monitorEvents} (id, monitor_id, from_status, to_status, reason, at)
        SELECT ${event.id}::text, id, ${from}::text, ${to}::text, ${reason}::text, ${at}::bigint FROM flipped RETURNING id`);
      return written.length === 0 ? null : event;
    },
    statusAt: (monitorId: string, at: number): Status | undefined =>
      first(db.select({ to: monitorEvents.toStatus }).from(monitorEvents)
        .where(and(eq(monitorEvents.monitorId, monitorId), lte(monitorEvents.at, at)))
        .orderBy(...newestFirst).limit(1))?.to,
    since: (monitorId: string, since: number): MonitorEventRow[] =>
      run(db.select().from(monitorEvents)
        .where(and(eq(monitorEvents.monitorId, monitorId), gt(monitorEvents.at, since))).orderBy(...oldestFirst)),
    list: (monitorId: string, limit: number, beforeMs?: number): MonitorEventRow[] =>
      run(db.select().from(monitorEvents)
        .where(and(eq(monitorEvents.monitorId, monitorId), beforeMs === undefined ? undefined : lt(monitorEvents.at, beforeMs)))
        .orderBy(...newestFirst).limit(limit)),
    recentOutagesOf: (monitorIds: string[], limit: number): MonitorEventRow[] =>
      monitorIds.length === 0 ? [] : run(db.select().from(monitorEvents)
        .where(and(inArray(monitorEvents.monitorId, monitorIds), or(eq(monitorEvents.toStatus, "down"), eq(monitorEvents.fromStatus, "down"))))
        .orderBy(...newestFirst).limit(limit)),
    statusesAt(monitorIds: string[], at: number): Map<string, Status> {
      if (monitorIds.length === 0) return new Map();
      // each monitor's newest change at or before `at`
      const rows = run(db.selectDistinctOn([monitorEvents.monitorId], { monitorId: monitorEvents.monitorId, to: monitorEvents.toStatus })
        .from(monitorEvents).where(and(inArray(monitorEvents.monitorId, monitorIds), lte(monitorEvents.at, at)))
        .orderBy(monitorEvents.monitorId, ...newestFirst));
      return new Map(rows.map((r) => [r.monitorId, r.to]));
    },
    sinceOf: (monitorIds: string[], since: number): MonitorEventRow[] =>
      monitorIds.length === 0 ? [] : run(db.select().from(monitorEvents)
        .where(and(inArray(monitorEvents.monitorId, monitorIds), gt(monitorEvents.at, since))).orderBy(...oldestFirst)),
    count: (monitorId: string): number =>
      first(db.select({ n: count() }).from(monitorEvents).where(eq(monitorEvents.monitorId, monitorId)))!.n,
  };
}
