// What a status page shows: each monitor's state, uptime and daily bars in its group, and one line for the whole page.
import type { StatusPageRow } from "../domain/types.ts";
import { currentOrNext } from "../maintenance/windows.ts";
import { firstDayStart, type DailySeries } from "../history/daily.ts";
import { uptimePercent } from "../history/uptime.ts";
import type { Store } from "../store/index.ts";
import type { PageMonitor } from "../store/store.ts";
import { toIso } from "../time.ts";
import type { PastDays } from "./past-days.ts";
import { groupsOf } from "./service.ts";

export type ShownStatus = "up" | "down" | "pending" | "paused";

export interface MonitorSummary {
  id: string;
  name: string;
  group: string;
  status: ShownStatus;
  in_maintenance: boolean;
  uptime_24h: number | null;
  uptime_30d: number | null;
  /** one entry per day from `days_from` to today (UTC) */
  daily: DailySeries;
}

/** A down period still open; its reason stays private (it may name the target, which pages never show). */
export interface CurrentIncident {
  monitor_id: string;
  monitor_name: string;
  started_at: string;
}

/** A maintenance window of the page's monitors, in progress or starting within a week. */
export interface ShownMaintenance {
  title: string;
  starts_at: string;
  ends_at: string;
  in_progress: boolean;
  monitor_ids: string[];
}

const UPCOMING_MS = 7 * 24 * 3600_000;

export interface PageSummary {
  slug: string;
  title: string;
  description: string | null;
  status: "operational" | "partial_outage" | "major_outage" | "maintenance" | "unknown";
  groups: { name: string; monitor_ids: string[] }[];
  monitors: MonitorSummary[];
  incidents: CurrentIncident[];
  maintenance: ShownMaintenance[];
  /** the first day of every monitor's `daily` series */
  days_from: string;
  generated_at: string;
}

/** A monitor in maintenance counts neither as up nor as down; maintenance shows when nothing else is down. */
function overall(monitors: MonitorSummary[]): PageSummary["status"] {
  const watched = monitors.filter((m) => (m.status === "up" || m.status === "down") && !m.in_maintenance);
  const down = watched.filter((m) => m.status === "down").length;
  if (down > 0) return down === watched.length ? "major_outage" : "partial_outage";
  if (monitors.some((m) => m.in_maintenance)) return "maintenance";
  return watched.length === 0 ? "unknown" : "operational";
}

function maintenanceOf(store: Store, page: StatusPageRow, shown: PageMonitor[], now: number): ShownMaintenance[] {
  const windows = store.maintenance.activeOfOrganization(page.organizationId).flatMap((w) => {
    const monitorIds = shown.filter((m) => w.monitorIds.includes(m.id) || w.projectIds.includes(m.projectId)).map((m) => m.id);
    const occurrence = monitorIds.length > 0 ? currentOrNext(w, now) : null;
    if (!occurrence || occurrence.start > now + UPCOMING_MS) return [];
    return [{ title: w.title, starts_at: toIso(occurrence.start), ends_at: toIso(occurrence.end), in_progress: occurrence.start <= now, monitor_ids: monitorIds }];
  });
  return windows.sort((a, b) => a.starts_at.localeCompare(b.starts_at));
}

export function summarize(store: Store, pastDays: PastDays, page: StatusPageRow, now: number): PageSummary {
  const shown = store.statusPages.monitorsOf(page.id);
  const maintenance = maintenanceOf(store, page, shown, now);
  const inMaintenance = new Set(maintenance.filter((w) => w.in_progress).flatMap((w) => w.monitor_ids));
  const daily = pastDays.dailyOf(store, page.id, shown, now);
  const monitors = shown.map((m) => ({
    id: m.id,
    name: m.name,
    group: m.groupName,
    status: m.isPaused ? ("paused" as const) : m.status,
    in_maintenance: inMaintenance.has(m.id),
    uptime_24h: uptimePercent(store, m, "24h", now),
    uptime_30d: uptimePercent(store, m, "30d", now),
    daily: daily.get(m.id)!,
  }));
  const names = new Map(monitors.map((m) => [m.id, m.name]));
  const incidents = store.incidents.openFor(monitors.filter((m) => m.status === "down").map((m) => m.id))
    .map((i) => ({ monitor_id: i.monitorId, monitor_name: names.get(i.monitorId)!, started_at: toIso(i.startedAt) }));
  return {
    slug: page.slug, title: page.title, description: page.description, status: overall(monitors),
    groups: groupsOf(shown).map((g) => ({ name: g.name, monitor_ids: g.monitorIds })), monitors, incidents, maintenance,
    days_from: toIso(firstDayStart(now)).slice(0, 10), generated_at: toIso(now),
  };
}
