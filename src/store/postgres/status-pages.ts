import { and, asc, desc, eq, inArray, ne } from "drizzle-orm";
import { memberships, monitors, projects, statusPageMonitors, statusPages } from "../../db/postgres/schema.ts";
import { first, run, type PgDb } from "../../db/postgres/session.ts";
import type { StatusPageRow } from "../../domain/types.ts";
import { newId } from "../../ids.ts";
import type { MonitorGroup, PageMonitor, StatusPageFields, StatusPagesStore, Store } from "../store.ts";

export function statusPagesStore(db: PgDb, transaction: Store["transaction"]): StatusPagesStore {
  const visibleTo = (userId: string) =>
    db.select({ page: statusPages, role: memberships.role }).from(statusPages)
      .innerJoin(memberships, and(eq(memberships.organizationId, statusPages.organizationId), eq(memberships.userId, userId)));

  function setMonitors(pageId: string, groups: MonitorGroup[]) {
    run(db.delete(statusPageMonitors).where(eq(statusPageMonitors.statusPageId, pageId)));
    const rows = groups.flatMap((g) => g.monitorIds.map((monitorId) => ({ statusPageId: pageId, monitorId, groupName: g.name })));
    if (rows.length > 0) run(db.insert(statusPageMonitors).values(rows.map((row, position) => ({ ...row, position }))));
  }

  return {
    create(organizationId: string, fields: StatusPageFields, groups: MonitorGroup[], now: number): StatusPageRow {
      const row = { id: newId(), organizationId, ...fields, createdAt: now, updatedAt: now };
      transaction(() => {
        run(db.insert(statusPages).values(row));
        setMonitors(row.id, groups);
      });
      return row;
    },
    update(id: string, fields: Partial<StatusPageFields>, groups: MonitorGroup[] | undefined, now: number): void {
      transaction(() => {
        run(db.update(statusPages).set({ ...fields, updatedAt: now }).where(eq(statusPages.id, id)));
        if (groups) setMonitors(id, groups);
      });
    },
    delete: (id: string) => void run(db.delete(statusPages).where(eq(statusPages.id, id))),
    bySlug: (slug: string) => first(db.select().from(statusPages).where(eq(statusPages.slug, slug))),
    slugTaken: (slug: string, exceptId?: string) =>
      first(db.select({ id: statusPages.id }).from(statusPages)
        .where(and(eq(statusPages.slug, slug), exceptId === undefined ? undefined : ne(statusPages.id, exceptId)))) !== undefined,
    listForUser: (userId: string) => run(visibleTo(userId).orderBy(desc(statusPages.createdAt), desc(statusPages.id))),
    getForUser: (id: string, userId: string) => first(visibleTo(userId).where(eq(statusPages.id, id))),
    monitorsOf: (pageId: string): PageMonitor[] =>
      run(db.select({ monitor: monitors, groupName: statusPageMonitors.groupName }).from(statusPageMonitors)
        .innerJoin(monitors, eq(monitors.id, statusPageMonitors.monitorId))
        .where(eq(statusPageMonitors.statusPageId, pageId))
        .orderBy(asc(statusPageMonitors.position))).map((r) => ({ ...r.monitor, groupName: r.groupName })),
    pageIdsShowing: (monitorIds: string[]) =>
      monitorIds.length === 0 ? [] : run(db.selectDistinct({ id: statusPageMonitors.statusPageId }).from(statusPageMonitors)
        .where(inArray(statusPageMonitors.monitorId, monitorIds))).map((r) => r.id),
    removeMonitorOutside: (monitorId: string, organizationId: string) =>
      void run(db.delete(statusPageMonitors).where(and(
        eq(statusPageMonitors.monitorId, monitorId),
        inArray(statusPageMonitors.statusPageId,
          db.select({ id: statusPages.id }).from(statusPages).where(ne(statusPages.organizationId, organizationId))),
      ))),
    monitorIdsInOrganization: (organizationId: string, monitorIds: string[]) =>
      new Set(
        monitorIds.length === 0 ? [] : run(db.select({ id: monitors.id }).from(monitors)
          .innerJoin(projects, eq(projects.id, monitors.projectId))
          .where(and(eq(projects.organizationId, organizationId), inArray(monitors.id, monitorIds)))).map((r) => r.id),
      ),
  };
}
