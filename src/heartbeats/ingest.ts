// Stores pings with group commit: pings that arrive in the same turn of the event loop share one
// transaction, and each ping's answer waits for that COMMIT, so a 200 always means "stored".
import { newId } from "../ids.ts";
import type { HeartbeatRow } from "../store/heartbeats.ts";
import type { Store } from "../store/index.ts";
import type { Ping } from "./ping.ts";
import { deadlineAfterStart, deadlineAfterSuccess, storable } from "./schedule.ts";

export type PingOutcome = "stored" | "unknown-token";

interface Queued {
  ping: Ping;
  resolve(outcome: PingOutcome): void;
  reject(error: unknown): void;
}

const failReason = (ping: Ping) => (ping.exitCode === null ? "fail" : `exit code ${ping.exitCode}`);

export function createPingWriter(store: Store, onDeadline: (at: number) => void) {
  let queue: Queued[] = [];
  let flushScheduled = false;

  /** The start an end belongs to: same rid, or for an end without rid the newest run event. */
  function startOf(monitorId: string, rid: string | null) {
    const latest = store.pulses.latestRunEvent(monitorId);
    if (rid === null || latest?.rid === rid) return latest?.type === "start" ? latest : undefined;
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

  function apply(ping: Ping): { outcome: PingOutcome; deadline: number | null } {
    const monitor = store.heartbeats.byToken(ping.token);
    if (!monitor) return { outcome: "unknown-token", deadline: null };
    const at = ping.receivedAt;
    let durationMs = ping.durationMs;
    if (durationMs === null && (ping.type === "success" || ping.type === "fail")) {
      const start = startOf(monitor.id, ping.rid);
      if (start) durationMs = at - start.receivedAt;
    }
    store.pulses.insert({
      id: newId(), monitorId: monitor.id, type: ping.type, exitCode: ping.exitCode, durationMs, body: ping.body,
      sourceIp: ping.sourceIp, userAgent: ping.userAgent, rid: ping.rid, receivedAt: at,
    });
    // paused monitors keep their pulses but never change status
    if (!monitor.isPaused) {
      if (ping.type === "success") store.events.transition(monitor.id, monitor.status, "up", null, at);
      if (ping.type === "fail") store.events.transition(monitor.id, monitor.status, "down", failReason(ping), at);
    }
    const deadline = deadlineAfter(monitor, ping);
    store.heartbeats.recordPing(monitor.id, at, deadline);
    return { outcome: "stored", deadline };
  }

  function flush(): void {
    flushScheduled = false;
    if (queue.length === 0) return;
    const batch = queue;
    queue = [];
    let results: ReturnType<typeof apply>[];
    try {
      results = store.transaction(() => batch.map((queued) => apply(queued.ping)));
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
        if (!flushScheduled) {
          flushScheduled = true;
          setImmediate(flush);
        }
      });
    },
    /** Commits whatever is queued now (before a sweep, and at shutdown). */
    flush,
  };
}

export type PingWriter = ReturnType<typeof createPingWriter>;
