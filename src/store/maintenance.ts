import { and, desc, eq, inArray, lt, or, sql } from "drizzle-orm";
import type { Db } from "../db/open.ts";
import { maintenanceMonitors, maintenanceProjects, maintenanceWindows, memberships, monitors, projects } from "../db/schema.ts";
import type { MaintenanceRow } from "../domain/types.ts";
import { newId } from "../ids.ts";
import { listsByKey } from "./grouping.ts";
import type { MaintenanceLinks, MaintenanceStore, MaintenanceWithLinks, NewMaintenance } from "./store.ts";

export type { MaintenanceWithLinks } from "./store.ts";

export function maintenanceStore(db: Db): MaintenanceStore {
  const visibleTo = (userId: string) =>
    db.select({ window: maintenanceWindows, role: memberships.role }).from(maintenanceWindows)
      .innerJoin(memberships, and(eq(memberships.organizationId, maintenanceWindows.organizationId), eq(memberships.userId, userId)));

  // every API read of a monitor and every flip asks this: prepared once (building the query took ~250 µs a call)
  const covering = db.select().from(maintenanceWindows).where(and(
    eq(maintenanceWindows.isActive, true),
    or(
      inArray(maintenanceWindows.id, db.select({ id: maintenanceMonitors.maintenanceId }).from(maintenanceMonitors)
        .where(eq(maintenanceMonitors.monitorId, sql.placeholder("monitorId")))),
      inArray(maintenanceWindows.id, db.select({ id: maintenanceProjects.maintenanceId }).from(maintenanceProjects)
        .where(eq(maintenanceProjects.projectId, sql.placeholder("projectId")))),
    ),
  )).prepare();

  function withLinks(rows: MaintenanceRow[]): MaintenanceWithLinks[] {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const monitorIds = listsByKey(ids, db.select().from(maintenanceMonitors).where(inArray(maintenanceMonitors.maintenanceId, ids))
      .orderBy(maintenanceMonitors.monitorId).all(), (r) => r.maintenanceId, (r) => r.monitorId);
    const projectIds = listsByKey(ids, db.select().from(maintenanceProjects).where(inArray(maintenanceProjects.maintenanceId, ids))
      .orderBy(maintenanceProjects.projectId).all(), (r) => r.maintenanceId, (r) => r.projectId);
    return rows.map((r) => ({ ...r, monitorIds: monitorIds.get(r.id)!, projectIds: projectIds.get(r.id)! }));
  }

  function setLinks(id: string, links: MaintenanceLinks): void {
    db.delete(maintenanceMonitors).where(eq(maintenanceMonitors.maintenanceId, id)).run();
    db.delete(maintenanceProjects).where(eq(maintenanceProjects.maintenanceId, id)).run();
    if (links.monitorIds.length > 0) db.insert(maintenanceMonitors).values(links.monitorIds.map((monitorId) => ({ maintenanceId: id, monitorId }))).run();
    if (links.projectIds.length > 0) db.insert(maintenanceProjects).values(links.projectIds.map((projectId) => ({ maintenanceId: id, projectId }))).run();
  }

  return {
    insert(input: NewMaintenance, links: MaintenanceLinks, now: number): MaintenanceWithLinks {
      return db.transaction(() => {
        const row = db.insert(maintenanceWindows).values({ ...input, id: newId(), createdAt: now, updatedAt: now }).returning().get();
        setLinks(row.id, links);
        return withLinks([row])[0]!;
      });
    },
    update(id: string, changes: Partial<NewMaintenance>, links: MaintenanceLinks, now: number): MaintenanceWithLinks {
      return db.transaction(() => {
        const row = db.update(maintenanceWindows).set({ ...changes, updatedAt: now }).where(eq(maintenanceWindows.id, id)).returning().get()!;
        setLinks(id, links);
        return withLinks([row])[0]!;
      });
    },
    delete: (id: string) => db.delete(maintenanceWindows).where(eq(maintenanceWindows.id, id)).run(),
    getForUser(id: string, userId: string) {
      const found = visibleTo(userId).where(eq(maintenanceWindows.id, id)).get();
      return found ? { window: withLinks([found.window])[0]!, role: found.role } : undefined;
    },
    /** Newest first; `beforeMs` pages back by creation time. */
    listForUser: (userId: string, beforeMs?: number): MaintenanceWithLinks[] =>
      withLinks(visibleTo(userId).where(beforeMs === undefined ? undefined : lt(maintenanceWindows.createdAt, beforeMs))
        .orderBy(desc(maintenanceWindows.createdAt), desc(maintenanceWindows.id)).all().map((r) => r.window)),
    /** Active windows naming the monitor or its project. */
    covering: (monitorId: string, projectId: string): MaintenanceRow[] => covering.all({ monitorId, projectId }),
    /** Every active window with its links (the end-of-window sweep; a handful per organization). */
    allActive: (): MaintenanceWithLinks[] => withLinks(db.select().from(maintenanceWindows).where(eq(maintenanceWindows.isActive, true)).all()),
    /** Claims the handling of ends up to `upTo` once: false when another sweep got there first. */
    markEndHandled: (w: MaintenanceRow, upTo: number): boolean =>
      db.update(maintenanceWindows).set({ endHandledAt: upTo })
        .where(and(eq(maintenanceWindows.id, w.id), eq(maintenanceWindows.endHandledAt, w.endHandledAt)))
        .returning({ id: maintenanceWindows.id }).all().length === 1,
    /** The monitors a window covers now: those named and those of the projects named. */
    monitorIdsCovered: (links: MaintenanceLinks): string[] =>
      db.select({ id: monitors.id }).from(monitors)
        .where(or(inArray(monitors.id, links.monitorIds), inArray(monitors.projectId, links.projectIds))).all().map((r) => r.id),
    /** Which of these ids are monitors / projects of the organization. */
    monitorIdsIn: (organizationId: string, ids: string[]): Set<string> =>
      new Set(ids.length === 0 ? [] : db.select({ id: monitors.id }).from(monitors).innerJoin(projects, eq(projects.id, monitors.projectId))
        .where(and(eq(projects.organizationId, organizationId), inArray(monitors.id, ids))).all().map((r) => r.id)),
    projectIdsIn: (organizationId: string, ids: string[]): Set<string> =>
      new Set(ids.length === 0 ? [] : db.select({ id: projects.id }).from(projects)
        .where(and(eq(projects.organizationId, organizationId), inArray(projects.id, ids))).all().map((r) => r.id)),
    /** Windows of the organization (status pages show theirs). */
    activeOfOrganization: (organizationId: string): MaintenanceWithLinks[] =>
      withLinks(db.select().from(maintenanceWindows)
        .where(and(eq(maintenanceWindows.organizationId, organizationId), eq(maintenanceWindows.isActive, true))).all()),
  };
}
