import { and, asc, count, desc, eq, sql } from "drizzle-orm";
import type { Db } from "../db/open.ts";
import { memberships, monitors, projects } from "../db/schema.ts";
import type { ProjectRow } from "../domain/types.ts";
import { newId } from "../ids.ts";
import { BoundedCache } from "./cache.ts";
import type { MonitorRows } from "./monitor-rows.ts";
import type { ProjectsStore } from "./store.ts";

export function projectsStore(db: Db, remembered: MonitorRows): ProjectsStore {
  const withRole = { project: projects, role: memberships.role };
  const visibleTo = (userId: string) =>
    db.select(withRole).from(projects)
      .innerJoin(memberships, and(eq(memberships.organizationId, projects.organizationId), eq(memberships.userId, userId)));
  // a project never changes organization, so this answer only goes stale when the project is deleted
  const owners = new BoundedCache<string, string | undefined>(Infinity, 100_000);
  const ownerOf = db.select({ organizationId: projects.organizationId }).from(projects)
    .where(eq(projects.id, sql.placeholder("id"))).prepare();
  return {
    organizationOf: (projectId: string): string | undefined =>
      owners.get(projectId, () => ownerOf.get({ id: projectId })?.organizationId),
    create(input: { organizationId: string; name: string; isDefault?: boolean }, now: number): ProjectRow {
      const row = { id: newId(), isDefault: false, ...input, createdAt: now, updatedAt: now };
      db.insert(projects).values(row).run();
      return row;
    },
    byId: (id: string): ProjectRow | undefined => db.select().from(projects).where(eq(projects.id, id)).get(),
    listForUser: (userId: string, organizationId?: string) =>
      visibleTo(userId)
        .where(organizationId ? eq(projects.organizationId, organizationId) : undefined)
        .orderBy(desc(projects.createdAt), desc(projects.id)).all(),
    getForUser: (id: string, userId: string) => visibleTo(userId).where(eq(projects.id, id)).get(),
    defaultOf: (organizationId: string): ProjectRow | undefined =>
      db.select().from(projects)
        .where(eq(projects.organizationId, organizationId))
        .orderBy(desc(projects.isDefault), asc(projects.createdAt)).get(),
    rename: (id: string, name: string, now: number) =>
      db.update(projects).set({ name, updatedAt: now }).where(eq(projects.id, id)).run(),
    delete(id: string) {
      db.delete(projects).where(eq(projects.id, id)).run();
      owners.delete(id);
      remembered.clear(); // its monitors went with it (ON DELETE CASCADE)
    },
    countMonitors: (id: string): number =>
      db.select({ n: count() }).from(monitors).where(eq(monitors.projectId, id)).get()!.n,
  };
}
