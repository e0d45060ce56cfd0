// Uptime as time spent up versus down, from the status changes: the measure for heartbeats,
// which have pings rather than checks. Time before the first result (pending) counts for neither.
// The same spans give the charts their down periods.
import type { MonitorEventRow } from "../domain/types.ts";
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

type Change = Pick<MonitorEventRow, "at" | "toStatus" | "reason">;

/** The spans from a start status and the changes after `sinceMs` (oldest first), cut to `nowMs`. */
function spansOf(startStatus: MonitorStatus, changes: Change[], sinceMs: number, nowMs: number): StatusSpan[] {
  const spans: StatusSpan[] = [];
  let open: Omit<StatusSpan, "toMs"> = { status: startStatus, fromMs: sinceMs, reason: null };
  for (const event of changes) {
    if (event.at > nowMs) break;
    spans.push({ ...open, toMs: event.at });
    open = { status: event.toStatus, fromMs: event.at, reason: event.reason };
  }
  spans.push({ ...open, toMs: nowMs });
  return spans;
}

/** The statuses from `sinceMs` to `nowMs`, oldest first, cut to that range. */
export function statusSpans(store: Store, monitorId: string, sinceMs: number, nowMs: number): StatusSpan[] {
  return spansOf(store.events.statusAt(monitorId, sinceMs) ?? "pending", store.events.since(monitorId, sinceMs), sinceMs, nowMs);
}

function percentUp(spans: StatusSpan[]): number | null {
  const spent = { up: 0, down: 0, pending: 0 };
  for (const span of spans) spent[span.status] += span.toMs - span.fromMs;
  return percentOf(spent.up, spent.up + spent.down);
}

export const uptimeFromEvents = (store: Store, monitorId: string, sinceMs: number, nowMs: number): number | null =>
  percentUp(statusSpans(store, monitorId, sinceMs, nowMs));

/** uptimeFromEvents for a page of monitors in two queries, however many there are. */
export function uptimesFromEvents(store: Store, monitorIds: string[], sinceMs: number, nowMs: number): Map<string, number | null> {
  const starts = store.events.statusesAt(monitorIds, sinceMs);
  const changes = new Map<string, Change[]>(monitorIds.map((id) => [id, []]));
  for (const event of store.events.sinceOf(monitorIds, sinceMs)) changes.get(event.monitorId)!.push(event);
  return new Map(monitorIds.map((id) => [id, percentUp(spansOf(starts.get(id) ?? "pending", changes.get(id)!, sinceMs, nowMs))]));
}
