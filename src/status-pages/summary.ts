// What a status page shows: each monitor's state and uptime, and one line for the whole page.
import type { MonitorRow, StatusPageRow } from "../domain/types.ts";
import { currentOrNext } from "../maintenance/windows.ts";
import { uptimePercent } from "../history/uptime.ts";
import type { Store } from "../store/index.ts";
import { toIso } from "../time.ts";

export type ShownStatus = "up" | "down" | "pending" | "paused";

export interface MonitorSummary {
  id: string;
  name: string;
  status: ShownStatus;
  uptime_24h: number | null;
  uptime_30d: number | null;
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
  status: "operational" | "partial_outage" | "major_outage" | "unknown";
  monitors: MonitorSummary[];
  incidents: CurrentIncident[];
  maintenance: ShownMaintenance[];
  generated_at: string;
}

function overall(monitors: MonitorSummary[]): PageSummary["status"] {
  const watched = monitors.filter((m) => m.status === "up" || m.status === "down");
  const down = watched.filter((m) => m.status === "down").length;
  if (watched.length === 0) return "unknown";
  if (down === 0) return "operational";
  return down === watched.length ? "major_outage" : "partial_outage";
}

function maintenanceOf(store: Store, page: StatusPageRow, shown: MonitorRow[], now: number): ShownMaintenance[] {
  const windows = store.maintenance.activeOfOrganization(page.organizationId).flatMap((w) => {
    const monitorIds = shown.filter((m) => w.monitorIds.includes(m.id) || w.projectIds.includes(m.projectId)).map((m) => m.id);
    const occurrence = monitorIds.length > 0 ? currentOrNext(w, now) : null;
    if (!occurrence || occurrence.start > now + UPCOMING_MS) return [];
    return [{ title: w.title, starts_at: toIso(occurrence.start), ends_at: toIso(occurrence.end), in_progress: occurrence.start <= now, monitor_ids: monitorIds }];
  });
  return windows.sort((a, b) => a.starts_at.localeCompare(b.starts_at));
}

export function summarize(store: Store, page: StatusPageRow, now: number): PageSummary {
  const shown = store.statusPages.monitorsOf(page.id);
  const monitors = shown.map((m) => ({
    id: m.id,
    name: m.name,
    status: m.isPaused ? ("paused" as const) : m.status,
    uptime_24h: uptimePercent(store, m, "24h", now),
    uptime_30d: uptimePercent(store, m, "30d", now),
  }));
  const names = new Map(monitors.map((m) => [m.id, m.name]));
  const incidents = store.incidents.openFor(monitors.filter((m) => m.status === "down").map((m) => m.id))
    .map((i) => ({ monitor_id: i.monitorId, monitor_name: names.get(i.monitorId)!, started_at: toIso(i.startedAt) }));
  return {
    slug: page.slug, title: page.title, description: page.description, status: overall(monitors), monitors, incidents,
    maintenance: maintenanceOf(store, page, shown, now), generated_at: toIso(now),
  };
}
