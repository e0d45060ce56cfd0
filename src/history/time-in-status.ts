// Uptime as time spent up versus down, from the status changes: the measure for heartbeats,
// which have pings rather than checks. Time before the first result (pending) counts for neither.
// The same spans give the charts their down periods.
import type { MonitorStatus } from "../enums.ts";
import type { Store } from "../store/index.ts";
import { percentOf } from "./percent.ts";

/** A stretch of one status; `reason` is the one given when it began (null before the first change seen). */
export interface StatusSpan {
  status: MonitorStatus;
  fromMs: number;
  toMs: number;
  reason: string | null;
}

/** The statuses from `sinceMs` to `nowMs`, oldest first, cut to that range. */
export function statusSpans(store: Store, monitorId: string, sinceMs: number, nowMs: number): StatusSpan[] {
  const spans: StatusSpan[] = [];
  let open: Omit<StatusSpan, "toMs"> = { status: store.events.statusAt(monitorId, sinceMs) ?? "pending", fromMs: sinceMs, reason: null };
  for (const event of store.events.since(monitorId, sinceMs)) {
    if (event.at > nowMs) break;
    spans.push({ ...open, toMs: event.at });
    open = { status: event.toStatus, fromMs: event.at, reason: event.reason };
  }
  spans.push({ ...open, toMs: nowMs });
  return spans;
}

export function uptimeFromEvents(store: Store, monitorId: string, sinceMs: number, nowMs: number): number | null {
  const spent = { up: 0, down: 0, pending: 0 };
  for (const span of statusSpans(store, monitorId, sinceMs, nowMs)) spent[span.status] += span.toMs - span.fromMs;
  return percentOf(spent.up, spent.up + spent.down);
}
