// What a monitor has recorded (checks, pings, uptime, alerts, incidents), for a caller allowed to see it.
import type { CheckRow, IncidentRow, MonitorEventRow, PulseRow } from "../domain/types.ts";
import { series, type Series, type SeriesWindow } from "../history/series.ts";
import { uptime, type Uptime } from "../history/uptime.ts";
import { percentOf } from "../history/percent.ts";
import { UPTIME_WINDOWS_MS, type UptimeWindow } from "../history/windows.ts";
import { withoutMaintenance } from "../maintenance/uptime.ts";
import type { Store } from "../store/index.ts";
import type { DeliveryWithAttempts } from "../store/store.ts";
import type { Clock } from "../time.ts";
import type { MonitorService } from "./service.ts";

export function createMonitorHistory(store: Store, monitors: MonitorService, clock: Clock) {
  const visible = (id: string, userId: string) => monitors.get(id, userId).monitor;
  return {
    checks: (id: string, userId: string, limit: number, beforeMs?: number): CheckRow[] =>
      store.checks.list(visible(id, userId).seq, limit, beforeMs),
    /** `before` pages back by time, or exactly from the id of the last pulse seen. */
    pulses: (id: string, userId: string, limit: number, before?: { ms: number } | { id: string }): PulseRow[] =>
      store.pulses.list(visible(id, userId).id, limit, before),
    /** With `excludeMaintenance`, checks made while a maintenance window was on do not count (checked monitors only). */
    uptime(id: string, userId: string, window: UptimeWindow, excludeMaintenance: boolean): Uptime & { monitorId: string } {
      const monitor = visible(id, userId);
      const now = clock();
      const stats = uptime(store, monitor, window, now);
      // heartbeats measure time up, not checks: maintenance is not taken out of theirs
      if (!excludeMaintenance || monitor.kind === "heartbeat") return { ...stats, monitorId: monitor.id };
      const counted = withoutMaintenance(store, monitor, stats, now - UPTIME_WINDOWS_MS[window], now + 1);
      return { ...stats, total: counted.total, up: counted.up, percent: percentOf(counted.up, counted.total), monitorId: monitor.id };
    },
    /** A chart's points and down periods over a window. */
    series: (id: string, userId: string, window: SeriesWindow): Series => series(store, visible(id, userId), window, clock()),
    statusChanges: (id: string, userId: string, limit: number, beforeMs?: number): MonitorEventRow[] =>
      store.events.list(visible(id, userId).id, limit, beforeMs),
    deliveries: (id: string, userId: string, limit: number, beforeMs?: number): DeliveryWithAttempts[] =>
      store.deliveries.listForMonitor(visible(id, userId).id, limit, beforeMs),
    incidents: (id: string, userId: string, limit: number, beforeMs?: number): IncidentRow[] =>
      store.incidents.listForMonitor(visible(id, userId).id, limit, beforeMs),
  };
}

export type MonitorHistory = ReturnType<typeof createMonitorHistory>;
