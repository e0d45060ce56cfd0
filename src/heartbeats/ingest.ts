// Stores pings with group commit: pings received in the same turn of the event loop share one
// transaction (and those arriving while it commits share the next), and each ping's answer waits
// for that COMMIT, so a 200 always means "stored".
import { newId } from "../ids.ts";
import type { StatusChanges } from "../monitors/status.ts";
import type { HeartbeatRow, PingRecord } from "../store/store.ts";
import type { Store } from "../store/index.ts";
import type { RunEvent } from "../store/store.ts";
import type { StoredPulse } from "../domain/types.ts";
import type { Ping } from "./ping.ts";
import { deadlineAfterStart, deadlineAfterSuccess, storable } from "./schedule.ts";

export type PingOutcome = "stored" | "unknown-token";

interface Queued {
  ping: Ping;
  resolve(outcome: PingOutcome): void;
  reject(error: unknown): void;
}

/** A batch this big is written at once instead of waiting for the next turn of the event loop. */
const MAX_BATCH_PINGS = 2000;

/**
 * Back-to-back successes rewrite the monitor row at most this often: until then its deadline may lag
 * (only ever earlier than the real one; the sweep checks the pulses before flipping) and so may
 * last_checked_at. Status changes and earlier deadlines are always written at once.
 */
const ROW_REFRESH_MS = 1000;

/** Remembered rows above this many are dropped at once (only the most pinged come back). */
const MAX_CACHED_ROWS = 100_000;

class StaleRowError extends Error {}

/** A success or fail without a duration of its own: it takes the time since its run's start. */
const measuresDuration = (ping: Ping) => ping.durationMs === null && (ping.type === "success" || ping.type === "fail");

const failReason = (ping: Ping) => ping.reason ?? (ping.exitCode === null ? "fail" : `exit code ${ping.exitCode}`);

/**
 * `onStored` hears of each batch's pulses once they are committed: the one place ping results become visible.
 */
