// What a status page shows: each monitor's state and uptime, and one line for the whole page.
import type { StatusPageRow } from "../domain/types.ts";
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

export interface PageSummary {
  slug: string;
  title: string;
  description: string | null;
  status: "operational" | "partial_outage" | "major_outage" | "unknown";
  monitors: MonitorSummary[];
  incidents: CurrentIncident[];
  generated_at: string;
}

function overall(monitors: MonitorSummary[]): PageSummary["status"] {
  const watched = monitors.filter((m) => m.status === "up" || m.status === "down");
  const down = watched.filter((m) => m.status === "down").length;
  if (watched.length === 0) return "unknown";
  if (down === 0) return "operational";
  return down === watched.length ? "major_outage" : "partial_outage";
}

export function summarize(store: Store, page: StatusPageRow, now: number): PageSummary {
  const monitors = store.statusPages.monitorsOf(page.id).map((m) => ({
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
    slug: page.slug, title: page.title, description: page.description, status: overall(monitors), monitors, incidents, generated_at: toIso(now),
  };
}
