// The durable outbox: what happens to a monitor becomes delivery rows (one per linked, enabled channel),
// written in the same transaction as the flip, so an alert exists exactly when its flip does. The
// sender sends them later; nothing here waits on a network.
import type { IncidentRow, MonitorRow } from "../domain/types.ts";
import type { StatusChange, StatusChanges } from "../monitors/status.ts";
import type { Store } from "../store/index.ts";
import { toIso, toIsoOrNull, type Clock } from "../time.ts";
import type { AlertEvent, AlertMessage, CertificateFacts, FlappingFacts, LateFacts } from "./message.ts";
import { heldBack, opensIncident, unreachableReason } from "./noise.ts";
import { flappingAfterFlip } from "./flapping.ts";
import { probeKind } from "../probes/registry.ts";
import { heldForQuietHours } from "./quiet-hours.ts";

/** Other monitors named in an alert; more would bloat every stored message of a large outage. */
const MAX_DOWN_MONITORS = 100;

export interface OutboxOptions {
  store: Store;
  statusChanges: Pick<StatusChanges, "onFlipInTransaction">;
  clock: Clock;
  /** where links in messages point (UPBEAT_BASE_URL, else the server's own address, known once it listens) */
  baseUrl: () => string;
  /** called once queued deliveries are committed */
  onQueued: () => void;
  /** the signed link that acknowledges an incident without a login */
  ackUrl: (incidentId: string) => string;
}

type StoredMessage = Omit<AlertMessage, "id">;
type Child = { id: string; name: string };

/** Adds children to a message's unreachable list (by name, once each); they are no longer "also down". */
function addUnreachable(message: StoredMessage, children: Child[]): void {
  if (children.length === 0) return;
  const byId = new Map([...(message.unreachable ?? []), ...children].map((c) => [c.id, c]));
  message.unreachable = [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));
  message.down_monitors = message.down_monitors.filter((m) => !byId.has(m.id));
}

interface EventFacts {
  event: AlertEvent;
  previousStatus: string | null;
  reason: string | null;
  at: number;
  durationSeconds: number | null;
  count: number | null;
  certificate?: CertificateFacts;
  late?: LateFacts;
  flapping?: FlappingFacts;
  escalation?: { after_minutes: number };
}

/** Messages that say an incident is open and carry its ack link (while nobody acknowledged it). */
const asksForAck = (event: AlertEvent): boolean => opensIncident(event) || event === "reminder";

/** What a flip to down says, beyond "down": a late heartbeat, or an ssl expiry warning (once per certificate and threshold). */
function downEventOf(store: Store, change: StatusChange): Pick<EventFacts, "event" | "certificate" | "late"> {
  if (change.late) {
    const { lastPingAt, expectedBy } = change.late;
    return { event: "late", late: { last_ping_at: toIsoOrNull(lastPingAt), expected_by: toIso(expectedBy) } };
  }
  const cert = change.certificate;
  if (cert && store.sslWarnings.claim(change.monitorId, cert, change.at)) {
    const certificate = { fingerprint: cert.fingerprint, expires_at: toIso(cert.expiresAt), days_left: cert.daysLeft, threshold_days: cert.thresholdDays };
    return { event: "ssl_expiry", certificate };
  }
  return { event: "down" };
}

