// GET /metrics: the caller's monitors in Prometheus format. Needs an API key (scrapers send
// `authorization: Bearer pm_…`); plan limits do not apply, since the scraper sets the pace.
import { Elysia } from "elysia";
import { errorAnswer, textAnswer } from "../api/openapi.ts";
import type { Gate } from "../api/auth.ts";
import { errorResponse } from "../api/errors.ts";
import type { MonitorRow } from "../domain/types.ts";
import type { Store } from "../store/index.ts";
import { renderFamilies, type Family } from "./prometheus.ts";
import type { NotificationCounts } from "../alerts/metrics.ts";

const MAX_MONITORS = 1_000_000;

/** Alerts of the caller's organizations: sent, retried, failed and suppressed since start, and waiting now. */
function notificationFamilies(store: Store, counts: NotificationCounts, organizationIds: string[]): Family[] {
  return [
    {
      name: "upbeat_notifications_total", type: "counter", help: "Alert deliveries since upbeat started, by channel kind and result (sent, retried, failed, suppressed).",
      samples: counts.of(organizationIds).map(({ kind, result, value }) => ({ labels: { kind, result }, value })),
    },
    {
      name: "upbeat_notifications_pending", type: "gauge", help: "Alert deliveries waiting to be sent (pending or retrying).",
      samples: [{ labels: {}, value: store.deliveries.pendingCountIn(organizationIds) }],
    },
  ];
}

function families(store: Store, monitors: MonitorRow[], latest: ReturnType<Store["latestChecks"]["of"]>): Family[] {
  const labels = (m: MonitorRow) => ({ id: m.id, name: m.name, kind: m.kind });
  const byStatus = { up: 0, down: 0, pending: 0, paused: 0 };
  for (const m of monitors) byStatus[m.isPaused ? "paused" : m.status]++;
  const checked = monitors.filter((m) => latest.has(m.seq));
  return [
    {
      name: "upbeat_monitor_up", type: "gauge", help: "1 when the monitor is up, 0 when down; monitors without a result yet are left out.",
      samples: monitors.filter((m) => m.status !== "pending").map((m) => ({ labels: labels(m), value: m.status === "up" ? 1 : 0 })),
    },
    {
      name: "upbeat_monitor_paused", type: "gauge", help: "1 when the monitor is paused.",
      samples: monitors.map((m) => ({ labels: labels(m), value: m.isPaused ? 1 : 0 })),
    },
    {
      name: "upbeat_monitor_response_time_seconds", type: "gauge", help: "Response time of the monitor's latest check.",
      samples: checked.map((m) => ({ labels: labels(m), value: latest.get(m.seq)!.responseTimeMs / 1000 })),
    },
    {
      name: "upbeat_monitor_last_check_timestamp_seconds", type: "gauge", help: "Unix time of the monitor's latest check.",
      samples: checked.map((m) => ({ labels: labels(m), value: latest.get(m.seq)!.checkedAt / 1000 })),
    },
    {
      name: "upbeat_checks_total", type: "counter", help: "Checks of the monitor recorded since upbeat started.",
      samples: monitors.filter((m) => m.kind !== "heartbeat")
        .map((m) => ({ labels: labels(m), value: store.checks.recordedSinceStart(m.seq) })),
    },
    {
      name: "upbeat_monitors", type: "gauge", help: "Monitors by status (paused ones counted as paused).",
      samples: Object.entries(byStatus).map(([status, value]) => ({ labels: { status }, value })),
    },
  ];
}

export const metricsRoutes = (store: Store, gate: Gate, notifications: NotificationCounts) =>
  new Elysia().get("/metrics", ({ request }) => {
    const principal = gate.authenticate(request);
    if (!principal) {
      return errorResponse(401, "unauthorized", "Send an API key: Authorization: Bearer pm_…", { "WWW-Authenticate": "Bearer" });
    }
    const monitors = store.monitors.listForUser(principal.user.id, {}, MAX_MONITORS, 0).rows.map((r) => r.monitor);
    const latest = store.latestChecks.of(monitors.filter((m) => m.kind !== "heartbeat").map((m) => m.seq));
    const organizationIds = store.organizations.listForUser(principal.user.id).map((o) => o.organization.id);
    const text = renderFamilies([...families(store, monitors, latest), ...notificationFamilies(store, notifications, organizationIds)]);
    return new Response(text, {
      headers: { "Content-Type": "text/plain; version=0.0.4; charset=utf-8" },
    });
  }, {
    detail: {
      tags: ["metrics"],
      summary: "Prometheus metrics of the caller's monitors (API key required)",
      security: [{ apiKey: [] }],
      responses: {
        200: textAnswer("Prometheus text format 0.0.4"),
        401: errorAnswer("No valid API key"),
      },
    },
  });
