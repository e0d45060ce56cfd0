// The alert pipeline over a real store (SQLite file, or PostgreSQL with UPBEAT_TEST_STORE=postgres) with a clock the test moves: checks run and alerts are
// sent only when the test asks (scheduler.checkDue, sender.sendDue).
import { bootstrapAdmin } from "../../src/accounts/users.ts";
import { createAlerts } from "../../src/alerts/pipeline.ts";
import { createMaintenanceService } from "../../src/maintenance/service.ts";
import { createMonitorService } from "../../src/monitors/service.ts";
import { createStatusChanges } from "../../src/monitors/status.ts";
import { createScheduler } from "../../src/scheduler/scheduler.ts";
import { freshStore } from "../support/fresh-store.ts";
import type { ReceivedRequest } from "./receiver.ts";

export const T0 = Date.parse("2026-03-01T10:00:00.000Z");
export const BASE_URL = "https://upbeat.example.test";

/** `groupSeconds`: the organization's alert_group_seconds; 0 unless a test is about grouping, so each flip goes out at once. */
export async function alertsHarness(settings: { rateLimit?: number; timeoutMs?: number; baseUrl?: string; groupSeconds?: number } = {}) {
  const fresh = await freshStore();
  const store = fresh.store;
  let now = T0;
  const clock = () => now;
  const admin = (await bootstrapAdmin(store, "admin@example.com", "correct-horse-battery", now))!;
  const organizationId = store.organizations.listForUser(admin.id)[0]!.organization.id;
  store.organizations.update(organizationId, { alertGroupSeconds: settings.groupSeconds ?? 0 });
  const statusChanges = createStatusChanges(store);
  const monitors = createMonitorService(store, clock, statusChanges);
  const scheduler = createScheduler({ store, monitors, statusChanges, clock, maxConcurrent: 16 });
  scheduler.load();
  const config = { alertRetrySeconds: 30, alertRetryHours: 24, alertRateLimit: settings.rateLimit ?? 10 };
  const maintenance = createMaintenanceService(store, clock);
  const alerts = createAlerts({ store, statusChanges, clock, config, baseUrl: () => settings.baseUrl ?? BASE_URL, timeoutMs: settings.timeoutMs });
  return {
    store,
    statusChanges,
    monitors,
    scheduler,
    alerts,
    sender: alerts.sender,
    clock,
    admin,
    organizationId,
    advance(ms: number) {
      now += ms;
    },
    createMonitor: (spec: Record<string, unknown>) => monitors.create(admin.id, spec),
    updateMonitor: (id: string, changes: Record<string, unknown>) => monitors.update(id, admin.id, changes),
    createWindow: (input: Record<string, unknown>) => maintenance.create(admin.id, input),
    createChannel: (input: Record<string, unknown>) => alerts.channels.create(admin.id, input),
    webhook: (name: string, url: string, more: Record<string, unknown> = {}) =>
      alerts.channels.create(admin.id, { name, kind: "webhook", config: { url }, ...more }),
    async close() {
      await scheduler.stop(1000);
      await alerts.sender.stop(1000);
      alerts.stopListening();
      fresh.close();
    },
  };
}

/** The webhook bodies a receiver got, parsed. */
export const bodiesOf = (requests: ReceivedRequest[]) => requests.map((r) => JSON.parse(r.body) as Record<string, any>);
