// Uptime as time spent up versus down, from the status changes: the measure for heartbeats,
// which have pings rather than checks. Time before the first result (pending) counts for neither.
import type { Store } from "../store/index.ts";
import { percentOf } from "./percent.ts";

export function uptimeFromEvents(store: Store, monitorId: string, sinceMs: number, nowMs: number): number | null {
  const spent = { up: 0, down: 0, pending: 0 };
  let status = store.events.statusAt(monitorId, sinceMs) ?? "pending";
  let cursor = sinceMs;
  for (const event of store.events.since(monitorId, sinceMs)) {
    if (event.at > nowMs) break;
    spent[status] += event.at - cursor;
    status = event.toStatus as keyof typeof spent;
    cursor = event.at;
  }
  spent[status] += nowMs - cursor;
  return percentOf(spent.up, spent.up + spent.down);
}