export function createPingWriter(
  store: Store, statusChanges: Pick<StatusChanges, "change">, onDeadline: (at: number) => void, onStored?: (pulses: StoredPulse[]) => void,
) {
  // Other instances take pings and edits for the same monitors on a shared store: rows and runs are then read
  // afresh in each batch's transaction (once per monitor in the batch), and nothing is kept between batches.
  const keepsBetweenBatches = store.cluster === undefined;
  let queue: Queued[] = [];
  let batchPulses: StoredPulse[] = [];
  let flushScheduled = false;
  // Newest start/success/fail per monitor: every pulse is written here, so memory stays exact and an
  // end needs no query to find its start. `batchRuns` holds the batch being written until its COMMIT.
  const committedRuns = new Map<string, RunEvent | null>();
  let batchRuns = new Map<string, RunEvent>();
  let pulsesInserted = 0;
  // Monitor rows rewritten by the batch, written in one statement at its end (the last ping of each wins).
  let rowWrites = new Map<string, PingRecord>();
  // Token → monitor row as this writer last wrote it, so a ping needs no lookup. Cleared whenever
  // something else in this process may have changed heartbeat rows (rowsChanged; the sweep's rows by
  // rowsWritten), and when a batch fails.
  const rows = new Map<string, HeartbeatRow>();

  /**
   * The batch's monitor rows, and the run events its ends pair with, that are not remembered: one read each
   * (on a shared store, every one of them; a round trip per monitor is what made pings slow there).
   */
  function readAhead(batch: Queued[]): void {
    // plain loops: a batch whose rows and runs are all remembered (the usual one) allocates nothing here
    let tokens: Set<string> | null = null;
    for (const { ping } of batch) if (!rows.has(ping.token)) (tokens ??= new Set()).add(ping.token);
    if (tokens !== null) {
      const found = store.heartbeats.byTokens([...tokens]);
      if (rows.size + found.size > MAX_CACHED_ROWS) rows.clear();
      for (const [token, row] of found) rows.set(token, row);
    }
    let monitorIds: Set<string> | null = null;
    for (const { ping } of batch) {
      if (!measuresDuration(ping)) continue;
      const id = rows.get(ping.token)?.id;
      if (id !== undefined && !committedRuns.has(id)) (monitorIds ??= new Set()).add(id);
    }
    if (monitorIds === null) return;
    const latest = store.pulses.latestRunEvents([...monitorIds]);
    for (const id of monitorIds) committedRuns.set(id, latest.get(id) ?? null);
  }

  const monitorOf = (token: string): HeartbeatRow | undefined => rows.get(token);

  function latestRunEvent(monitorId: string): RunEvent | null {
    return batchRuns.get(monitorId) ?? committedRuns.get(monitorId) ?? null;
  }

  /** Pulses go in at the end of the batch in one statement, or before a read that must see them. */
  function insertPulses(): void {
    store.pulses.insertMany(batchPulses.slice(pulsesInserted));
    pulsesInserted = batchPulses.length;
  }

  /** The start an end belongs to: same rid, or for an end without rid the newest run event. */
  function startOf(monitorId: string, rid: string | null) {
    const latest = latestRunEvent(monitorId);
    if (rid === null || latest?.rid === rid) return latest?.type === "start" ? latest : undefined;
    insertPulses();
    const sameRun = store.pulses.latestRunEventWithRid(monitorId, rid);
    return sameRun?.type === "start" ? sameRun : undefined;
  }

  /** The monitor's deadline after this ping; null when nothing can make it late. */
  function deadlineAfter(monitor: HeartbeatRow, ping: Ping): number | null {
    if (monitor.isPaused) return null;
    switch (ping.type) {
      case "log":
        return monitor.nextDueAt;
      case "success":
        return storable(deadlineAfterSuccess(monitor, ping.receivedAt));
      case "fail":
        return null;
      case "start":
        // a down monitor stays down until a success; otherwise the run must end within grace
        return monitor.status === "down" ? null : Math.min(monitor.nextDueAt ?? Infinity, deadlineAfterStart(monitor, ping.receivedAt));
    }
  }

  /** Success → up, fail → down; paused monitors keep their pulses but never change status. */
  function changeStatus(monitor: HeartbeatRow, ping: Ping): boolean {
    if (monitor.isPaused || (ping.type !== "success" && ping.type !== "fail")) return false;
    const to = ping.type === "success" ? "up" : "down";
    if (monitor.status === to) return false;
    const reason = to === "up" ? null : failReason(ping);
    if (!statusChanges.change({ monitorId: monitor.id, from: monitor.status, to, reason, at: ping.receivedAt })) {
      // the stored status is not the one remembered: fail the batch so it is retried from the database
      throw new StaleRowError();
    }
    monitor.status = to;
    return true;
  }

  function mustRewriteRow(monitor: HeartbeatRow, at: number, deadline: number | null): boolean {
    if (monitor.lastCheckedAt === null || at - monitor.lastCheckedAt >= ROW_REFRESH_MS) return true;
    if (deadline === monitor.nextDueAt) return false;
    return deadline === null || monitor.nextDueAt === null || deadline < monitor.nextDueAt;
  }

  function apply(ping: Ping): { outcome: PingOutcome; deadline: number | null } {
    const monitor = monitorOf(ping.token);
    if (!monitor) return { outcome: "unknown-token", deadline: null };
    const at = ping.receivedAt;
    let durationMs = ping.durationMs;
    if (measuresDuration(ping)) {
      const start = startOf(monitor.id, ping.rid);
      if (start) durationMs = at - start.receivedAt;
    }
    const pulse: StoredPulse = {
      monitorSeq: monitor.seq, monitorId: monitor.id, id: newId(), type: ping.type, exitCode: ping.exitCode, durationMs, body: ping.body,
      sourceIp: ping.sourceIp, userAgent: ping.userAgent, rid: ping.rid, receivedAt: at,
    };
    batchPulses.push(pulse);
    if (ping.type !== "log") batchRuns.set(monitor.id, { type: ping.type, rid: ping.rid, receivedAt: at });
    const deadline = deadlineAfter(monitor, ping);
    if (changeStatus(monitor, ping) || mustRewriteRow(monitor, at, deadline)) {
      rowWrites.set(monitor.id, { id: monitor.id, at, nextDueAt: deadline });
      monitor.lastCheckedAt = at;
      monitor.nextDueAt = deadline;
    }
    return { outcome: "stored", deadline };
  }

  function write(batch: Queued[]): ReturnType<typeof apply>[] {
    if (!keepsBetweenBatches) {
      rows.clear();
      committedRuns.clear();
    }
    try {
      const results = store.transaction(() => {
        readAhead(batch);
        const applied = batch.map((queued) => apply(queued.ping));
        insertPulses();
        store.heartbeats.recordPings([...rowWrites.values()]);
        return applied;
      });
      for (const [monitorId, run] of batchRuns) committedRuns.set(monitorId, run);
      onStored?.(batchPulses);
      return results;
    } catch (error) {
      rows.clear(); // rows changed in the rolled-back transaction, or a remembered row was stale
      throw error;
    } finally {
      batchRuns = new Map();
      batchPulses = [];
      pulsesInserted = 0;
      rowWrites = new Map();
    }
  }

  function flush(): void {
    flushScheduled = false;
    if (queue.length === 0) return;
    const batch = queue;
    queue = [];
    let results: ReturnType<typeof apply>[];
    try {
      try {
        results = write(batch);
      } catch {
        // once more from the database (a row may have gone with its project, or changed status elsewhere)
        results = write(batch);
      }
    } catch (error) {
      // nothing of the batch was committed: every ping in it is answered with an error
      for (const queued of batch) queued.reject(error);
      return;
    }
    let earliest = Infinity;
    batch.forEach((queued, i) => {
      const result = results[i]!;
      if (result.deadline !== null && result.deadline < earliest) earliest = result.deadline;
      queued.resolve(result.outcome);
    });
    if (earliest !== Infinity) onDeadline(earliest);
  }

  return {
    /** Resolves once the ping is committed (or its token is unknown). */
    submit(ping: Ping): Promise<PingOutcome> {
      return new Promise((resolve, reject) => {
        queue.push({ ping, resolve, reject });
        if (queue.length >= MAX_BATCH_PINGS) flush();
        else if (!flushScheduled) {
          flushScheduled = true;
          setImmediate(flush);
        }
      });
    },
    /** Commits whatever is queued now (before a sweep, and at shutdown). */
    flush,
    /** A deleted monitor's remembered run goes too. */
    forget: (monitorId: string) => committedRuns.delete(monitorId),
    /** Heartbeat rows were written elsewhere (a monitor change): read them again. */
    rowsChanged: () => rows.clear(),
    /** These monitors' rows were written elsewhere (the overdue sweep): read them again. */
    rowsWritten(monitorIds: ReadonlySet<string>) {
      if (monitorIds.size === 0) return;
      for (const [token, row] of rows) if (monitorIds.has(row.id)) rows.delete(token);
    },
  };
}

export type PingWriter = ReturnType<typeof createPingWriter>;
