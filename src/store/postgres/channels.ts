import { and, desc, eq, inArray, lt, sql } from "drizzle-orm";
import { channels, memberships, monitorChannels, monitors, projectChannels, projects } from "../../db/postgres/schema.ts";
import { first, run, type PgDb } from "../../db/postgres/session.ts";
import type { ChannelRow } from "../../domain/types.ts";
import { newId } from "../../ids.ts";
import { listsByKey } from "../grouping.ts";
import type { ChannelsStore, NewChannel, Store } from "../store.ts";

export function channelsStore(db: PgDb, transaction: Store["transaction"]): ChannelsStore {
  const withRole = { channel: channels, role: memberships.role };
  const visibleTo = (userId: string) =>
    db.select(withRole).from(channels)
      .innerJoin(memberships, and(eq(memberships.organizationId, channels.organizationId), eq(memberships.userId, userId)));
  const monitorLinks = (monitorId: string) =>
    run(db.select({ id: monitorChannels.channelId }).from(monitorChannels).where(eq(monitorChannels.monitorId, monitorId))
      .orderBy(monitorChannels.channelId)).map((r) => r.id);

  function replaceLinks(table: typeof monitorChannels | typeof projectChannels, owner: { column: "monitorId" | "projectId"; id: string }, channelIds: string[]) {
    transaction(() => {
      const ownerColumn = owner.column === "monitorId" ? monitorChannels.monitorId : projectChannels.projectId;
      run(db.delete(table).where(eq(ownerColumn, owner.id)));
      if (channelIds.length > 0) {
        run(db.insert(table).values(channelIds.map((channelId) => ({ [owner.column]: owner.id, channelId }) as never)).onConflictDoNothing());
      }
    });
  }

  return {
    insert: (input: NewChannel, now: number): ChannelRow =>
      first(db.insert(channels).values({ ...input, id: newId(), createdAt: now, updatedAt: now }).returning())!,
    byId: (id: string) => first(db.select().from(channels).where(eq(channels.id, id))),
    getForUser: (id: string, userId: string) => first(visibleTo(userId).where(eq(channels.id, id))),
    /** Newest first; `beforeMs` pages back by creation time. */
    listForUser: (userId: string, beforeMs?: number) =>
      run(visibleTo(userId).where(beforeMs === undefined ? undefined : lt(channels.createdAt, beforeMs))
        .orderBy(desc(channels.createdAt), desc(channels.id))),
    update: (id: string, changes: Partial<NewChannel>, now: number): ChannelRow =>
      first(db.update(channels).set({ ...changes, updatedAt: now }).where(eq(channels.id, id)).returning())!,
    delete: (id: string) => void run(db.delete(channels).where(eq(channels.id, id))),
    idsInOrganization: (organizationId: string, ids: string[]): Set<string> =>
      new Set(ids.length === 0 ? [] : run(db.select({ id: channels.id }).from(channels)
        .where(and(eq(channels.organizationId, organizationId), inArray(channels.id, ids)))).map((r) => r.id)),
    defaultIdsOf: (organizationId: string): string[] =>
      run(db.select({ id: channels.id }).from(channels)
        .where(and(eq(channels.organizationId, organizationId), eq(channels.isDefault, true)))).map((r) => r.id),
    monitorLinks,
    /** Channel ids per monitor, for a page of monitors in one query. */
    monitorLinksOf: (monitorIds: string[]): Map<string, string[]> =>
      listsByKey(monitorIds, monitorIds.length === 0 ? [] : run(db.select().from(monitorChannels)
        .where(inArray(monitorChannels.monitorId, monitorIds)).orderBy(monitorChannels.channelId)), (r) => r.monitorId, (r) => r.channelId),
    setMonitorLinks: (monitorId: string, channelIds: string[]) =>
      replaceLinks(monitorChannels, { column: "monitorId", id: monitorId }, channelIds),
    projectLinks: (projectId: string): string[] =>
      run(db.select({ id: projectChannels.channelId }).from(projectChannels).where(eq(projectChannels.projectId, projectId))
        .orderBy(projectChannels.channelId)).map((r) => r.id),
    setProjectLinks: (projectId: string, channelIds: string[]) =>
      replaceLinks(projectChannels, { column: "projectId", id: projectId }, channelIds),
    /** Links the channel to every monitor of its organization; returns how many links were added. */
    linkAll: (channelId: string, organizationId: string): number =>
      run(db.insert(monitorChannels)
        .select(db.select({ monitorId: monitors.id, channelId: sql<string>`${channelId}::text`.as("channel_id") }).from(monitors)
          .innerJoin(projects, eq(projects.id, monitors.projectId)).where(eq(projects.organizationId, organizationId)))
        .onConflictDoNothing().returning({ monitorId: monitorChannels.monitorId })).length,
    /** The enabled channels an alert of this monitor goes to (its own links and its project's). */
    routeOf: (monitorId: string, projectId: string): { id: string; kind: string }[] =>
      run(db.select({ id: channels.id, kind: channels.kind }).from(channels).where(and(
        eq(channels.isEnabled, true),
        inArray(channels.id, db.select({ id: monitorChannels.channelId }).from(monitorChannels).where(eq(monitorChannels.monitorId, monitorId))
          .union(db.select({ id: projectChannels.channelId }).from(projectChannels).where(eq(projectChannels.projectId, projectId)))),
      ))),
    recordSent: (id: string, at: number) => void run(db.update(channels).set({ lastSentAt: at, lastError: null }).where(eq(channels.id, id))),
    recordError: (id: string, error: string) => void run(db.update(channels).set({ lastError: error }).where(eq(channels.id, id))),
  };
}
