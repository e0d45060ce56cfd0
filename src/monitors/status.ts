// The one place a monitor's status changes (a check, a ping, an overdue heartbeat, an edit of its target): the monitor row
// and its monitor_events row in one transaction, only while the status is still the one the caller
// saw (so racing callers flip it once), then every listener hears of it once it is committed.
import type { MonitorRow } from "../domain/types.ts";
import type { ExpiringCertificate } from "../probes/result.ts";
import type { Store } from "../store/index.ts";

export type Status = MonitorRow["status"];

/** A heartbeat that missed its deadline: when it was last heard from (null: never) and by when it was expected. */
export interface MissedDeadline {
  lastPingAt: number | null;
  expectedBy: number;
}

export interface Flip {
  monitorId: string;
  from: Status;
  to: Status;
  reason: string | null;
  at: number;
  /** the time of the check that flips it, stamped on the monitor row with the status */
  checkedAt?: number;
  /** a flip to down that is an ssl expiry warning: the certificate */
  certificate?: ExpiringCertificate;
  /** a flip to down of a heartbeat that missed its deadline */
  late?: MissedDeadline;
}

/** A committed flip: what an alert needs to say what happened, and the event row (`eventId`) to claim. */
export interface StatusChange {
  eventId: string;
  monitorId: string;
  from: Status;
  to: Status;
  reason: string | null;
  at: number;
  certificate?: ExpiringCertificate;
  late?: MissedDeadline;
}

/** Called after the commit, synchronously: queue slow work (sending) rather than do it here. */
export type StatusListener = (change: StatusChange, monitor: MonitorRow) => void;

/** Called inside the flip's transaction: what it writes commits or rolls back with the flip (the alert outbox). */
export type FlipHandler = (change: StatusChange, monitor: MonitorRow) => void;

export function createStatusChanges(store: Store) {
  const listeners = new Set<StatusListener>();
  const inTransaction = new Set<FlipHandler>();

  function notify(change: StatusChange, monitor: MonitorRow): void {
    for (const listener of listeners) {
      try {
        listener(change, monitor);
      } catch (error) {
        // the flip is committed whatever a listener does; the others still hear of it
        console.error(`upbeat: a status change listener failed: ${(error as Error).message}`);
      }
    }
  }

  return {
    /** Flips the monitor if it is still `from`; null when it was not (someone else flipped it first). */
    change(flip: Flip): StatusChange | null {
      return store.transaction(() => {
        const event = store.events.transition(flip.monitorId, flip.from, flip.to, flip.reason, flip.at, { checkedAt: flip.checkedAt });
        if (!event) return null;
        const { checkedAt: _, ...said } = flip;
        const change: StatusChange = { eventId: event.id, ...said };
        const monitor = store.monitors.byId(flip.monitorId)!;
        for (const handler of inTransaction) handler(change, monitor);
        store.afterCommit(() => notify(change, monitor));
        return change;
      });
    },
    /** Runs `handler` inside every flip's transaction from now on (a throw rolls the flip back); returns the way to stop. */
    onFlipInTransaction(handler: FlipHandler): () => void {
      inTransaction.add(handler);
      return () => inTransaction.delete(handler);
    },
    /** Hears of every committed flip from now on; returns the way to stop. */
    onStatusChange(listener: StatusListener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export type StatusChanges = ReturnType<typeof createStatusChanges>;
