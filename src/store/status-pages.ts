import { and, asc, desc, eq, inArray, ne } from "drizzle-orm";
import type { Db } from "../db/open.ts";
import { memberships, monitors, projects, statusPageMonitors, statusPages } from "../db/schema.ts";
import type { StatusPageRow } from "../domain/types.ts";
import { newId } from "../ids.ts";
import type { MonitorGroup, PageMonitor, StatusPageFields, StatusPagesStore } from "./store.ts";

export function statusPagesStore(db: Db): StatusPagesStore {
  const withRole = { page: statusPages, role: memberships.role };
  const visibleTo = (userId: string) =>
    db.select(withRole).from(statusPages)
      .innerJoin(memberships, and(eq(memberships.organizationId, statusPages.organizationId), eq(memberships.userId, userId)));

  function setMonitors(pageId: string, groups: MonitorGroup[]) {
    db.delete(statusPageMonitors).where(eq(statusPageMonitors.statusPageId, pageId)).run();
    const rows = groups.flatMap((g) => g.monitorIds.map((monitorId) => ({ statusPageId: pageId, monitorId, groupName: g.name })));
    if (rows.length > 0) db.insert(statusPageMonitors).values(rows.map((row, position) => ({ ...row, position }))).run();
  }

  return {
    create(organizationId: string, fields: StatusPageFields, groups: MonitorGroup[], now: number): StatusPageRow {
      const row = { id: newId(), organizationId, ...fields, createdAt: now, updatedAt: now };
      db.transaction(() => {
        db.insert(statusPages).values(row).run();
        setMonitors(row.id, groups);
      });
      return row;
    },
    update(id: string, fields: Partial<StatusPageFields>, groups: MonitorGroup[] | undefined, now: number): void {
      db.transaction(() => {
        db.update(statusPages).set({ ...fields, updatedAt: now }).where(eq(statusPages.id, id)).run();
        if (groups) setMonitors(id, groups);
      });
    },
    delete: (id: string) => db.delete(statusPages).where(eq(statusPages.id, id)).run(),
    bySlug: (slug: string): StatusPageRow | undefined => db.select().from(statusPages).where(eq(statusPages.slug, slug)).get(),
    slugTaken: (slug: string, exceptId?: string): boolean => {
      const found = db.select({ id: statusPages.id }).from(statusPages).where(eq(statusPages.slug, slug)).get();
      return found !== undefined && found.id !== exceptId;
    },
    listForUser: (userId: string) => visibleTo(userId).orderBy(desc(statusPages.createdAt), desc(statusPages.id)).all(),
    getForUser: (id: string, userId: string) => visibleTo(userId).where(eq(statusPages.id, id)).get(),
    /** The page's monitors in the order chosen, each with its group. */
    monitorsOf: (pageId: string): PageMonitor[] =>
      db.select({ monitor: monitors, groupName: statusPageMonitors.groupName }).from(statusPageMonitors)
        .innerJoin(monitors, eq(monitors.id, statusPageMonitors.monitorId))
        .where(eq(statusPageMonitors.statusPageId, pageId))
        .orderBy(asc(statusPageMonitors.position)).all().map((r) => ({ ...r.monitor, groupName: r.groupName })),
    pageIdsShowing: (monitorIds: string[]): string[] =>
      monitorIds.length === 0 ? [] : db.selectDistinct({ id: statusPageMonitors.statusPageId }).from(statusPageMonitors)
        .where(inArray(statusPageMonitors.monitorId, monitorIds)).all().map((r) => r.id),
    /** Takes the monitor off every page of an organization other than this one (the monitor's own). */
    removeMonitorOutside: (monitorId: string, organizationId: string) =>
      db.delete(statusPageMonitors).where(and(
        eq(statusPageMonitors.monitorId, monitorId),
        inArray(statusPageMonitors.statusPageId,
          db.select({ id: statusPages.id }).from(statusPages).where(ne(statusPages.organizationId, organizationId))),
      )).run(),
    /** Which of these monitors belong to the organization (a page shows only its own). */
    monitorIdsInOrganization: (organizationId: string, monitorIds: string[]): Set<string> =>
      new Set(
        monitorIds.length === 0 ? [] : db.select({ id: monitors.id }).from(monitors)
          .innerJoin(projects, eq(projects.id, monitors.projectId))
          .where(and(eq(projects.organizationId, organizationId), inArray(monitors.id, monitorIds))).all().map((r) => r.id),
      ),
  };
}
