// Heartbeat-only reads and writes of monitor rows: token lookup, deadlines, the overdue query.
import { and, asc, eq, gt, lte, ne, sql } from "drizzle-orm";
import type { Db } from "../db/open.ts";
import { monitors } from "../db/schema.ts";
import type { MonitorRows } from "./monitor-rows.ts";
import type { HeartbeatRow, HeartbeatsStore, PingRecord } from "./store.ts";

// SQLite parses the settings once per row for all three (its JSON parse cache), and the ping path builds no object for them.
const setting = (key: string) => `json_extract(settings, '$.${key}')`;

type RawHeartbeatRow = Omit<HeartbeatRow, "isPaused"> & { isPaused: number };

export function heartbeatsStore(db: Db, remembered: MonitorRows): HeartbeatsStore {
  const p = sql.placeholder;
  const columns = {
    id: monitors.id, seq: monitors.seq, status: monitors.status, isPaused: monitors.isPaused, intervalSeconds: monitors.intervalSeconds,
    graceSeconds: sql<number | null>`${sql.raw(setting("grace_seconds"))}`, schedule: sql<string | null>`${sql.raw(setting("schedule"))}`,
    timezone: sql<string | null>`${sql.raw(setting("timezone"))}`, nextDueAt: monitors.nextDueAt,
    lastCheckedAt: monitors.lastCheckedAt,
  };
  const isHeartbeat = eq(monitors.kind, "heartbeat");
  // Up or pending, not paused: the monitors a passing deadline can still flip.
  const canGoDown = and(isHeartbeat, eq(monitors.isPaused, false), ne(monitors.status, "down"));
  // Every ping looks its monitor up and may rewrite its row: bare positional statements skip drizzle's mapping.
  const byToken = db.$client.prepare<RawHeartbeatRow, [string]>(
    `SELECT id, seq, status, is_paused AS isPaused, interval_seconds AS intervalSeconds, ${setting("grace_seconds")} AS graceSeconds,
       ${setting("schedule")} AS schedule, ${setting("timezone")} AS timezone, next_due_at AS nextDueAt, last_checked_at AS lastCheckedAt
     FROM monitors WHERE ping_token = ? AND kind = 'heartbeat'`,
  );
  // an imported heartbeat's second URL (Healthchecks' <ping_key>/<slug>): asked only for tokens no monitor has
  const byAlias = db.$client.prepare<{ token: string }, [string]>(
    "SELECT m.ping_token AS token FROM ping_aliases a JOIN monitors m ON m.id = a.monitor_id WHERE a.alias = ?",
  );
  const recordPing = db.$client.prepare<void, [number, number | null, string]>(
    "UPDATE monitors SET last_checked_at = ?, next_due_at = ? WHERE id = ?",
  );
  const overdue = db.select(columns).from(monitors)
    .where(and(lte(monitors.nextDueAt, p("now")), canGoDown)).orderBy(asc(monitors.nextDueAt)).prepare();
  const earliest = db.select({ at: monitors.nextDueAt }).from(monitors)
    .where(and(gt(monitors.nextDueAt, p("from")), lte(monitors.nextDueAt, p("until")), canGoDown))
    .orderBy(asc(monitors.nextDueAt)).limit(1).prepare();

  function rowOf(token: string): HeartbeatRow | undefined {
    const row = byToken.get(token) ?? byToken.get(byAlias.get(token)?.token ?? "");
    return row ? { ...row, isPaused: row.isPaused === 1 } : undefined;
  }
  function record(id: string, at: number, nextDueAt: number | null) {
    remembered.forget(id);
    recordPing.run(at, nextDueAt, id);
  }

  // in-process statements cost no round trip: the batch forms run them one by one
  return {
    byToken: rowOf,
    byTokens(tokens: string[]): Map<string, HeartbeatRow> {
      const found = new Map<string, HeartbeatRow>();
      for (const token of tokens) {
        const row = rowOf(token);
        if (row) found.set(token, row);
      }
      return found;
    },
    byId: (id: string): HeartbeatRow | undefined =>
      db.select(columns).from(monitors).where(and(eq(monitors.id, id), isHeartbeat)).get(),
    /** A ping arrived at `at`; the monitor is next due at `nextDueAt` (null: nothing can flip it). */
    recordPing: record,
    recordPings: (pings: PingRecord[]) => {
      for (const ping of pings) record(ping.id, ping.at, ping.nextDueAt);
    },
    setDeadline(id: string, nextDueAt: number | null) {
      remembered.forget(id);
      db.update(monitors).set({ nextDueAt }).where(and(eq(monitors.id, id), isHeartbeat)).run();
    },
    /** Replaces the deadline only if it is still the one the sweep saw, so a newer ping's deadline survives. */
    replaceDeadline(id: string, was: number, nextDueAt: number | null): boolean {
      remembered.forget(id);
      return db.update(monitors).set({ nextDueAt }).where(and(eq(monitors.id, id), eq(monitors.nextDueAt, was))).returning({ id: monitors.id }).all().length > 0;
    },
    /** Heartbeats whose deadline has passed and that are not down yet (one range scan of monitors_due). */
    overdue: (now: number): HeartbeatRow[] => overdue.all({ now }),
    /** The first deadline in (from, until], or null. */
    earliestDeadline: (from: number, until: number): number | null => earliest.get({ from, until })?.at ?? null,
  };
}
