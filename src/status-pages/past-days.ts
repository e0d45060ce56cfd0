// The daily bars of the days before today, kept per page: a past UTC day does not change once over, and every
// status change of a monitor on the page rebuilds it, so a rebuild counts only today. Kept until the UTC day
// changes, the page is edited, or its monitors change (edited, or another list of them), or after `maxAgeMs`
// (on a shared store, edits and imports made through other instances are not heard of here).
import { dailyUptime, DAYS_SHOWN, type DailySeries } from "../history/daily.ts";
import { DAY_MS } from "../history/rollup.ts";
import type { Store } from "../store/index.ts";
import type { PageMonitor } from "../store/store.ts";

type Shown = Pick<PageMonitor, "id" | "seq" | "kind">;

interface Kept {
  /** midnight UTC of the day these were computed on: their last day is the one before it */
  today: number;
  /** when they were computed */
  atMs: number;
  /** the monitors they are for, in order */
  monitorsKey: string;
  past: Map<string, DailySeries>;
}

const keyOf = (monitors: Shown[]) => monitors.map((m) => m.id).join(",");

const withToday = (past: DailySeries, today: DailySeries): DailySeries =>
  ({ uptime: [...past.uptime, ...today.uptime], down_minutes: [...past.down_minutes, ...today.down_minutes] });

export function createPastDays(maxAgeMs = Infinity) {
  const kept = new Map<string, Kept>();
  const forgetWhere = (stale: (pageId: string, entry: Kept) => boolean) => {
    for (const [pageId, entry] of kept) if (stale(pageId, entry)) kept.delete(pageId);
  };

  return {
    /** dailyUptime() for the page's monitors, from the kept past days and today's checks when it can. */
    dailyOf(store: Store, pageId: string, monitors: Shown[], nowMs: number): Map<string, DailySeries> {
      const today = Math.floor(nowMs / DAY_MS) * DAY_MS;
      const monitorsKey = keyOf(monitors);
      const entry = kept.get(pageId);
      if (entry && entry.today === today && entry.monitorsKey === monitorsKey && nowMs - entry.atMs < maxAgeMs) {
        const todays = dailyUptime(store, monitors, nowMs, 1);
        return new Map(monitors.map((m) => [m.id, withToday(entry.past.get(m.id)!, todays.get(m.id)!)]));
      }
      const all = dailyUptime(store, monitors, nowMs, DAYS_SHOWN);
      const past = new Map([...all].map(([id, s]) => [id, { uptime: s.uptime.slice(0, -1), down_minutes: s.down_minutes.slice(0, -1) }]));
      kept.set(pageId, { today, atMs: nowMs, monitorsKey, past });
      return all;
    },
    /** A monitor edited or deleted. */
    forgetMonitor(monitorId: string): void {
      forgetWhere((_, entry) => entry.past.has(monitorId));
    },
    /** Pages edited or deleted. */
    forgetPages(pageIds: string[]): void {
      const ids = new Set(pageIds);
      forgetWhere((pageId) => ids.has(pageId));
    },
  };
}

export type PastDays = ReturnType<typeof createPastDays>;
