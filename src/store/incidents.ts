import { and, count, desc, eq, inArray, isNotNull, isNull, lt, sql } from "drizzle-orm";
import type { Page, Paging } from "../paging.ts";
import type { Db } from "../db/open.ts";
import { incidents, memberships, monitors, projects } from "../db/schema.ts";
import type { IncidentRow } from "../domain/types.ts";
import type { AckVia } from "../enums.ts";
import { newId } from "../ids.ts";
import type { DownMonitorRow, DueReminder, IncidentsStore } from "./store.ts";

export function incidentsStore(db: Db): IncidentsStore {
  const openOf = db.$client.query(
    `SELECT id FROM incidents WHERE monitor_id = ? AND resolved_at IS NULL ORDER BY started_at DESC LIMIT 1`,
  );
  const visible = (userId: string) =>
    db.select({ incident: incidents }).from(incidents)
      .innerJoin(monitors, eq(monitors.id, incidents.monitorId))
      .innerJoin(projects, eq(projects.id, monitors.projectId))
      .innerJoin(memberships, and(eq(memberships.organizationId, projects.organizationId), eq(memberships.userId, userId)));
  const newestFirst = [desc(incidents.startedAt), desc(incidents.id)] as const;
  const before = (beforeMs?: number) => (beforeMs === undefined ? undefined : lt(incidents.startedAt, beforeMs));

  const downOf = db.$client.query(
    `SELECT m.id, m.name, m.status_reason AS reason, i.started_at AS startedAt FROM monitors m
     JOIN projects p ON p.id = m.project_id
     LEFT JOIN incidents i ON i.monitor_id = m.id AND i.resolved_at IS NULL
     WHERE p.organization_id = ?1 AND m.status = 'down' AND m.is_paused = 0 AND m.id != ?2 LIMIT ?3`,
  );

  return {
    /** Up to `limit` monitors of the organization that are down now, besides one, by name (what an alert lists as "also down"). */
    downMonitorsOf: (organizationId: string, exceptMonitorId: string, limit: number): DownMonitorRow[] =>
      // sorted here: ORDER BY in SQL would read every down monitor of a large outage, inside the flip's transaction
      (downOf.all(organizationId, exceptMonitorId, limit) as DownMonitorRow[]).sort((a, b) => a.name.localeCompare(b.name)),
    open(monitorId: string, at: number, reason: string | null): IncidentRow {
      return db.insert(incidents).values({ id: newId(), monitorId, startedAt: at, reason }).returning().get();
    },
    /** The monitor's unresolved incident, if any. */
    openOf(monitorId: string): IncidentRow | undefined {
      const row = openOf.get(monitorId) as { id: string } | null;
      return row ? db.select().from(incidents).where(eq(incidents.id, row.id)).get() : undefined;
    },
    resolve: (id: string, at: number) =>
      db.update(incidents).set({ resolvedAt: at }).where(and(eq(incidents.id, id), isNull(incidents.resolvedAt))).run(),
    getForUser: (id: string, userId: string): IncidentRow | undefined =>
      visible(userId).where(eq(incidents.id, id)).get()?.incident,
    listForMonitor: (monitorId: string, limit: number, beforeMs?: number): IncidentRow[] =>
      db.select().from(incidents).where(and(eq(incidents.monitorId, monitorId), before(beforeMs)))
        .orderBy(...newestFirst).limit(limit).all(),
    /** A page of the caller's incidents, newest first, and how many there are in all. */
    pageForUser(userId: string, status: "open" | "resolved" | undefined, paging: Paging, beforeMs?: number): Page<IncidentRow> {
      const byStatus = status === "open" ? isNull(incidents.resolvedAt) : status === "resolved" ? isNotNull(incidents.resolvedAt) : undefined;
      const where = and(byStatus, before(beforeMs));
      const items = visible(userId).where(where).orderBy(...newestFirst).limit(paging.limit).offset(paging.offset).all().map((r) => r.incident);
      const total = db.select({ n: count() }).from(incidents)
        .innerJoin(monitors, eq(monitors.id, incidents.monitorId))
        .innerJoin(projects, eq(projects.id, monitors.projectId))
        .innerJoin(memberships, and(eq(memberships.organizationId, projects.organizationId), eq(memberships.userId, userId)))
        .where(where).get()!.n;
      return { items, total };
    },
    /** Unresolved incidents of these monitors (status pages). */
    openFor: (monitorIds: string[]): IncidentRow[] =>
      monitorIds.length === 0 ? [] : db.select().from(incidents)
        .where(and(inArray(incidents.monitorId, monitorIds), isNull(incidents.resolvedAt))).orderBy(...newestFirst).all(),
    byId: (id: string): IncidentRow | undefined => db.select().from(incidents).where(eq(incidents.id, id)).get(),
    acknowledge: (id: string, by: { userId: string | null; via: AckVia }, at: number): boolean =>
      db.update(incidents).set({ acknowledgedAt: at, acknowledgedBy: by.userId, acknowledgedVia: by.via })
        .where(and(eq(incidents.id, id), isNull(incidents.acknowledgedAt), isNull(incidents.resolvedAt)))
        .returning({ id: incidents.id }).all().length === 1,
    /** Open, unacknowledged incidents of down monitors whose next reminder is due by `now`. */
    dueReminders: (now: number): DueReminder[] =>
      db.select({ incident: incidents, remindEveryMinutes: monitors.remindEveryMinutes }).from(incidents)
        .innerJoin(monitors, eq(monitors.id, incidents.monitorId))
        .where(and(
          isNull(incidents.resolvedAt), isNull(incidents.acknowledgedAt), eq(monitors.status, "down"), eq(monitors.isPaused, false),
          sql`${monitors.remindEveryMinutes} > 0`,
          sql`coalesce(${incidents.lastRemindedAt}, ${incidents.startedAt}) + ${monitors.remindEveryMinutes} * 60000 <= ${now}`,
        )).all(),
    /** Counts one reminder, once: false when another sweep already counted it. */
    markReminded: (incident: IncidentRow, at: number): boolean =>
      db.update(incidents).set({ remindersSent: incident.remindersSent + 1, lastRemindedAt: at })
        .where(and(eq(incidents.id, incident.id), eq(incidents.remindersSent, incident.remindersSent)))
        .returning({ id: incidents.id }).all().length === 1,
  };
}
