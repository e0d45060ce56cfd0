import { and, asc, desc, eq, gte, inArray, lt, ne, sql, type SQL } from "drizzle-orm";
import { monitors, pulses } from "../../db/postgres/schema.ts";
import { first, run, type PgDb } from "../../db/postgres/session.ts";
import type { PulseRow } from "../../domain/types.ts";
import { cursorTime } from "../pulse-cursor.ts";
import type { PulsesStore, RunEvent } from "../store.ts";
import { rawRows } from "./raw.ts";

// Pulses of one millisecond are ordered by id: a UUIDv7 that one process makes in increasing order
// (Bun counts up within a millisecond), so "newest first" is the order they came in.
const newestFirst = [desc(pulses.receivedAt), desc(pulses.id)];

/** How far back an end looks for its start when the newest run event is not it (a few concurrent runs). */
const RID_SEARCH_PULSES = 1000;
/** Rows a multi-row INSERT (10 parameters each; the wire protocol allows 65,535 a statement). */
const INSERT_CHUNK_ROWS = 5000;
/** Rows deleted per statement while pruning, so a big backlog is never one huge transaction. */
const PRUNE_CHUNK_ROWS = 5000;

// a monitor's pulses are keyed by its seq; callers know it by id
const ofMonitor = (monitorId: string) => eq(pulses.monitorSeq, sql`(SELECT ${monitors.seq} FROM ${monitors} WHERE ${monitors.id} = ${monitorId})`);

export function pulsesStore(db: PgDb): PulsesStore {
  const runEvent = { type: pulses.type, rid: pulses.rid, receivedAt: pulses.receivedAt };
  const isRunEvent = ne(pulses.type, "log");
  const isRunEnd = inArray(pulses.type, ["success", "fail"]);
  return {
    list(monitorId: string, limit: number, before?: { ms: number } | { id: string }): PulseRow[] {
      let older: SQL | undefined;
      if (before && "ms" in before) older = lt(pulses.receivedAt, before.ms);
      if (before && "id" in before) {
        const id = before.id;
        const at = cursorTime(id, (range) => first(db.select({ at: pulses.receivedAt }).from(pulses)
          .where(and(ofMonitor(monitorId), range && gte(pulses.receivedAt, range[0]), range && lt(pulses.receivedAt, range[1]), eq(pulses.id, id))))?.at);
        if (at === undefined) return [];
        older = sql`(${pulses.receivedAt}, ${pulses.id}) < (${at}, ${id})`;
      }
      return run(db.select().from(pulses).where(and(ofMonitor(monitorId), older)).orderBy(...newestFirst).limit(limit));
    },
    /** Counts and durations in one query. */
    resultsSince(monitorId: string, sinceMs: number) {
      const totals = first(db.select({
        total: sql<number>`count(*)`.mapWith(Number),
        up: sql<number>`count(*) FILTER (WHERE ${pulses.type} = 'success')`.mapWith(Number),
        durationsMs: sql<Int32Array | null>`array_agg(${pulses.durationMs} ORDER BY ${pulses.durationMs}) FILTER (WHERE ${pulses.durationMs} IS NOT NULL)`,
      }).from(pulses).where(and(ofMonitor(monitorId), gte(pulses.receivedAt, sinceMs), isRunEnd)))!;
      // an int[] arrives as an Int32Array
      return { ...totals, durationsMs: Array.from(totals.durationsMs ?? []) };
    },
    runsBetween: (monitorId: string, fromMs: number, toMs: number) =>
      run(db.select({ type: pulses.type, durationMs: pulses.durationMs, receivedAt: pulses.receivedAt }).from(pulses)
        .where(and(ofMonitor(monitorId), gte(pulses.receivedAt, fromMs), lt(pulses.receivedAt, toMs), isRunEnd))
        .orderBy(asc(pulses.receivedAt), asc(pulses.id))),
    insert: (row: PulseRow) => void run(db.insert(pulses).values(row)),
    insertMany(rows: PulseRow[]) {
      for (let at = 0; at < rows.length; at += INSERT_CHUNK_ROWS) run(db.insert(pulses).values(rows.slice(at, at + INSERT_CHUNK_ROWS)));
    },
    latestRunEvent: (monitorId: string): RunEvent | undefined =>
      first(db.select(runEvent).from(pulses).where(and(ofMonitor(monitorId), isRunEvent)).orderBy(...newestFirst).limit(1)),
    /** Each monitor's newest run event through the primary key, in one query (a LATERAL per id). */
    latestRunEvents(monitorIds: string[]): Map<string, RunEvent> {
      const found = new Map<string, RunEvent>();
      if (monitorIds.length === 0) return found;
      const rows = rawRows<{ monitor_id: string; type: RunEvent["type"]; rid: string | null; received_at: string }>(db, sql`
        SELECT m.id AS monitor_id, e.type, e.rid, e.received_at FROM unnest(${sql.param(monitorIds)}::text[]) AS ids(monitor_id)
        JOIN monitors m ON m.id = ids.monitor_id
        CROSS JOIN LATERAL (SELECT type, rid, received_at FROM ${pulses} WHERE monitor_seq = m.seq AND type <> 'log'
          ORDER BY received_at DESC, id DESC LIMIT 1) e`);
      for (const row of rows) found.set(row.monitor_id, { type: row.type, rid: row.rid, receivedAt: Number(row.received_at) });
      return found;
    },
    latestRunEventWithRid(monitorId: string, rid: string): RunEvent | undefined {
      const recent = db.select({ ...runEvent, id: pulses.id }).from(pulses).where(ofMonitor(monitorId))
        .orderBy(...newestFirst).limit(RID_SEARCH_PULSES).as("recent");
      return first(db.select({ type: recent.type, rid: recent.rid, receivedAt: recent.receivedAt }).from(recent)
        .where(and(ne(recent.type, "log"), eq(recent.rid, rid))).orderBy(desc(recent.receivedAt), desc(recent.id)).limit(1));
    },
    latestSuccessAt: (monitorId: string): number | null =>
      first(db.select({ receivedAt: pulses.receivedAt }).from(pulses)
        .where(and(ofMonitor(monitorId), eq(pulses.type, "success"))).orderBy(desc(pulses.receivedAt)).limit(1))?.receivedAt ?? null,
    /** Per monitor, what is older than the cutoff and than its `keepPerMonitor`-th newest pulse goes, a chunk a statement. */
    prune(cutoffMs: number, keepPerMonitor: number): number {
      let deleted = 0;
      for (;;) {
        const [chunk] = rawRows<{ n: string }>(db, sql`
          WITH doomed AS (
            SELECT p.monitor_seq, p.received_at, p.id FROM monitors m
            CROSS JOIN LATERAL (SELECT received_at, id FROM pulses WHERE monitor_seq = m.seq
              ORDER BY received_at DESC, id DESC OFFSET ${keepPerMonitor - 1} LIMIT 1) kept
            JOIN pulses p ON p.monitor_seq = m.seq AND p.received_at < ${cutoffMs} AND (p.received_at, p.id) < (kept.received_at, kept.id)
            LIMIT ${PRUNE_CHUNK_ROWS}
          ), gone AS (DELETE FROM pulses WHERE (monitor_seq, received_at, id) IN (SELECT * FROM doomed) RETURNING 1)
          SELECT count(*) AS n FROM gone`);
        const n = Number(chunk!.n);
        deleted += n;
        if (n < PRUNE_CHUNK_ROWS) return deleted;
      }
    },
  };
}
