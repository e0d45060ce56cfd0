import { and, count, desc, eq, inArray, isNotNull, isNull, lt, ne, sql } from "drizzle-orm";
import { incidents, memberships, monitors, projects } from "../../db/postgres/schema.ts";
import { first, run, type PgDb } from "../../db/postgres/session.ts";
import type { IncidentRow } from "../../domain/types.ts";
import type { AckVia } from "../../enums.ts";
import { newId } from "../../ids.ts";
import type { Page, Paging } from "../../paging.ts";
import type { DownMonitorRow, DueReminder, IncidentsStore } from "../store.ts";

export function incidentsStore(db: PgDb): IncidentsStore {
  // incidents of monitors in the user's organizations
  const visibleTo = (userId: string) => inArray(incidents.monitorId, db.select({ id: monitors.id }).from(monitors)
    .innerJoin(projects, eq(projects.id, monitors.projectId))
    .innerJoin(memberships, and(eq(memberships.organizationId, projects.organizationId), eq(memberships.userId, userId))));
  const newestFirst = [desc(incidents.startedAt), desc(incidents.id)] as const;
  const before = (beforeMs?: number) => (beforeMs === undefined ? undefined : lt(incidents.startedAt, beforeMs));
  const openOf = (monitorId: string) =>
    first(db.select().from(incidents).where(and(eq(incidents.monitorId, monitorId), isNull(incidents.resolvedAt)))
      .orderBy(desc(incidents.startedAt)).limit(1));

  return {
    /** Up to `limit` monitors of the organization that are down now, besides one, by name (what an alert lists as "also down"). */
    downMonitorsOf: (organizationId: string, exceptMonitorId: string, limit: number): DownMonitorRow[] =>
      // sorted here: ORDER BY in SQL would read every down monitor of a large outage, inside the flip's transaction
      run(db.select({ id: monitors.id, name: monitors.name, reason: monitors.statusReason, startedAt: incidents.startedAt }).from(monitors)
        .innerJoin(projects, eq(projects.id, monitors.projectId))
        .leftJoin(incidents, and(eq(incidents.monitorId, monitors.id), isNull(incidents.resolvedAt)))
        .where(and(eq(projects.organizationId, organizationId), eq(monitors.status, "down"), eq(monitors.isPaused, false), ne(monitors.id, exceptMonitorId)))
        .limit(limit)).sort((a, b) => a.name.localeCompare(b.name)),
    /** One open incident per monitor (the unique index incidents_one_open): a racing second open gets the first one back. */
    open: (monitorId: string, at: number, reason: string | null): IncidentRow =>
      first(db.insert(incidents).values({ id: newId(), monitorId, startedAt: at, reason }).onConflictDoNothing().returning())
        ?? openOf(monitorId)!,
    openOf,
    resolve: (id: string, at: number) =>
      void run(db.update(incidents).set({ resolvedAt: at }).where(and(eq(incidents.id, id), isNull(incidents.resolvedAt)))),
    getForUser: (id: string, userId: string) => first(db.select().from(incidents).where(and(eq(incidents.id, id), visibleTo(userId)))),
    listForMonitor: (monitorId: string, limit: number, beforeMs?: number): IncidentRow[] =>
      run(db.select().from(incidents).where(and(eq(incidents.monitorId, monitorId), before(beforeMs))).orderBy(...newestFirst).limit(limit)),
    /** A page of the caller's incidents, newest first, and how many there are in all. */
    pageForUser(userId: string, status: "open" | "resolved" | undefined, paging: Paging, beforeMs?: number): Page<IncidentRow> {
      const byStatus = status === "open" ? isNull(incidents.resolvedAt) : status === "resolved" ? isNotNull(incidents.resolvedAt) : undefined;
      const where = and(visibleTo(userId), byStatus, before(beforeMs));
      const items = run(db.select().from(incidents).where(where).orderBy(...newestFirst).limit(paging.limit).offset(paging.offset));
      return { items, total: first(db.select({ n: count() }).from(incidents).where(where))!.n };
    },
    /** Unresolved incidents of these monitors (status pages). */
    openFor: (monitorIds: string[]): IncidentRow[] =>
      monitorIds.length === 0 ? [] : run(db.select().from(incidents)
        .where(and(inArray(incidents.monitorId, monitorIds), isNull(incidents.resolvedAt))).orderBy(...newestFirst)),
    byId: (id: string) => first(db.select().from(incidents).where(eq(incidents.id, id))),
    acknowledge: (id: string, by: { userId: string | null; via: AckVia }, at: number): boolean =>
      run(db.update(incidents).set({ acknowledgedAt: at, acknowledgedBy: by.userId, acknowledgedVia: by.via })
        .where(and(eq(incidents.id, id), isNull(incidents.acknowledgedAt), isNull(incidents.resolvedAt)))
        .returning({ id: incidents.id })).length === 1,
    /** Open, unacknowledged incidents of down monitors whose next reminder is due by `now`. */
    dueReminders: (now: number): DueReminder[] =>
      run(db.select({ incident: incidents, remindEveryMinutes: monitors.remindEveryMinutes }).from(incidents)
        .innerJoin(monitors, eq(monitors.id, incidents.monitorId))
        .where(and(
          isNull(incidents.resolvedAt), isNull(incidents.acknowledgedAt), eq(monitors.status, "down"), eq(monitors.isPaused, false),
          sql`${monitors.remindEveryMinutes} > 0`,
          sql`coalesce(${incidents.lastRemindedAt}, ${incidents.startedAt}) + ${monitors.remindEveryMinutes} * 60000::bigint <= ${now}`,
        ))),
    /** Counts one reminder, once: false when another sweep already counted it. */
    markReminded: (incident: IncidentRow, at: number): boolean =>
      run(db.update(incidents).set({ remindersSent: incident.remindersSent + 1, lastRemindedAt: at })
        .where(and(eq(incidents.id, incident.id), eq(incidents.remindersSent, incident.remindersSent)))
        .returning({ id: incidents.id })).length === 1,
  };
}
