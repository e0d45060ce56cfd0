import { and, desc, eq, inArray, lt } from "drizzle-orm";
import type { Db } from "../db/open.ts";
import { channels, memberships, monitorChannels, projectChannels } from "../db/schema.ts";
import type { ChannelRow } from "../domain/types.ts";
import { newId } from "../ids.ts";
import { BoundedCache } from "./cache.ts";
import { listsByKey } from "./grouping.ts";
import type { ChannelsStore, NewChannel } from "./store.ts";

/** `deleted` tells the stores whose rows cascade with a channel (their remembered reads go stale). */
export function channelsStore(db: Db, deleted: () => void): ChannelsStore {
  const withRole = { channel: channels, role: memberships.role };
  const visibleTo = (userId: string) =>
    db.select(withRole).from(channels)
      .innerJoin(memberships, and(eq(memberships.organizationId, channels.organizationId), eq(memberships.userId, userId)));
  // runs inside every flip's transaction: the enabled channels linked to a monitor or to its project
  const routeOf = db.$client.query(
    `SELECT c.id, c.kind FROM channels c WHERE c.is_enabled = 1 AND c.id IN (
       SELECT channel_id FROM monitor_channels WHERE monitor_id = ?1
       UNION SELECT channel_id FROM project_channels WHERE project_id = ?2)`,
  );
  const linksOfMonitor = db.$client.query("SELECT channel_id AS id FROM monitor_channels WHERE monitor_id = ? ORDER BY channel_id");
  // a page of monitors (a JSON array of ids): one statement for any page, where drizzle built one per call
  const linksOfMany = db.$client.query<{ monitorId: string; channelId: string }, [string]>(
    "SELECT monitor_id AS monitorId, channel_id AS channelId FROM monitor_channels WHERE monitor_id IN (SELECT value FROM json_each(?)) ORDER BY channel_id",
  );
  // every create asks (prepared once: drizzle built this query on every call)
  const defaultIds = db.$client.query<{ id: string }, [string]>("SELECT id FROM channels WHERE organization_id = ? AND is_default = 1");
  // every API read of a monitor shows its channel_ids (the query was a third of a GET); the link writers below clear it
  const linked = new BoundedCache<string, string[]>(30_000);

  function replaceLinks(table: typeof monitorChannels | typeof projectChannels, owner: { column: "monitorId" | "projectId"; id: string }, channelIds: string[]) {
    db.transaction((tx) => {
      const ownerColumn = owner.column === "monitorId" ? monitorChannels.monitorId : projectChannels.projectId;
      tx.delete(table).where(eq(ownerColumn, owner.id)).run();
      if (channelIds.length > 0) {
        tx.insert(table).values(channelIds.map((channelId) => ({ [owner.column]: owner.id, channelId }) as never)).onConflictDoNothing().run();
      }
    });
  }

  return {
    insert(input: NewChannel, now: number): ChannelRow {
      return db.insert(channels).values({ ...input, id: newId(), createdAt: now, updatedAt: now }).returning().get();
    },
    byId: (id: string): ChannelRow | undefined => db.select().from(channels).where(eq(channels.id, id)).get(),
    getForUser: (id: string, userId: string) => visibleTo(userId).where(eq(channels.id, id)).get(),
    /** Newest first; `beforeMs` pages back by creation time. */
    listForUser: (userId: string, beforeMs?: number) =>
      visibleTo(userId).where(beforeMs === undefined ? undefined : lt(channels.createdAt, beforeMs))
        .orderBy(desc(channels.createdAt), desc(channels.id)).all(),
    update(id: string, changes: Partial<NewChannel>, now: number): ChannelRow {
      return db.update(channels).set({ ...changes, updatedAt: now }).where(eq(channels.id, id)).returning().get()!;
    },
    delete(id: string) {
      db.delete(channels).where(eq(channels.id, id)).run();
      linked.clear();
      deleted();
    },
    /** Which of these ids are channels of the organization. */
    idsInOrganization: (organizationId: string, ids: string[]): Set<string> =>
      new Set(ids.length === 0 ? [] : db.select({ id: channels.id }).from(channels)
        .where(and(eq(channels.organizationId, organizationId), inArray(channels.id, ids))).all().map((r) => r.id)),
    defaultIdsOf: (organizationId: string): string[] => defaultIds.all(organizationId).map((r) => r.id),
    monitorLinks: (monitorId: string): string[] =>
      linked.get(monitorId, () => (linksOfMonitor.all(monitorId) as { id: string }[]).map((r) => r.id)),
    /** Channel ids per monitor, for a page of monitors in one query. */
    monitorLinksOf: (monitorIds: string[]): Map<string, string[]> =>
      listsByKey(monitorIds, monitorIds.length === 0 ? [] : linksOfMany.all(JSON.stringify(monitorIds)), (r) => r.monitorId, (r) => r.channelId),
    setMonitorLinks(monitorId: string, channelIds: string[]) {
      replaceLinks(monitorChannels, { column: "monitorId", id: monitorId }, channelIds);
      linked.delete(monitorId);
    },
    projectLinks: (projectId: string): string[] =>
      db.select({ id: projectChannels.channelId }).from(projectChannels).where(eq(projectChannels.projectId, projectId))
        .orderBy(projectChannels.channelId).all().map((r) => r.id),
    setProjectLinks: (projectId: string, channelIds: string[]) =>
      replaceLinks(projectChannels, { column: "projectId", id: projectId }, channelIds),
    /** Links the channel to every monitor of its organization; returns how many links were added. */
    linkAll(channelId: string, organizationId: string): number {
      linked.clear();
      return db.$client.run(
        `INSERT OR IGNORE INTO monitor_channels (monitor_id, channel_id)
         SELECT m.id, ?1 FROM monitors m JOIN projects p ON p.id = m.project_id WHERE p.organization_id = ?2`,
        [channelId, organizationId],
      ).changes;
    },
    /** The enabled channels an alert of this monitor goes to (its own links and its project's). */
    routeOf: (monitorId: string, projectId: string): { id: string; kind: string }[] =>
      routeOf.all(monitorId, projectId) as { id: string; kind: string }[],
    recordSent: (id: string, at: number) =>
      db.update(channels).set({ lastSentAt: at, lastError: null }).where(eq(channels.id, id)).run(),
    recordError: (id: string, error: string) =>
      db.update(channels).set({ lastError: error }).where(eq(channels.id, id)).run(),
  };
}
