// Turns heartbeats down when their deadline passes: a timer armed for the earliest deadline, and at
// least one indexed sweep a second. The conditional status update makes each flip happen once.
import type { HeartbeatRow } from "../store/store.ts";
import type { StatusChanges } from "../monitors/status.ts";
import type { Store } from "../store/index.ts";
import type { Clock } from "../time.ts";
import { deadlineAfterStart, deadlineAfterSuccess, storable } from "./schedule.ts";

export const TIMEOUT_REASON = "timeout";
export const UNFINISHED_REASON = "started but did not finish";

/** Longest sleep between sweeps: deadlines set while asleep (or a moved clock) are seen within this. */
const MAX_SLEEP_MS = 1000;

/**
 * The deadline a monitor's pulses imply: an unfinished start's grace, or for an up monitor its last
 * success's next expected time plus grace (Infinity when neither applies).
 */
export function deadlineFromPulses(store: Store, monitor: HeartbeatRow): number {
  const latest = store.pulses.latestRunEvent(monitor.id);
  const ifUnfinished = latest?.type === "start" ? deadlineAfterStart(monitor, latest.receivedAt) : Infinity;
  const lastSuccessAt = monitor.status === "up" ? store.pulses.latestSuccessAt(monitor.id) : null;
  const ifSilent = lastSuccessAt === null ? Infinity : deadlineAfterSuccess(monitor, lastSuccessAt);
  return Math.min(ifUnfinished, ifSilent);
}

/**
 * `afterSweep` hears which heartbeats the sweep may have written (their deadline or status), even when it
 * stopped on an error, so that what is remembered of them elsewhere can go (the ping writer's rows).
 */
export function createOverdueWatch(
  store: Store, statusChanges: Pick<StatusChanges, "change">, clock: Clock, beforeSweep: () => void,
  afterSweep?: (written: ReadonlySet<string>) => void,
) {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let armedFor = Infinity;
  let running = false;

  /** Flips every overdue heartbeat down now; returns how many flipped. */
  function sweep(): number {
    beforeSweep();
    const written = new Set<string>();
    try {
      return flipOverdue(clock(), written);
    } finally {
      afterSweep?.(written);
    }
  }

  function flipOverdue(now: number, written: Set<string>): number {
    let flipped = 0;
    for (const monitor of store.heartbeats.overdue(now)) {
      written.add(monitor.id);
      const stored = monitor.nextDueAt!;
      // a stored deadline may trail the pulses by up to a second of pings (see ingest.ts), never lead them
      const due = Math.max(stored, deadlineFromPulses(store, monitor));
      if (due > now) {
        store.heartbeats.replaceDeadline(monitor.id, stored, storable(due));
        continue;
      }
      const latest = store.pulses.latestRunEvent(monitor.id);
      const reason = latest?.type === "start" ? UNFINISHED_REASON : TIMEOUT_REASON;
      const late = { lastPingAt: latest?.receivedAt ?? null, expectedBy: due };
      store.transaction(() => {
        // the deadline first: a ping that moved it since the read above (through another instance, say) wins
        if (!store.heartbeats.replaceDeadline(monitor.id, stored, null)) return;
        if (statusChanges.change({ monitorId: monitor.id, from: monitor.status, to: "down", reason, at: now, late })) flipped++;
      });
    }
    return flipped;
  }

  function armAt(at: number): void {
    if (!running || at >= armedFor) return;
    if (timer) clearTimeout(timer);
    armedFor = at;
    timer = setTimeout(tick, Math.max(0, at - clock()));
  }

  function tick(): void {
    timer = null;
    armedFor = Infinity;
    try {
      sweep();
      const now = clock();
      armAt(store.heartbeats.earliestDeadline(now, now + MAX_SLEEP_MS) ?? now + MAX_SLEEP_MS);
    } catch (error) {
      // the database may be away for a while: the watch goes on, or no heartbeat would turn down after it
      console.error(`upbeat: heartbeat sweep failed: ${(error as Error).message}`);
      armAt(clock() + MAX_SLEEP_MS);
    }
  }

  return {
    start() {
      running = true;
      tick();
    },
    /** A deadline was set; wake up for it if it comes before the next planned sweep. */
    deadlineSet(at: number | null) {
      if (at !== null) armAt(at);
    },
    sweep,
    stop() {
      running = false;
      if (timer) clearTimeout(timer);
      timer = null;
      armedFor = Infinity;
    },
  };
}
