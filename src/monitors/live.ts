// Results and status changes as they happen, for the dashboard's event stream: each subscriber hears only
// of monitors in its user's organizations (asked again per event, so a removed member stops hearing at once).
import { BoundedCache, keepFor } from "../store/cache.ts";
import type { Store } from "../store/index.ts";
import type { CheckRow, PulseRow } from "../domain/types.ts";
import { toIso } from "../time.ts";
import type { MonitorChange } from "./service.ts";
import type { StatusChange } from "./status.ts";

/** The event's name on the stream and its JSON data (which names the monitor as `monitor_id`). */
export interface LiveEvent {
  type: "result" | "status" | "monitor" | "maintenance";
  monitorId: string;
  data: Record<string, unknown>;
}

export interface Subscriber {
  userId: string;
  send(event: LiveEvent): void;
}

const SHARED_OWNER_MS = 2_000;

export function createLiveFeed(store: Store) {
  const subscribers = new Set<Subscriber>();
  // monitor → organization; a move to another project clears its entry (monitorChanged). On a shared store a move
  // made through another instance is not heard of here: kept 2 s, so its events reach the new owners within that.
  const owners = new BoundedCache<string, string | undefined>(keepFor(store, 60_000, SHARED_OWNER_MS), 100_000);
  const organizationOf = (monitorId: string, projectId?: string) =>
    owners.get(monitorId, () => {
      const project = projectId ?? store.monitors.byId(monitorId)?.projectId;
      return project && store.projects.organizationOf(project);
    });

  function publish(event: LiveEvent, projectId?: string): void {
    if (subscribers.size === 0) return;
    const organizationId = organizationOf(event.monitorId, projectId);
    if (!organizationId) return;
    for (const subscriber of subscribers) {
      if (store.organizations.roleIn(subscriber.userId, organizationId)) subscriber.send(event);
    }
  }

  const result = (monitorId: string, at: number, isUp: boolean, ms: number | null, code: number | null, error: string | null): LiveEvent =>
    ({ type: "result", monitorId, data: { monitor_id: monitorId, at: toIso(at), is_up: isUp, ms, code, error } });

  return {
    /** A stored batch of checks (from the scheduler's writer). */
    checksRecorded(checks: (CheckRow & { monitorId: string })[]): void {
      if (subscribers.size === 0) return;
      for (const c of checks) publish(result(c.monitorId, c.checkedAt, c.isUp, c.responseTimeMs, c.statusCode, c.errorMessage));
    },
    /** A stored batch of pings: a run's end is a heartbeat's result, as in the strips. */
    pulsesRecorded(pulses: PulseRow[]): void {
      if (subscribers.size === 0) return;
      for (const p of pulses) {
        if (p.type !== "success" && p.type !== "fail") continue;
        const error = p.type === "success" ? null : p.exitCode === null ? "fail" : `exit code ${p.exitCode}`;
        publish(result(p.monitorId, p.receivedAt, p.type === "success", p.durationMs, p.exitCode, error));
      }
    },
    /** A committed status flip. */
    statusChanged(change: StatusChange, projectId: string): void {
      const { monitorId, from, to, reason, at } = change;
      publish({ type: "status", monitorId, data: { monitor_id: monitorId, from, to, reason, at: toIso(at) } }, projectId);
    },
    /** A saved or deleted monitor: its owner may have changed, and dashboards show the edit. */
    monitorChanged(change: MonitorChange): void {
      const { monitor } = change;
      if (change.type === "deleted") {
        publish({ type: "monitor", monitorId: monitor.id, data: { monitor_id: monitor.id, deleted: true } }, monitor.projectId);
        owners.delete(monitor.id);
        return;
      }
      owners.delete(monitor.id);
      publish({
        type: "monitor", monitorId: monitor.id,
        data: { monitor_id: monitor.id, project_id: monitor.projectId, name: monitor.name, is_paused: monitor.isPaused, status: monitor.status },
      }, monitor.projectId);
    },
    /** A maintenance window began (`maintenanceId`) or stopped (null) holding the monitor's alerts. */
    maintenanceChanged(monitorId: string, maintenanceId: string | null): void {
      publish({ type: "maintenance", monitorId, data: { monitor_id: monitorId, in_maintenance: maintenanceId !== null, maintenance_id: maintenanceId } });
    },
    /** Returns the way to stop; every stream must call it when its client goes. */
    subscribe(subscriber: Subscriber): () => void {
      subscribers.add(subscriber);
      return () => subscribers.delete(subscriber);
    },
    subscriberCount: () => subscribers.size,
  };
}

export type LiveFeed = ReturnType<typeof createLiveFeed>;
