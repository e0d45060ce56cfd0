// Results and status changes as they happen, for the dashboard's event stream: each subscriber hears only
// of monitors in its user's organizations (asked again per batch of events, so a removed member stops hearing at once).
// On a shared database the relay carries what happens here to the other instances' streams, and theirs to ours.
import type { HeardEvent, LiveRelay } from "../cluster/live-relay.ts";
import { BoundedCache, keepFor } from "../store/cache.ts";
import type { Store } from "../store/index.ts";
import type { CheckRow, StoredPulse } from "../domain/types.ts";
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

const OWNER_MS = 60_000;
const SHARED_OWNER_MS = 2_000;

/**
 * Which streams an event goes to: those of every instance, of every instance while another one has stream clients
 * (check results: many, and worth sending only to someone), or of this one (maintenance: each instance watches the
 * windows itself, so relaying would show each change twice).
 */
type Reach = "cluster" | "watched" | "here";

export function createLiveFeed(store: Store, relay: LiveRelay | null = null) {
  const subscribers = new Set<Subscriber>();
  // monitor → organization; a move to another project clears its entry (monitorChanged, here or heard through the
  // relay). A shared store without a relay does not hear of moves made through another instance: kept 2 s there.
  const owners = new BoundedCache<string, string | undefined>(keepFor(store, OWNER_MS, relay ? OWNER_MS : SHARED_OWNER_MS), 100_000);
  const organizationOf = (monitorId: string, projectId?: string) =>
    owners.get(monitorId, () => {
      const project = projectId ?? store.monitors.byId(monitorId)?.projectId;
      return project && store.projects.organizationOf(project);
    });
  const relayed = (reach: Reach) => relay !== null && (reach === "cluster" || (reach === "watched" && relay.othersWatching()));

  /** Hands a batch of events to the streams here; a user's role in an organization is asked once per batch. */
  function deliver(batch: HeardEvent[]): void {
    if (subscribers.size === 0) return;
    const roles = new Map<string, boolean>();
    for (const { organizationId, event } of batch) {
      for (const subscriber of subscribers) {
        const key = `${subscriber.userId} ${organizationId}`;
        let member = roles.get(key);
        if (member === undefined) roles.set(key, (member = store.organizations.roleIn(subscriber.userId, organizationId) !== undefined));
        if (member) subscriber.send(event);
      }
    }
  }

  /** The events that happened here, to this instance's streams and (as far as they reach) the others'. */
  function publish(events: LiveEvent[], reach: Reach, projectId?: string): void {
    const toOthers = relayed(reach);
    if (events.length === 0 || (subscribers.size === 0 && !toOthers)) return;
    const batch: HeardEvent[] = [];
    for (const event of events) {
      const organizationId = organizationOf(event.monitorId, projectId);
      if (!organizationId) continue;
      batch.push({ organizationId, event });
      if (toOthers) relay!.tell(event, organizationId);
    }
    deliver(batch);
  }

  const result = (monitorId: string, at: number, isUp: boolean, ms: number | null, code: number | null, error: string | null): LiveEvent =>
    ({ type: "result", monitorId, data: { monitor_id: monitorId, at: toIso(at), is_up: isUp, ms, code, error } });

  return {
    /** A stored batch of checks (from the scheduler's writer). */
    checksRecorded(checks: (CheckRow & { monitorId: string })[]): void {
      if (subscribers.size === 0 && !relayed("watched")) return;
      publish(checks.map((c) => result(c.monitorId, c.checkedAt, c.isUp, c.responseTimeMs, c.statusCode, c.errorMessage)), "watched");
    },
    /** A stored batch of pings: a run's end is a heartbeat's result, as in the strips. */
    pulsesRecorded(pulses: StoredPulse[]): void {
      if (subscribers.size === 0 && !relayed("watched")) return;
      const results = pulses.filter((p) => p.type === "success" || p.type === "fail").map((p) => {
        const error = p.type === "success" ? null : p.exitCode === null ? "fail" : `exit code ${p.exitCode}`;
        return result(p.monitorId, p.receivedAt, p.type === "success", p.durationMs, p.exitCode, error);
      });
      publish(results, "watched");
    },
    /** A committed status flip. */
    statusChanged(change: StatusChange, projectId: string): void {
      const { monitorId, from, to, reason, at } = change;
      publish([{ type: "status", monitorId, data: { monitor_id: monitorId, from, to, reason, at: toIso(at) } }], "cluster", projectId);
    },
    /** A saved or deleted monitor: its owner may have changed, and dashboards show the edit. */
    monitorChanged(change: MonitorChange): void {
      const { monitor } = change;
      if (change.type === "deleted") {
        publish([{ type: "monitor", monitorId: monitor.id, data: { monitor_id: monitor.id, deleted: true } }], "cluster", monitor.projectId);
        owners.delete(monitor.id);
        return;
      }
      owners.delete(monitor.id);
      publish([{
        type: "monitor", monitorId: monitor.id,
        data: { monitor_id: monitor.id, project_id: monitor.projectId, name: monitor.name, is_paused: monitor.isPaused, status: monitor.status },
      }], "cluster", monitor.projectId);
    },
    /** A maintenance window began (`maintenanceId`) or stopped (null) holding the monitor's alerts. */
    maintenanceChanged(monitorId: string, maintenanceId: string | null): void {
      publish([{ type: "maintenance", monitorId, data: { monitor_id: monitorId, in_maintenance: maintenanceId !== null, maintenance_id: maintenanceId } }], "here");
    },
    /** Events another instance relayed: an edit may have moved a monitor, as monitorChanged here. */
    heard(batch: HeardEvent[]): void {
      for (const { event } of batch) if (event.type === "monitor") owners.delete(event.monitorId);
      deliver(batch);
    },
    /** Returns the way to stop; every stream must call it when its client goes. */
    subscribe(subscriber: Subscriber): () => void {
      subscribers.add(subscriber);
      relay?.watched();
      return () => subscribers.delete(subscriber);
    },
    subscriberCount: () => subscribers.size,
  };
}

export type LiveFeed = ReturnType<typeof createLiveFeed>;
