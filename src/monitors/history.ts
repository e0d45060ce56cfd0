// What a monitor has recorded (checks, pings, uptime, alerts, incidents), for a caller allowed to see it.
import type { CheckRow, IncidentRow, PulseRow } from "../domain/types.ts";
import { uptime, type Uptime } from "../history/uptime.ts";
import type { UptimeWindow } from "../history/windows.ts";
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
    uptime(id: string, userId: string, window: UptimeWindow): Uptime & { monitorId: string } {
      const monitor = visible(id, userId);
      return { ...uptime(store, monitor, window, clock()), monitorId: monitor.id };
    },
    deliveries: (id: string, userId: string, limit: number, beforeMs?: number): DeliveryWithAttempts[] =>
      store.deliveries.listForMonitor(visible(id, userId).id, limit, beforeMs),
    incidents: (id: string, userId: string, limit: number, beforeMs?: number): IncidentRow[] =>
      store.incidents.listForMonitor(visible(id, userId).id, limit, beforeMs),
  };
}

export type MonitorHistory = ReturnType<typeof createMonitorHistory>;
