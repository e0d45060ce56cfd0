// Several monitors' alerts as one message per channel: a group (flips within the organization's group window)
// or a digest (what a channel's quiet hours held). Each down period is listed once, closed when it came back up,
// and the rows it stands for stay in the log, pointing at it (`carried_by`).
import type { DeliveryRow } from "../domain/types.ts";
import { GROUPABLE_EVENTS } from "../enums.ts";
import type { Store } from "../store/index.ts";
import { toIso } from "../time.ts";
import type { AlertMessage, DownMonitor, ListedMonitor } from "./message.ts";
import { isQuiet } from "./quiet-hours.ts";

type StoredMessage = Omit<AlertMessage, "id">;
const messageOf = (delivery: DeliveryRow) => delivery.message as unknown as StoredMessage;

/** One entry per down period (monitor and incident start), in the order they began; reminders add nothing. */
export function listedMonitorsOf(messages: StoredMessage[]): ListedMonitor[] {
  const periods = new Map<string, ListedMonitor>();
  for (const message of messages) {
    if (!message.monitor) continue;
    const downAt = message.started_at ?? message.at;
    const key = `${message.monitor.id}@${downAt}`;
    let entry = periods.get(key);
    if (!entry) {
      entry = {
        id: message.monitor.id, name: message.monitor.name, status: "down", reason: message.reason, down_at: downAt, up_at: null, unreachable: [], ack_url: null,
      };
      periods.set(key, entry);
    }
    if (message.event === "up") Object.assign(entry, { status: "up", up_at: message.at, ack_url: null });
    else if (message.ack_url) entry.ack_url = message.ack_url;
    const known = new Set(entry.unreachable.map((m) => m.id));
    entry.unreachable.push(...(message.unreachable ?? []).filter((m) => !known.has(m.id)));
  }
  return [...periods.values()];
}

/** The others down that the members named, less those the message lists itself or as unreachable. */
function othersDown(messages: StoredMessage[], listed: ListedMonitor[]): DownMonitor[] {
  const named = new Set(listed.flatMap((m) => [m.id, ...m.unreachable.map((u) => u.id)]));
  const others = new Map<string, DownMonitor>();
  for (const m of messages.flatMap((message) => message.down_monitors)) if (!named.has(m.id)) others.set(m.id, m);
  return [...others.values()];
}

function gatheredMessage(event: "group" | "digest", messages: StoredMessage[], now: number, more: Pick<AlertMessage, "reason" | "time_zone">): StoredMessage {
  const monitors = listedMonitorsOf(messages);
  return {
    event, monitor: null, previous_status: null, at: toIso(now), started_at: null, duration_seconds: null, count: monitors.length,
    down_monitors: othersDown(messages, monitors), folded: [], monitors, base_url: messages[0]!.base_url, ack_url: null, ...more,
  };
}

/** Queues one message for the channel standing for `rows`, due now; returns its id. */
function enqueueFor(store: Store, rows: DeliveryRow[], message: StoredMessage, now: number): string {
  const [id] = store.deliveries.enqueue(
    [{ channelId: rows[0]!.channelId, monitorId: null, incidentId: null, event: message.event, message: message as unknown as Record<string, unknown> }],
    now,
  );
  return id!;
}

const isGroupable = (delivery: DeliveryRow) =>
  delivery.state === "pending" && delivery.monitorId !== null && (GROUPABLE_EVENTS as readonly string[]).includes(delivery.event);

/**
 * What the sender sends for a channel's next ready delivery: the delivery itself, or, when flips of several monitors
 * fell within the group window that began with it, one group message (due now) carrying all of them.
 */
export function groupFrom(store: Store, first: DeliveryRow, windowMs: number, now: number): DeliveryRow {
  if (windowMs === 0 || !isGroupable(first)) return first;
  const members = store.deliveries.groupableOf(first.channelId, now, first.createdAt, first.createdAt + windowMs);
  if (new Set(members.map((d) => d.monitorId)).size < 2) return first;
  const messages = members.map(messageOf);
  return store.transaction(() => {
    const id = enqueueFor(store, members, gatheredMessage("group", messages, now, { reason: null, time_zone: messages[0]!.time_zone }), now);
    store.deliveries.suppress(members.map((d) => d.id), "grouped", id);
    return store.deliveries.byId(id)!;
  });
}

/** Channels whose quiet hours are over (or gone) get one digest of what they held. */
export function releaseQuietHours(store: Store, now: number): void {
  for (const channelId of store.deliveries.quietHeldChannels()) {
    const quiet = store.channels.byId(channelId)?.quietHours;
    if (quiet && isQuiet(quiet, now)) continue;
    store.transaction(() => {
      const held = store.deliveries.quietHeldOf(channelId);
      if (held.length === 0) return;
      const messages = held.map(messageOf);
      const reason = quiet ? `held during quiet hours (${quiet.start}–${quiet.end} ${quiet.timezone})` : "held during quiet hours";
      const id = enqueueFor(store, held, gatheredMessage("digest", messages, now, { reason, time_zone: quiet?.timezone ?? messages[0]!.time_zone }), now);
      store.deliveries.markCarried(held.map((d) => d.id), id);
    });
  }
}
