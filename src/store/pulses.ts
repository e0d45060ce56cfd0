import { and, asc, desc, eq, gte, inArray, isNotNull, lt, ne, sql, type Placeholder, type SQL } from "drizzle-orm";
import type { Db } from "../db/open.ts";
import { monitors, pulses } from "../db/schema.ts";
import type { PulseRow } from "../domain/types.ts";
import { cursorTime } from "./pulse-cursor.ts";
import type { PulsesStore, RunEvent } from "./store.ts";

// The primary key's order: the id (a UUIDv7 that counts up within a millisecond) parts pulses of one millisecond.
const newestFirst = [desc(pulses.receivedAt), desc(pulses.id)];

type PulseValues = [number, number, string, string, number | null, number | null, string | null, string | null, string | null, string | null];

/** How far back an end looks for its start when the newest run event is not it (a few concurrent runs). */
const RID_SEARCH_PULSES = 1000;
/** Rows deleted per statement while pruning, so a big backlog never holds the write lock for long. */
const PRUNE_CHUNK_ROWS = 5000;

export function pulsesStore(db: Db): PulsesStore {
  const p = sql.placeholder;
  // a monitor's pulses are keyed by its seq; callers know it by id
  const seqOf = (monitorId: SQL | Placeholder | string) => sql`(SELECT ${monitors.seq} FROM ${monitors} WHERE ${monitors.id} = ${monitorId})`;
  const ofMonitor = (monitorId: SQL | Placeholder | string) => eq(pulses.monitorSeq, seqOf(monitorId));
  // Pings write one row each at thousands a second: a bare positional statement skips drizzle's per-row mapping.
  const insert = db.$client.prepare<void, PulseValues>(
    "INSERT INTO pulses (monitor_seq, received_at, id, type, exit_code, duration_ms, body, source_ip, user_agent, rid) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
  );
  const runEvent = { type: pulses.type, rid: pulses.rid, receivedAt: pulses.receivedAt };
  const latestRunEvent = db.select(runEvent).from(pulses)
    .where(and(ofMonitor(p("monitorId")), ne(pulses.type, "log")))
    .orderBy(...newestFirst).limit(1).prepare();
  const recent = db.select({ ...runEvent, id: pulses.id }).from(pulses)
    .where(ofMonitor(p("monitorId")))
    .orderBy(...newestFirst).limit(RID_SEARCH_PULSES).as("recent");
  const latestRunEventWithRid = db.select({ type: recent.type, rid: recent.rid, receivedAt: recent.receivedAt }).from(recent)
    .where(and(ne(recent.type, "log"), eq(recent.rid, p("rid"))))
    .orderBy(desc(recent.receivedAt), desc(recent.id)).limit(1).prepare();
  const latestSuccess = db.select({ receivedAt: pulses.receivedAt }).from(pulses)
    .where(and(ofMonitor(p("monitorId")), eq(pulses.type, "success")))
    .orderBy(desc(pulses.receivedAt)).limit(1).prepare();

  const insertOne = (row: PulseRow) =>
    insert.run(row.monitorSeq, row.receivedAt, row.id, row.type, row.exitCode, row.durationMs, row.body, row.sourceIp, row.userAgent, row.rid);

  /** When the pulse `id` of the monitor came. */
  const cursorAt = (monitorId: string, id: string) => cursorTime(id, (range) => db.select({ at: pulses.receivedAt }).from(pulses)
    .where(and(ofMonitor(monitorId), range && gte(pulses.receivedAt, range[0]), range && lt(pulses.receivedAt, range[1]), eq(pulses.id, id))).get()?.at);

  return {
    /**
     * Newest first. `before` pages back: a time, or the id of the last pulse of the previous page
     * (exact even when several pulses share a millisecond).
     */
    list(monitorId: string, limit: number, before?: { ms: number } | { id: string }): PulseRow[] {
      let older: SQL | undefined;
      if (before && "ms" in before) older = lt(pulses.receivedAt, before.ms);
      if (before && "id" in before) {
        const at = cursorAt(monitorId, before.id);
        if (at === undefined) return [];
        older = sql`(${pulses.receivedAt}, ${pulses.id}) < (${at}, ${before.id})`;
      }
      return db.select().from(pulses).where(and(ofMonitor(monitorId), older)).orderBy(...newestFirst).limit(limit).all();
    },
    /** Run results since a time: successes and fails, and the job durations the starts measured. */
    resultsSince(monitorId: string, sinceMs: number) {
      const where = and(ofMonitor(monitorId), gte(pulses.receivedAt, sinceMs), inArray(pulses.type, ["success", "fail"]));
      const totals = db.select({ total: sql<number>`count(*)`, up: sql<number>`coalesce(sum(${pulses.type} = 'success'), 0)` })
        .from(pulses).where(where).get()!;
      const durations = db.select({ ms: pulses.durationMs }).from(pulses).where(and(where, isNotNull(pulses.durationMs)))
        .orderBy(pulses.durationMs).all().map((r) => r.ms!);
      return { ...totals, durationsMs: durations };
    },
    runsBetween: (monitorId: string, fromMs: number, toMs: number) =>
      db.select({ type: pulses.type, durationMs: pulses.durationMs, receivedAt: pulses.receivedAt }).from(pulses)
        .where(and(ofMonitor(monitorId), gte(pulses.receivedAt, fromMs), lt(pulses.receivedAt, toMs), inArray(pulses.type, ["success", "fail"])))
        .orderBy(asc(pulses.receivedAt), asc(pulses.id)).all(),
    insert: insertOne,
    // in-process statements cost no round trip: the batch forms run them one by one
    insertMany: (rows: PulseRow[]) => {
      for (const row of rows) insertOne(row);
    },
    /** The newest start/success/fail of a monitor: an open run when it is a start. */
    latestRunEvent: (monitorId: string): RunEvent | undefined => latestRunEvent.get({ monitorId }),
    latestRunEvents(monitorIds: string[]): Map<string, RunEvent> {
      const found = new Map<string, RunEvent>();
      for (const monitorId of monitorIds) {
        const event = latestRunEvent.get({ monitorId });
        if (event) found.set(monitorId, event);
      }
      return found;
    },
    /** The newest start/success/fail carrying `rid`, among the monitor's recent pulses. */
    latestRunEventWithRid: (monitorId: string, rid: string): RunEvent | undefined =>
      latestRunEventWithRid.get({ monitorId, rid }),
    latestSuccessAt: (monitorId: string): number | null => latestSuccess.get({ monitorId })?.receivedAt ?? null,
    /**
     * Deletes pulses older than `cutoffMs`, but never a monitor's newest `keepPerMonitor`.
     * Returns how many rows went.
     */
    prune(cutoffMs: number, keepPerMonitor: number): number {
      let deleted = 0;
      for (const { seq } of db.select({ seq: monitors.seq }).from(monitors).all()) {
        const oldest = db.select({ at: pulses.receivedAt }).from(pulses).where(eq(pulses.monitorSeq, seq))
          .orderBy(asc(pulses.receivedAt)).limit(1).get();
        if (!oldest || oldest.at >= cutoffMs) continue;
        const oldestKept = db.select({ at: pulses.receivedAt, id: pulses.id }).from(pulses)
          .where(eq(pulses.monitorSeq, seq)).orderBy(...newestFirst).limit(1).offset(keepPerMonitor - 1).get();
        if (!oldestKept) continue;
        const prunable = and(
          eq(pulses.monitorSeq, seq),
          lt(pulses.receivedAt, cutoffMs),
          sql`(${pulses.receivedAt}, ${pulses.id}) < (${oldestKept.at}, ${oldestKept.id})`,
        );
        for (;;) {
          const chunk = db.select({ at: pulses.receivedAt, id: pulses.id }).from(pulses).where(prunable).limit(PRUNE_CHUNK_ROWS);
          // bun:sqlite reports the changed rows; drizzle's type for run() leaves them out
          const { changes } = db.delete(pulses)
            .where(and(eq(pulses.monitorSeq, seq), sql`(${pulses.receivedAt}, ${pulses.id}) IN ${chunk}`)).run() as unknown as { changes: number };
          deleted += changes;
          if (changes < PRUNE_CHUNK_ROWS) break;
        }
      }
      return deleted;
    },
  };
}
