// A scheduler over a real store (SQLite file, or PostgreSQL with UPBEAT_TEST_STORE=postgres) with a clock the test moves; checks run only when the test asks.
import { bootstrapAdmin } from "../../src/accounts/users.ts";
import { createMonitorService } from "../../src/monitors/service.ts";
import { createStatusChanges } from "../../src/monitors/status.ts";
import { createScheduler, type SchedulerOptions } from "../../src/scheduler/scheduler.ts";
import { manualClock } from "../support/clock.ts";
import { freshStore } from "../support/fresh-store.ts";
import { ADMIN } from "../support/server.ts";

export const T0 = Date.parse("2026-03-01T10:00:00.000Z");

export async function schedulerHarness(more: Partial<SchedulerOptions> = {}) {
  const fresh = await freshStore();
  const store = fresh.store;
  const { now: clock, advance } = manualClock(T0);
  const admin = (await bootstrapAdmin(store, ADMIN.email, ADMIN.password, clock()))!;
  const statusChanges = createStatusChanges(store);
  const monitors = createMonitorService(store, clock, statusChanges);
  const scheduler = createScheduler({ store, monitors, statusChanges, clock, maxConcurrent: 16, ...more });
  return {
    store,
    monitors,
    statusChanges,
    scheduler,
    clock,
    advance,
    create: (spec: Record<string, unknown>) => monitors.create(admin.id, spec),
    update: (id: string, patch: Record<string, unknown>) => monitors.update(id, admin.id, patch),
    pause: (id: string, paused: boolean) => monitors.setPaused(id, admin.id, paused),
    remove: (id: string) => monitors.delete(id, admin.id),
    monitor: (id: string) => store.monitors.byId(id)!,
    /** checks as stored (after the writer's batch is flushed) */
    checks(id: string) {
      return store.checks.list(store.monitors.byId(id)!.seq, 100).reverse();
    },
    async close() {
      await scheduler.stop(1000);
      fresh.close();
    },
  };
}