export function createOutbox({ store, statusChanges, clock, baseUrl, onQueued, ackUrl }: OutboxOptions) {
  let wakeQueued = false;
  function wakeSender(): void {
    if (wakeQueued) return;
    wakeQueued = true;
    store.afterCommit(() => {
      wakeQueued = false;
      onQueued();
    });
  }

  function messageOf(monitor: MonitorRow, incident: IncidentRow, facts: EventFacts): Omit<AlertMessage, "id"> {
    const project = store.projects.byId(monitor.projectId);
    const down = project ? store.incidents.downMonitorsOf(project.organizationId, monitor.id, MAX_DOWN_MONITORS) : [];
    return {
      event: facts.event,
      monitor: {
        id: monitor.id, name: monitor.name, kind: monitor.kind, url: monitor.kind === "heartbeat" ? null : monitor.url,
        status: monitor.status, project: project?.name ?? null, tags: [],
      },
      previous_status: facts.previousStatus,
      reason: facts.reason,
      at: toIso(facts.at),
      started_at: toIso(incident.startedAt),
      duration_seconds: facts.durationSeconds,
      count: facts.count,
      down_monitors: down.map((m) => ({ id: m.id, name: m.name, reason: m.reason, started_at: toIsoOrNull(m.startedAt) })),
      folded: [],
      time_zone: project ? store.organizations.timeZoneOf(project.organizationId) : "UTC",
      base_url: baseUrl(),
      ack_url: asksForAck(facts.event) && incident.resolvedAt === null && incident.acknowledgedAt === null ? ackUrl(incident.id) : null,
      ...(facts.certificate && { certificate: facts.certificate }),
      ...(facts.late && { late: facts.late }),
      ...(facts.flapping && { flapping: facts.flapping }),
      ...(facts.escalation && { escalation: facts.escalation }),
    };
  }

  /**
   * One pending delivery per enabled channel linked to the monitor or its project; reminders and the up only to
   * channels the down reached (a flapping notice and the state after it: where the notice went); an escalation to its
   * step's channels. Held back (logged as suppressed, with the reason) in maintenance, while flapping or behind a down parent;
   * held for a channel's digest in its quiet hours, unless the monitor is critical.
   */
  function queue(monitor: MonitorRow, incident: IncidentRow, facts: EventFacts, channelIds?: string[]): void {
    let route = channelIds ? channelIds.map((id) => ({ id })) : store.channels.routeOf(monitor.id, monitor.projectId);
    if (!opensIncident(facts.event) && !facts.flapping) {
      const alerted = new Set(store.deliveries.alertedChannelIdsOf(incident.id));
      // escalation channels heard of the incident too, without being linked to the monitor
      const escalated = store.escalations.stepsOf(monitor.id).flatMap((s) => s.channelIds).map((id) => ({ id }));
      route = [...new Map([...route, ...escalated].map((c) => [c.id, c])).values()].filter((channel) => alerted.has(channel.id));
    }
    if (route.length === 0) return;
    const held = heldBack(store, monitor, facts.event, facts.at);
    const message = messageOf(monitor, incident, facts);
    if (!held) addUnreachable(message, unreachableOf(monitor, facts));
    const now = clock();
    const rowsOf = (channels: typeof route) =>
      channels.map((channel) => ({ channelId: channel.id, monitorId: monitor.id, incidentId: incident.id, event: facts.event, message }));
    const quiet = held ? [] : route.filter((channel) => heldForQuietHours(store.channels.byId(channel.id)?.quietHours, monitor, now));
    store.deliveries.enqueue(rowsOf(route.filter((channel) => !quiet.includes(channel))), now, held?.reason);
    store.deliveries.enqueue(rowsOf(quiet), now, "quiet_hours");
    if (held?.reason === "dependency") {
      store.monitors.setStatusReason(monitor.id, held.statusReason);
      if (opensIncident(facts.event)) tellParents(held.parents, monitor);
    }
    if (!held && quiet.length < route.length) wakeSender();
  }

  /** A down parent's message names the children down with it, whose alerts it holds back. */
  function unreachableOf(monitor: MonitorRow, facts: EventFacts): Child[] {
    if (!opensIncident(facts.event)) return [];
    return store.dependencies.childIdsOf(monitor.id).map((id) => store.monitors.byId(id)!)
      .filter((child) => child.status === "down" && !child.isPaused).map((c) => ({ id: c.id, name: c.name }));
  }

  /** A child held back after its parent's down was queued joins that message, if the sender has not taken it yet. */
  function tellParents(parents: Child[], child: MonitorRow): void {
    for (const parent of parents) {
      const incident = store.incidents.openOf(parent.id);
      for (const delivery of incident ? store.deliveries.unsentDownOf(incident.id, clock()) : []) {
        const message = delivery.message as unknown as StoredMessage;
        addUnreachable(message, [{ id: child.id, name: child.name }]);
        store.deliveries.setMessage(delivery.id, message as unknown as Record<string, unknown>);
      }
    }
  }

  /** A parent went down: children that flipped just before it and whose down is not sent yet are held back too. */
  function holdChildren(parent: MonitorRow, at: number): void {
    for (const childId of store.dependencies.childIdsOf(parent.id)) {
      const incident = store.incidents.openOf(childId);
      if (incident && store.deliveries.suppressUnsentDown(incident.id, "dependency", at) > 0) {
        store.monitors.setStatusReason(childId, unreachableReason([parent]));
      }
    }
  }

  /**
   * Children still down once their parents are up: the down that was held back goes out now. A child checked only
   * at the parent's recovery may be recovering with it, so it waits for a check after that (pinged kinds have none).
   */
  function releaseChildren(): void {
    const now = clock();
    for (const incident of store.dependencies.openIncidentsOfDependents()) {
      const child = store.monitors.byId(incident.monitorId)!;
      // a flapping child says its state once it is stable
      if (child.status !== "down" || child.isPaused || child.flappingSince !== null || store.dependencies.downParentsOf(child.id).length > 0) continue;
      const parentsUpAt = Math.max(...store.dependencies.parentsOf(child.id).map((id) => store.events.list(id, 1)[0]?.at ?? 0));
      if (probeKind(child.kind)?.check && (child.lastCheckedAt ?? 0) <= parentsUpAt) continue;
      if (child.statusReason?.startsWith("unreachable:")) store.monitors.setStatusReason(child.id, incident.reason);
      if (store.deliveries.alertedChannelIdsOf(incident.id).length > 0) continue;
      store.transaction(() =>
        queue({ ...child, statusReason: incident.reason }, incident, {
          event: "down", previousStatus: "up", reason: incident.reason, at: now, durationSeconds: null, count: null,
        }));
    }
  }

  /**
   * The end of a maintenance window or of flapping: the monitor says its current state once (down on its open incident,
   * up on its last one).
   */
  function announce(monitor: MonitorRow, at: number, flapping?: FlappingFacts): void {
    const incident = monitor.status === "down" ? store.incidents.openOf(monitor.id) : store.incidents.listForMonitor(monitor.id, 1)[0];
    if (!incident || monitor.isPaused) return;
    if (monitor.status === "down") {
      queue(monitor, incident, { event: "down", previousStatus: "up", reason: incident.reason, at, durationSeconds: null, count: null, flapping });
    } else if (incident.resolvedAt !== null) {
      const durationSeconds = Math.round((incident.resolvedAt - incident.startedAt) / 1000);
      queue(monitor, incident, { event: "up", previousStatus: "down", reason: incident.reason, at, durationSeconds, count: null, flapping });
    }
  }

  /** Runs inside the flip's transaction: a flip to down opens an incident and alerts; up after down resolves it and alerts. */
  function onFlip(event: StatusChange, flipped: MonitorRow): void {
    if (flipped.isPaused || event.to === "pending") return;
    const { monitor, began } = flappingAfterFlip(store, flipped, event.at);
    alertFlip(event, monitor);
    const incident = store.incidents.openOf(monitor.id) ?? store.incidents.listForMonitor(monitor.id, 1)[0];
    if (began && incident) {
      queue(monitor, incident, { event: "flapping", previousStatus: event.from, reason: event.reason, at: event.at, durationSeconds: null, count: null, flapping: began });
    }
  }

  function alertFlip(event: StatusChange, monitor: MonitorRow): void {
    const open = store.incidents.openOf(monitor.id);
    const facts = { previousStatus: event.from, at: event.at, count: null };
    if (event.to === "down") {
      // still open (the monitor was reset to pending by an edit and failed again): the down was already said
      if (open) return;
      const incident = store.incidents.open(monitor.id, event.at, event.reason);
      queue(monitor, incident, { ...facts, ...downEventOf(store, event), reason: event.reason, durationSeconds: null });
      holdChildren(monitor, event.at);
    } else if (event.to === "up" && open) {
      // pending → up with nothing open is a first result, not a recovery: it stays silent
      store.incidents.resolve(open.id, event.at);
      const durationSeconds = Math.round((event.at - open.startedAt) / 1000);
      queue(monitor, open, { ...facts, event: "up", reason: open.reason, durationSeconds });
    }
  }

  /**
   * Escalation steps that fell due (still down that long into the incident, nobody acknowledged it): their channels get
   * the incident's down as an `escalation`, once per step; then its reminders and up too. While the alert would be held
   * back (maintenance, flapping, a down parent), the step waits.
   */
  function escalateDue(): void {
    const now = clock();
    for (const { incidentId, steps } of store.escalations.due(now)) {
      store.transaction(() => {
        const incident = store.incidents.byId(incidentId);
        const monitor = incident && store.monitors.byId(incident.monitorId);
        if (!monitor || heldBack(store, monitor, "escalation", now)) return;
        const upTo = Math.max(...steps.map((s) => s.afterMinutes));
        if (!store.escalations.markEscalated(incident, upTo)) return;
        const alerted = new Set(store.deliveries.alertedChannelIdsOf(incident.id));
        const channelIds = [...new Set(steps.flatMap((s) => s.channelIds))].filter((id) => !alerted.has(id));
        const durationSeconds = Math.round((now - incident.startedAt) / 1000);
        queue(monitor, incident, {
          event: "escalation", previousStatus: "down", reason: incident.reason, at: now, durationSeconds, count: null, escalation: { after_minutes: upTo },
        }, channelIds);
      });
    }
  }

  /** Repeats the down message of every incident whose reminder is due; returns how many were repeated. */
  function remindDue(): number {
    const now = clock();
    let reminded = 0;
    for (const { incident } of store.incidents.dueReminders(now)) {
      store.transaction(() => {
        const monitor = store.monitors.byId(incident.monitorId);
        if (!monitor || !store.incidents.markReminded(incident, now)) return;
        const durationSeconds = Math.round((now - incident.startedAt) / 1000);
        queue(monitor, incident, {
          event: "reminder", previousStatus: "down", reason: incident.reason, at: now, durationSeconds, count: incident.remindersSent + 1,
        });
        reminded++;
      });
    }
    return reminded;
  }

  return {
    start(): () => void {
      return statusChanges.onFlipInTransaction(onFlip);
    },
    remindDue,
    escalateDue,
    announce,
    releaseChildren,
  };
}

export type Outbox = ReturnType<typeof createOutbox>;
