// Uptime per UTC day for the status pages' 90-day bars, for all of a page's monitors at once: checked monitors
// from the hourly roll-ups (one statement for every monitor), heartbeats from their status changes, with the
// rules uptime() applies to any window (checks counted; a heartbeat's time up over time up or down).
import type { MonitorRow } from "../domain/types.ts";
import type { Store } from "../store/index.ts";
import { percentOf } from "./percent.ts";
import { DAY_MS } from "./rollup.ts";

export const DAYS_SHOWN = 90;

/** Oldest day first; `uptime` null on a day with nothing measured. */
export interface DailySeries {
  uptime: (number | null)[];
  down_minutes: number[];
}

type Measured = Pick<MonitorRow, "id" | "seq" | "kind">;

/** Midnight UTC of the first day shown, the one `days - 1` days before today. */
export const firstDayStart = (nowMs: number, days = DAYS_SHOWN) => Math.floor(nowMs / DAY_MS) * DAY_MS - (days - 1) * DAY_MS;

const emptySeries = (days: number): DailySeries => ({ uptime: Array(days).fill(null), down_minutes: Array(days).fill(0) });

export function dailyUptime(store: Store, monitors: Measured[], nowMs: number, days = DAYS_SHOWN): Map<string, DailySeries> {
  const fromMs = firstDayStart(nowMs, days);
  const series = new Map(monitors.map((m) => [m.id, emptySeries(days)]));
  const checked = monitors.filter((m) => m.kind !== "heartbeat");
  const idOfSeq = new Map(checked.map((m) => [m.seq, m.id]));
  for (const day of store.dailyUptime.checkedDays(checked.map((m) => m.seq), fromMs, nowMs)) {
    const shown = series.get(idOfSeq.get(day.monitorSeq)!)!;
    const i = (day.dayStart - fromMs) / DAY_MS;
    shown.uptime[i] = percentOf(day.upChecks, day.checks);
    shown.down_minutes[i] = Math.round(day.downMinutes);
  }
  const heartbeats = monitors.filter((m) => m.kind === "heartbeat").map((m) => m.id);
  for (const [id, spent] of timeByDay(store, heartbeats, fromMs, nowMs, days)) {
    const shown = series.get(id)!;
    spent.up.forEach((upMs, i) => {
      shown.uptime[i] = percentOf(upMs, upMs + spent.down[i]!);
      shown.down_minutes[i] = Math.round(spent.down[i]! / 60_000);
    });
  }
  return series;
}

/** Milliseconds up and down per day of each monitor, walking its status changes (pending counts for neither). */
function timeByDay(store: Store, monitorIds: string[], fromMs: number, nowMs: number, days: number) {
  const spent = new Map(monitorIds.map((id) => [id, { up: Array<number>(days).fill(0), down: Array<number>(days).fill(0) }]));
  const status = store.events.statusesAt(monitorIds, fromMs);
  const cursor = new Map(monitorIds.map((id) => [id, fromMs]));
  const add = (id: string, untilMs: number) => {
    const perDay = spent.get(id)!;
    const state = status.get(id);
    let at = cursor.get(id)!;
    while (at < untilMs) {
      const i = Math.floor((at - fromMs) / DAY_MS);
      const end = Math.min(untilMs, fromMs + (i + 1) * DAY_MS);
      if (state === "up" || state === "down") perDay[state][i]! += end - at;
      at = end;
    }
    cursor.set(id, untilMs);
  };
  for (const event of store.events.sinceOf(monitorIds, fromMs)) {
    if (event.at > nowMs) break;
    add(event.monitorId, event.at);
    status.set(event.monitorId, event.toStatus);
  }
  for (const id of monitorIds) add(id, nowMs);
  return spent;
}
