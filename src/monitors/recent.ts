// What the dashboard shows beside each monitor: its last results as a strip, its last response time and 24h uptime,
// for a whole page of monitors in a few queries (the checks' strips, the heartbeats', the checks' uptime, the heartbeats' status changes).
import type { MonitorRow } from "../domain/types.ts";
import { percentOf } from "../history/percent.ts";
import { uptimesFromEvents } from "../history/time-in-status.ts";
import { UPTIME_WINDOWS_MS } from "../history/windows.ts";
import type { Store } from "../store/index.ts";
import type { RecentResult } from "../store/store.ts";

/** Results per monitor in a strip: enough to see a pattern, few enough for a phone. */
export const RECENT_RESULTS = 40;

export interface Recent {
  results: RecentResult[];
  lastResponseMs: number | null;
  uptime24h: number | null;
}

type Shown = Pick<MonitorRow, "id" | "seq" | "kind">;

export function recentOf(store: Store, monitors: Shown[], nowMs: number): Map<string, Recent> {
  const checked = monitors.filter((m) => m.kind !== "heartbeat");
  const pinged = monitors.filter((m) => m.kind === "heartbeat");
  const checks = store.recentResults.checks(checked.map((m) => m.seq), RECENT_RESULTS);
  const pulses = store.recentResults.pulses(pinged.map((m) => m.id), RECENT_RESULTS);
  const counts = store.recentResults.checkUptime(checked.map((m) => m.seq), nowMs - UPTIME_WINDOWS_MS["24h"]);
  const found = new Map<string, Recent>();
  for (const m of checked) {
    const results = checks.get(m.seq) ?? [];
    const count = counts.get(m.seq);
    found.set(m.id, { results, lastResponseMs: results.at(-1)?.ms ?? null, uptime24h: count ? percentOf(count.up, count.total) : null });
  }
  // a heartbeat's uptime is time spent up, from its status changes (read for the whole page at once)
  const heartbeatUptimes = uptimesFromEvents(store, pinged.map((m) => m.id), nowMs - UPTIME_WINDOWS_MS["24h"], nowMs);
  for (const m of pinged) {
    const results = pulses.get(m.id) ?? [];
    found.set(m.id, { results, lastResponseMs: results.at(-1)?.ms ?? null, uptime24h: heartbeatUptimes.get(m.id)! });
  }
  return found;
}
