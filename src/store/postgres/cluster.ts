import { and, count, eq, gt, inArray, max, ne, sql } from "drizzle-orm";
import { instances, monitorLeases, monitors } from "../../db/postgres/schema.ts";
import { first, run, type PgDb } from "../../db/postgres/session.ts";
import { rawRows } from "./raw.ts";
import type { MonitorRow } from "../../domain/types.ts";
import type { ClusterStore } from "../store.ts";

// the database's clock in Unix milliseconds: every instance's beats and timeouts on one clock
const dbNow = sql<number>`(extract(epoch from clock_timestamp()) * 1000)::bigint`;

/** `column = ANY($1)`: one parameter however many ids (the wire protocol allows 65,535 parameters a statement) */
const anyOf = (column: typeof monitors.id | typeof monitorLeases.monitorId, ids: string[]) => sql`${column} = ANY(${sql.param(ids)}::text[])`;

/**
 * A claim that took this many leases is followed by an ANALYZE of the leases table. A first start fills it from
 * empty, and without statistics on it the planner took `region = ''` for 0.5 % of its rows: past ~25,000 leases
 * it joined the free monitors to them by a nested loop over every lease (a claim of 5,000 outlasted 30 s).
 */
const ANALYZE_AFTER_CLAIMED = 1_000;

/** The monitors a pool holds: '' those listing no regions (any instance), a label those listing it. */
const inPool = (pool: string) =>
  pool === "" ? sql`json_array_length(${monitors.regions}) = 0` : sql`${monitors.regions}::jsonb @> jsonb_build_array(${pool}::text)`;

