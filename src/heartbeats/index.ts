// Heartbeat monitors: ping ingestion, deadlines kept in step with monitor changes, the overdue watch.
import type { MonitorChange, MonitorService } from "../monitors/service.ts";
import type { Store } from "../store/index.ts";
import type { Clock } from "../time.ts";
import { createPingWriter, type PingOutcome } from "./ingest.ts";
import { createOverdueWatch } from "./overdue.ts";
import type { Ping } from "./ping.ts";
import { createPulseRetention } from "./retention.ts";
import { deadlineAfterStart, deadlineAfterSuccess, storable } from "./schedule.ts";

export interface HeartbeatOptions {
  store: Store;
  monitors: MonitorService;
  clock: Clock;
  retentionDays: number;
}

export function createHeartbeats({ store, monitors, clock, retentionDays }: HeartbeatOptions) {
  const watch = createOverdueWatch(store, clock, () => writer.flush());
  const writer = createPingWriter(store, (at) => watch.deadlineSet(at));
  const retention = createPulseRetention(store, clock, retentionDays);

  /** A changed monitor's deadline, from its settings and its pulses. */
  function deadlineAfterChange(change: Extract<MonitorChange, { type: "saved" }>): number | null {
    const monitor = change.monitor;
    if (monitor.isPaused || monitor.status === "down") return null;
    // paused monitors have no deadline, so none here means resumed (or never pinged): a full period from now
    if (monitor.nextDueAt === null) return monitor.status === "up" ? storable(deadlineAfterSuccess(monitor, clock())) : null;
    const latest = store.pulses.latestRunEvent(monitor.id);
    const ifUnfinished = latest?.type === "start" ? deadlineAfterStart(monitor, latest.receivedAt) : Infinity;
    const lastSuccessAt = store.pulses.latestSuccessAt(monitor.id);
    const ifSilent = monitor.status === "up" && lastSuccessAt !== null ? deadlineAfterSuccess(monitor, lastSuccessAt) : Infinity;
    return storable(Math.min(ifUnfinished, ifSilent));
  }

  function onMonitorChange(change: MonitorChange): void {
    if (change.type !== "saved" || change.monitor.kind !== "heartbeat") return;
    const deadline = deadlineAfterChange(change);
    store.heartbeats.setDeadline(change.monitor.id, deadline);
    watch.deadlineSet(deadline);
  }

  let unsubscribe: (() => void) | null = null;

  return {
    /** Resolves once the ping is durably stored (or its token turned out unknown). */
    receive: (ping: Ping): Promise<PingOutcome> => writer.submit(ping),
    /** Flips overdue heartbeats now (the watch does this on its own; tests call it after moving the clock). */
    sweep: () => watch.sweep(),
    prunePulses: () => retention.prune(),
    start() {
      unsubscribe = monitors.onChange(onMonitorChange);
      watch.start();
      retention.start();
    },
    /** Stops the timers and commits every queued ping; call before the database closes. */
    stop() {
      unsubscribe?.();
      watch.stop();
      retention.stop();
      writer.flush();
    },
  };
}

export type Heartbeats = ReturnType<typeof createHeartbeats>;
