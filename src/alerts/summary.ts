// The per-channel rate limit folds what piled up into one message naming every event, instead of dropping any.
import type { ChannelRow, DeliveryRow } from "../domain/types.ts";
import type { Store } from "../store/index.ts";
import { toIso } from "../time.ts";
import type { AlertMessage, FoldedEvent } from "./message.ts";

type StoredMessage = Omit<AlertMessage, "id">;

function foldedOf(delivery: DeliveryRow): FoldedEvent[] {
  const message = delivery.message as unknown as StoredMessage;
  // a summary that is itself waiting (its send failed) passes its events on; a group or digest its monitors
  if (message.event === "summary") return message.folded;
  if (message.monitors) {
    return message.monitors.map((m) => ({
      event: m.up_at ? "up" : "down", monitor_id: m.id, monitor_name: m.name, reason: m.reason, at: m.up_at ?? m.down_at,
    }));
  }
  return [{
    event: message.event, monitor_id: message.monitor?.id ?? "", monitor_name: message.monitor?.name ?? "",
    reason: message.reason, at: message.at,
  }];
}

/** Replaces the waiting deliveries by one summary delivery (returned, due now); they stay in the log as suppressed. */
export function foldIntoSummary(store: Store, channel: ChannelRow, waiting: DeliveryRow[], now: number): DeliveryRow {
  const first = waiting[0]!.message as unknown as StoredMessage;
  const folded = waiting.flatMap(foldedOf);
  const message: StoredMessage = {
    event: "summary", monitor: null, previous_status: null, reason: `more than ${channel.name}'s rate limit allows`, at: toIso(now),
    started_at: null, duration_seconds: null, count: folded.length, down_monitors: [], folded,
    time_zone: first.time_zone, base_url: first.base_url, ack_url: null,
  };
  return store.transaction(() => {
    const [id] = store.deliveries.enqueue(
      [{ channelId: channel.id, monitorId: null, incidentId: null, event: "summary", message: message as unknown as Record<string, unknown> }],
      now,
    );
    store.deliveries.suppress(waiting.map((d) => d.id), "rate_limited", id);
    return store.deliveries.byId(id!)!;
  });
}