export function clusterStore(db: PgDb): ClusterStore {
  const scheduled = (kinds: string[], pool: string) =>
    and(eq(monitors.isPaused, false), inArray(monitors.kind, kinds as MonitorRow["kind"][]), inPool(pool));
  const alive = (timeoutMs: number) => sql`${instances.beatAt} > ${dbNow} - ${timeoutMs}`;
  return {
    beat(instanceId: string, region: string | null, held: ReadonlyMap<string, number>) {
      const counts = { heldShared: held.get("") ?? 0, heldRegional: region === null ? 0 : held.get(region) ?? 0 };
      run(db.insert(instances).values({ id: instanceId, region, startedAt: dbNow, beatAt: dbNow, ...counts })
        .onConflictDoUpdate({ target: instances.id, set: { beatAt: dbNow, region, ...counts } }));
    },
    liveShares: (timeoutMs: number, pool = "") =>
      run(db.select({ n: pool === "" ? instances.heldShared : instances.heldRegional }).from(instances)
        .where(and(alive(timeoutMs), pool === "" ? undefined : eq(instances.region, pool)))).map((r) => r.n),
    liveRegions: (timeoutMs: number) =>
      run(db.selectDistinct({ region: instances.region }).from(instances).where(alive(timeoutMs)))
        .flatMap((r) => (r.region === null ? [] : [r.region])),
    nextExpiry: (instanceId: string, timeoutMs: number) =>
      first(db.select({ ms: sql<number | null>`(min(${instances.beatAt}) + ${timeoutMs} - ${dbNow})::int` }).from(instances)
        .where(and(ne(instances.id, instanceId), alive(timeoutMs))))?.ms ?? null,
    scheduledCount: (kinds: string[], pool = "") => first(db.select({ n: count() }).from(monitors).where(scheduled(kinds, pool)))!.n,
    claim(instanceId: string, kinds: string[], max: number, timeoutMs: number, afterSeq = 0, pool = ""): MonitorRow[] {
      if (max <= 0) return [];
      // free: never held, or held by an instance that stopped beating; rows locked by another claim are skipped
      const free = db.select({ id: monitors.id }).from(monitors)
        .leftJoin(monitorLeases, and(eq(monitorLeases.monitorId, monitors.id), eq(monitorLeases.region, pool)))
        .leftJoin(instances, eq(instances.id, monitorLeases.instanceId))
        .where(and(scheduled(kinds, pool), gt(monitors.seq, afterSeq),
          sql`(${monitorLeases.instanceId} IS NULL OR ${instances.id} IS NULL OR NOT (${alive(timeoutMs)}))`))
        .orderBy(monitors.seq).limit(max).for("update", { of: monitors, skipLocked: true });
      const taken = run(db.insert(monitorLeases)
        .select(db.select({
          monitorId: monitors.id, region: sql`${pool}::text`.as("region"), instanceId: sql`${instanceId}`.as("instance_id"), claimedAt: sql`${dbNow}`.as("claimed_at"),
        }).from(monitors).where(inArray(monitors.id, free)))
        // the lease as it is now, not as this statement first saw it: a claim by another instance that committed
        // meanwhile (two survivors taking over at once) is not taken from it
        .onConflictDoUpdate({
          target: [monitorLeases.monitorId, monitorLeases.region], set: { instanceId, claimedAt: dbNow },
          setWhere: sql`NOT EXISTS (SELECT 1 FROM ${instances} WHERE ${instances.id} = ${monitorLeases.instanceId} AND ${alive(timeoutMs)})`,
        })
        .returning({ id: monitorLeases.monitorId }));
      if (taken.length === 0) return [];
      // SKIP_LOCKED: an ANALYZE another instance is running serves as well as this one's
      if (taken.length >= ANALYZE_AFTER_CLAIMED) {
        // the leases are committed: statistics that could not be made now are only a slower next claim
        try {
          rawRows(db, sql`ANALYZE (SKIP_LOCKED) ${monitorLeases}`);
        } catch (error) {
          console.error(`upbeat: could not analyze the leases table: ${(error as Error).message}`);
        }
      }
      return run(db.select().from(monitors).where(anyOf(monitors.id, taken.map((t) => t.id))).orderBy(monitors.seq));
    },
    heldCount: (instanceId: string) => first(db.select({ n: count() }).from(monitorLeases).where(eq(monitorLeases.instanceId, instanceId)))!.n,
    heldIds: (instanceId: string) =>
      run(db.select({ id: monitorLeases.monitorId }).from(monitorLeases).where(eq(monitorLeases.instanceId, instanceId))).map((r) => r.id),
    // taken by every insert, edit and deletion (migrations 0001, 0003); read outside any transaction, so a change may
    // commit a moment after its number shows
    // a fresh sequence shows last_value 1 before its first number is taken, and 1 again after: is_called tells them apart
    changeCounter: () => Number(rawRows<{ n: string }>(db,
      sql`SELECT (CASE WHEN is_called THEN last_value ELSE 0 END)::text AS n FROM monitors_change_counter`)[0]!.n),
    // change_seq comes from the database (a trigger, migration 0001): no instance's clock is involved
    newestChange: () => first(db.select({ n: max(monitors.changeSeq) }).from(monitors))?.n ?? 0,
    editedAfter: (instanceId: string, after: number) =>
      run(db.select({ id: monitors.id }).from(monitors)
        .innerJoin(monitorLeases, eq(monitorLeases.monitorId, monitors.id))
        // the number written into the statement: a prepared statement's generic plan, not knowing it, would join
        // every lease of the instance (tens of ms at 10,000) instead of the few index entries above it
        .where(and(eq(monitorLeases.instanceId, instanceId), gt(monitors.changeSeq, sql.raw(String(Math.trunc(after))))))).map((r) => r.id),
    rowsOf: (monitorIds: string[]) => run(db.select().from(monitors).where(anyOf(monitors.id, monitorIds))),
    release: (instanceId: string, monitorIds: string[]) =>
      void run(db.delete(monitorLeases).where(and(eq(monitorLeases.instanceId, instanceId), anyOf(monitorLeases.monitorId, monitorIds)))),
    leave(instanceId: string) {
      run(db.delete(monitorLeases).where(eq(monitorLeases.instanceId, instanceId)));
      run(db.delete(instances).where(eq(instances.id, instanceId)));
    },
  };
}
