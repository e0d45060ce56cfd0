// Heartbeat monitors: ping ingestion, deadlines kept in step with monitor changes, the overdue watch.
import type { MonitorChange, MonitorService } from "../monitors/service.ts";
import type { StatusChanges } from "../monitors/status.ts";
import type { HeartbeatRow } from "../store/store.ts";
import type { StoredPulse } from "../domain/types.ts";
import type { Store } from "../store/index.ts";
import type { Clock } from "../time.ts";
import { createPingWriter, type PingOutcome } from "./ingest.ts";
import { createOverdueWatch, deadlineFromPulses } from "./overdue.ts";
import type { Ping } from "./ping.ts";
import { createPulseRetention } from "./retention.ts";
import { deadlineAfterSuccess, storable } from "./schedule.ts";

export interface HeartbeatOptions {
  store: Store;
  monitors: MonitorService;
  statusChanges: Pick<StatusChanges, "change">;
  clock: Clock;
  retentionDays: number;
  /** hears of each batch of pings once it is stored (the live event stream) */
  onPulsesRecorded?: (pulses: StoredPulse[]) => void;
}

export function createHeartbeats({ store, monitors, statusChanges, clock, retentionDays, onPulsesRecorded }: HeartbeatOptions) {
  // the sweep writes the deadlines and statuses of the overdue heartbeats only: the writer forgets just those rows
  // (clearing them all each second made every monitor's next ping look its row up again)
  const watch = createOverdueWatch(store, statusChanges, clock, () => writer.flush(), (written) => writer.rowsWritten(written));
  const writer = createPingWriter(store, statusChanges, (at) => watch.deadlineSet(at), onPulsesRecorded);
  const retention = createPulseRetention(store, clock, retentionDays);

  /** A changed monitor's deadline, from its settings and its pulses. */
  function deadlineAfterChange(monitor: HeartbeatRow): number | null {
    if (monitor.isPaused || monitor.status === "down") return null;
    // paused monitors have no deadline, so none here means resumed (or never pinged): a full period from now
    if (monitor.nextDueAt === null) return monitor.status === "up" ? storable(deadlineAfterSuccess(monitor, clock())) : null;
    return storable(deadlineFromPulses(store, monitor));
  }

  function onMonitorChange(change: MonitorChange): void {
    writer.rowsChanged(); // before any flush: queued pings must see the changed row (or its new token)
    if (change.type === "deleted") writer.forget(change.monitor.id);
    if (change.type !== "saved" || change.monitor.kind !== "heartbeat") return;
    writer.flush(); // so the row and pulses read below include every ping already received
    const monitor = store.heartbeats.byId(change.monitor.id);
    if (!monitor) return;
    const deadline = deadlineAfterChange(monitor);
    store.heartbeats.setDeadline(monitor.id, deadline);
    writer.rowsChanged();
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
