import { and, desc, eq, inArray, lt, or } from "drizzle-orm";
import { maintenanceMonitors, maintenanceProjects, maintenanceWindows, memberships, monitors, projects } from "../../db/postgres/schema.ts";
import { first, run, type PgDb } from "../../db/postgres/session.ts";
import type { MaintenanceRow } from "../../domain/types.ts";
import { newId } from "../../ids.ts";
import { listsByKey } from "../grouping.ts";
import type { MaintenanceLinks, MaintenanceStore, MaintenanceWithLinks, NewMaintenance, Store } from "../store.ts";

export function maintenanceStore(db: PgDb, transaction: Store["transaction"]): MaintenanceStore {
  const visibleTo = (userId: string) =>
    db.select({ window: maintenanceWindows, role: memberships.role }).from(maintenanceWindows)
      .innerJoin(memberships, and(eq(memberships.organizationId, maintenanceWindows.organizationId), eq(memberships.userId, userId)));

  function withLinks(rows: MaintenanceRow[]): MaintenanceWithLinks[] {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const monitorIds = listsByKey(ids, run(db.select().from(maintenanceMonitors).where(inArray(maintenanceMonitors.maintenanceId, ids))
      .orderBy(maintenanceMonitors.monitorId)), (r) => r.maintenanceId, (r) => r.monitorId);
    const projectIds = listsByKey(ids, run(db.select().from(maintenanceProjects).where(inArray(maintenanceProjects.maintenanceId, ids))
      .orderBy(maintenanceProjects.projectId)), (r) => r.maintenanceId, (r) => r.projectId);
    return rows.map((r) => ({ ...r, monitorIds: monitorIds.get(r.id)!, projectIds: projectIds.get(r.id)! }));
  }

  /** Writes the window (its row from `write`) and replaces its links, in one transaction. */
  const saved = (write: () => MaintenanceRow, links: MaintenanceLinks): MaintenanceWithLinks =>
    transaction(() => {
      const row = write();
      run(db.delete(maintenanceMonitors).where(eq(maintenanceMonitors.maintenanceId, row.id)));
      run(db.delete(maintenanceProjects).where(eq(maintenanceProjects.maintenanceId, row.id)));
      if (links.monitorIds.length > 0) run(db.insert(maintenanceMonitors).values(links.monitorIds.map((monitorId) => ({ maintenanceId: row.id, monitorId }))));
      if (links.projectIds.length > 0) run(db.insert(maintenanceProjects).values(links.projectIds.map((projectId) => ({ maintenanceId: row.id, projectId }))));
      return withLinks([row])[0]!;
    });

  return {
    insert: (input: NewMaintenance, links: MaintenanceLinks, now: number): MaintenanceWithLinks =>
      saved(() => first(db.insert(maintenanceWindows).values({ ...input, id: newId(), createdAt: now, updatedAt: now }).returning())!, links),
    update: (id: string, changes: Partial<NewMaintenance>, links: MaintenanceLinks, now: number): MaintenanceWithLinks =>
      saved(() => first(db.update(maintenanceWindows).set({ ...changes, updatedAt: now }).where(eq(maintenanceWindows.id, id)).returning())!, links),
    delete: (id: string) => void run(db.delete(maintenanceWindows).where(eq(maintenanceWindows.id, id))),
    getForUser(id: string, userId: string) {
      const found = first(visibleTo(userId).where(eq(maintenanceWindows.id, id)));
      return found ? { window: withLinks([found.window])[0]!, role: found.role } : undefined;
    },
    /** Newest first; `beforeMs` pages back by creation time. */
    listForUser: (userId: string, beforeMs?: number): MaintenanceWithLinks[] =>
      withLinks(run(visibleTo(userId).where(beforeMs === undefined ? undefined : lt(maintenanceWindows.createdAt, beforeMs))
        .orderBy(desc(maintenanceWindows.createdAt), desc(maintenanceWindows.id))).map((r) => r.window)),
    /** Active windows naming the monitor or its project. */
    covering: (monitorId: string, projectId: string): MaintenanceRow[] =>
      run(db.select().from(maintenanceWindows).where(and(
        eq(maintenanceWindows.isActive, true),
        or(
          inArray(maintenanceWindows.id, db.select({ id: maintenanceMonitors.maintenanceId }).from(maintenanceMonitors)
            .where(eq(maintenanceMonitors.monitorId, monitorId))),
          inArray(maintenanceWindows.id, db.select({ id: maintenanceProjects.maintenanceId }).from(maintenanceProjects)
            .where(eq(maintenanceProjects.projectId, projectId))),
        ),
      ))),
    /** Every active window with its links (the end-of-window sweep; a handful per organization). */
    allActive: (): MaintenanceWithLinks[] => withLinks(run(db.select().from(maintenanceWindows).where(eq(maintenanceWindows.isActive, true)))),
    /** Claims the handling of ends up to `upTo` once: false when another sweep got there first. */
    markEndHandled: (w: MaintenanceRow, upTo: number): boolean =>
      run(db.update(maintenanceWindows).set({ endHandledAt: upTo })
        .where(and(eq(maintenanceWindows.id, w.id), eq(maintenanceWindows.endHandledAt, w.endHandledAt)))
        .returning({ id: maintenanceWindows.id })).length === 1,
    /** The monitors a window covers now: those named and those of the projects named. */
    monitorIdsCovered: (links: MaintenanceLinks): string[] =>
      run(db.select({ id: monitors.id }).from(monitors)
        .where(or(inArray(monitors.id, links.monitorIds), inArray(monitors.projectId, links.projectIds)))).map((r) => r.id),
    /** Which of these ids are monitors / projects of the organization. */
    monitorIdsIn: (organizationId: string, ids: string[]): Set<string> =>
      new Set(ids.length === 0 ? [] : run(db.select({ id: monitors.id }).from(monitors).innerJoin(projects, eq(projects.id, monitors.projectId))
        .where(and(eq(projects.organizationId, organizationId), inArray(monitors.id, ids)))).map((r) => r.id)),
    projectIdsIn: (organizationId: string, ids: string[]): Set<string> =>
      new Set(ids.length === 0 ? [] : run(db.select({ id: projects.id }).from(projects)
        .where(and(eq(projects.organizationId, organizationId), inArray(projects.id, ids)))).map((r) => r.id)),
    /** Windows of the organization (status pages show theirs). */
    activeOfOrganization: (organizationId: string): MaintenanceWithLinks[] =>
      withLinks(run(db.select().from(maintenanceWindows)
        .where(and(eq(maintenanceWindows.organizationId, organizationId), eq(maintenanceWindows.isActive, true))))),
  };
}
