import { and, asc, count, desc, eq } from "drizzle-orm";
import { memberships, monitors, projects } from "../../db/postgres/schema.ts";
import { first, run, type PgDb } from "../../db/postgres/session.ts";
import type { ProjectRow } from "../../domain/types.ts";
import { newId } from "../../ids.ts";
import type { ProjectsStore } from "../store.ts";

export function projectsStore(db: PgDb): ProjectsStore {
  const visibleTo = (userId: string) =>
    db.select({ project: projects, role: memberships.role }).from(projects)
      .innerJoin(memberships, and(eq(memberships.organizationId, projects.organizationId), eq(memberships.userId, userId)));
  return {
    organizationOf: (projectId: string) =>
      first(db.select({ organizationId: projects.organizationId }).from(projects).where(eq(projects.id, projectId)))?.organizationId,
    create(input: { organizationId: string; name: string; isDefault?: boolean }, now: number): ProjectRow {
      const row = { id: newId(), isDefault: false, ...input, createdAt: now, updatedAt: now };
      run(db.insert(projects).values(row));
      return row;
    },
    byId: (id: string) => first(db.select().from(projects).where(eq(projects.id, id))),
    listForUser: (userId: string, organizationId?: string) =>
      run(visibleTo(userId).where(organizationId ? eq(projects.organizationId, organizationId) : undefined).orderBy(desc(projects.createdAt), desc(projects.id))),
    getForUser: (id: string, userId: string) => first(visibleTo(userId).where(eq(projects.id, id))),
    defaultOf: (organizationId: string) =>
      first(db.select().from(projects).where(eq(projects.organizationId, organizationId)).orderBy(desc(projects.isDefault), asc(projects.createdAt)).limit(1)),
    rename: (id: string, name: string, now: number) => void run(db.update(projects).set({ name, updatedAt: now }).where(eq(projects.id, id))),
    delete: (id: string) => void run(db.delete(projects).where(eq(projects.id, id))),
    countMonitors: (id: string) => first(db.select({ n: count() }).from(monitors).where(eq(monitors.projectId, id)))!.n,
  };
}
