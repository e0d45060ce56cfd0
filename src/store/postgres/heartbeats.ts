// Heartbeat-only reads and writes of monitor rows: token lookup, deadlines, the overdue query.
import { and, asc, desc, eq, gt, lte, ne, or, sql } from "drizzle-orm";
import { monitors, pingAliases } from "../../db/postgres/schema.ts";
import { first, run, type PgDb } from "../../db/postgres/session.ts";
import type { HeartbeatRow, HeartbeatsStore, PingRecord } from "../store.ts";
import { rawRows } from "./raw.ts";

// json values come back decoded: a number stays a number, a missing key is null
const setting = <T>(key: string) => sql<T | null>`${monitors.settings} -> ${sql.raw(`'${key}'`)}`;

const columns = {
  id: monitors.id, seq: monitors.seq, status: monitors.status, isPaused: monitors.isPaused, intervalSeconds: monitors.intervalSeconds,
  graceSeconds: setting<number>("grace_seconds"), schedule: setting<string>("schedule"), timezone: setting<string>("timezone"),
  nextDueAt: monitors.nextDueAt, lastCheckedAt: monitors.lastCheckedAt,
};
const isHeartbeat = eq(monitors.kind, "heartbeat");
/** `column = ANY($1)`: one parameter however many tokens */
const anyOf = (column: typeof monitors.pingToken | typeof pingAliases.alias, values: string[]) => sql`${column} = ANY(${sql.param(values)}::text[])`;
// Up or pending, not paused: the monitors a passing deadline can still flip.
const canGoDown = and(isHeartbeat, eq(monitors.isPaused, false), ne(monitors.status, "down"));

export function heartbeatsStore(db: PgDb): HeartbeatsStore {
  return {
    /** Its own token first, else an imported heartbeat's second URL (Healthchecks' <ping_key>/<slug>): one query. */
    byToken(token: string): HeartbeatRow | undefined {
      const aliased = db.select({ id: pingAliases.monitorId }).from(pingAliases).where(eq(pingAliases.alias, token));
      const own = eq(monitors.pingToken, token);
      return first(db.select(columns).from(monitors).where(and(isHeartbeat, or(own, eq(monitors.id, sql`(${aliased})`))))
        .orderBy(desc(sql`${own}`)).limit(1));
    },
    /** Own tokens in one query; an alias only for tokens no monitor has (a second query, when there are any). */
    byTokens(tokens: string[]): Map<string, HeartbeatRow> {
      const found = new Map<string, HeartbeatRow>();
      for (const { token, ...row } of run(db.select({ ...columns, token: monitors.pingToken }).from(monitors)
        .where(and(isHeartbeat, anyOf(monitors.pingToken, tokens))))) found.set(token!, row);
      const rest = tokens.filter((token) => !found.has(token));
      if (rest.length === 0) return found;
      for (const { token, ...row } of run(db.select({ ...columns, token: pingAliases.alias }).from(pingAliases)
        .innerJoin(monitors, eq(monitors.id, pingAliases.monitorId)).where(and(isHeartbeat, anyOf(pingAliases.alias, rest))))) found.set(token, row);
      return found;
    },
    byId: (id: string): HeartbeatRow | undefined => first(db.select(columns).from(monitors).where(and(eq(monitors.id, id), isHeartbeat))),
    recordPing: (id: string, at: number, nextDueAt: number | null) =>
      void run(db.update(monitors).set({ lastCheckedAt: at, nextDueAt }).where(eq(monitors.id, id))),
    /** One UPDATE joined to the arrays of ids, times and deadlines. */
    recordPings(pings: PingRecord[]) {
      if (pings.length === 0) return;
      const ids = pings.map((p) => p.id), ats = pings.map((p) => p.at), dues = pings.map((p) => p.nextDueAt);
      rawRows(db, sql`UPDATE ${monitors} SET last_checked_at = v.at, next_due_at = v.due
        FROM unnest(${sql.param(ids)}::text[], ${sql.param(ats)}::bigint[], ${sql.param(dues)}::bigint[]) AS v(id, at, due)
        WHERE ${monitors.id} = v.id`);
    },
    setDeadline: (id: string, nextDueAt: number | null) =>
      void run(db.update(monitors).set({ nextDueAt }).where(and(eq(monitors.id, id), isHeartbeat))),
    /** Only if it is still the deadline the sweep saw, so a newer ping's deadline survives (decided in the UPDATE). */
    replaceDeadline: (id: string, was: number, nextDueAt: number | null) =>
      run(db.update(monitors).set({ nextDueAt }).where(and(eq(monitors.id, id), eq(monitors.nextDueAt, was))).returning({ id: monitors.id })).length > 0,
    overdue: (now: number): HeartbeatRow[] =>
      run(db.select(columns).from(monitors).where(and(lte(monitors.nextDueAt, now), canGoDown)).orderBy(asc(monitors.nextDueAt))),
    earliestDeadline: (from: number, until: number): number | null =>
      first(db.select({ at: monitors.nextDueAt }).from(monitors)
        .where(and(gt(monitors.nextDueAt, from), lte(monitors.nextDueAt, until), canGoDown))
        .orderBy(asc(monitors.nextDueAt)).limit(1))?.at ?? null,
  };
}
