import { and, asc, count, desc, eq, gt, inArray, sql, type SQL } from "drizzle-orm";
import { memberships, monitors, projects } from "../../db/postgres/schema.ts";
import { first, run, type PgDb } from "../../db/postgres/session.ts";
import type { MonitorRow } from "../../domain/types.ts";
import { newId } from "../../ids.ts";
import type { MonitorChanges, MonitorFilter, MonitorsStore, NewMonitor } from "../store.ts";

/** Monitors read per round trip while the scheduler streams them at start. */
const ACTIVE_BATCH = 1000;

/** strpos() rather than LIKE: the text's % and _ are plain characters. */
const containsText = (text: string) =>
  sql`(strpos(lower(${monitors.name}), lower(${text})) > 0 OR strpos(lower(coalesce(${monitors.url}, '')), lower(${text})) > 0)`;

export function monitorsStore(db: PgDb): MonitorsStore {
  const byId = (id: string) => first(db.select().from(monitors).where(eq(monitors.id, id)));
  return {
    insert: (input: NewMonitor, now: number): MonitorRow =>
      first(db.insert(monitors).values({ ...input, id: newId(), createdAt: now, updatedAt: now }).returning())!,
    byId,
    byPingToken: (token: string) => first(db.select().from(monitors).where(eq(monitors.pingToken, token))),
    listForUser(userId: string, filter: MonitorFilter, limit: number, offset: number) {
      const where = and(
        filter.projectId ? eq(monitors.projectId, filter.projectId) : undefined,
        filter.kind ? eq(monitors.kind, filter.kind) : undefined,
        filter.status ? eq(monitors.status, filter.status) : undefined,
        filter.ids ? inArray(monitors.id, filter.ids) : undefined,
        filter.text ? containsText(filter.text) : undefined,
      ) as SQL | undefined;
      const member = and(eq(memberships.organizationId, projects.organizationId), eq(memberships.userId, userId));
      const rows = run(db.select({ monitor: monitors, role: memberships.role, organizationId: projects.organizationId }).from(monitors)
        .innerJoin(projects, eq(projects.id, monitors.projectId)).innerJoin(memberships, member)
        .where(where).orderBy(desc(monitors.createdAt), desc(monitors.id)).limit(limit).offset(offset));
      const total = first(db.select({ n: count() }).from(monitors)
        .innerJoin(projects, eq(projects.id, monitors.projectId)).innerJoin(memberships, member).where(where))!.n;
      return { rows, total };
    },
    update: (id: string, changes: MonitorChanges, now: number) =>
      first(db.update(monitors).set({ ...changes, updatedAt: now }).where(eq(monitors.id, id)).returning()),
    setStatusReason: (id: string, reason: string | null) => void run(db.update(monitors).set({ statusReason: reason }).where(eq(monitors.id, id))),
    delete: (id: string) => void run(db.delete(monitors).where(eq(monitors.id, id))),
    /** In batches by seq, so 100,000 monitors never sit in one array. */
    *active(): Generator<MonitorRow> {
      for (let after = 0; ;) {
        const batch = run(db.select().from(monitors).where(and(eq(monitors.isPaused, false), gt(monitors.seq, after)))
          .orderBy(asc(monitors.seq)).limit(ACTIVE_BATCH));
        yield* batch;
        if (batch.length < ACTIVE_BATCH) return;
        after = batch.at(-1)!.seq;
      }
    },
  };
}
