// Pulses on disk: answered pings survive a stop, and old pulses are pruned but never the newest 1,000.
import { afterEach, beforeEach, expect, test } from "bun:test";
import { createHeartbeats, type Heartbeats } from "../../src/heartbeats/index.ts";
import { KEEP_PULSES_PER_MONITOR } from "../../src/heartbeats/retention.ts";
import type { Ping } from "../../src/heartbeats/ping.ts";
import { createServices } from "../../src/services.ts";
import type { Store } from "../../src/store/store.ts";
import { manualClock } from "../support/clock.ts";
import { freshStore, type FreshStore } from "../support/fresh-store.ts";

let fresh: FreshStore;
let store: Store;
let heartbeats: Heartbeats;
const time = manualClock(Date.parse("2025-01-01T00:00:00.000Z"));

beforeEach(async () => {
  fresh = await freshStore();
  store = fresh.store;
  const { monitors, statusChanges } = createServices(store, time.now);
  heartbeats = createHeartbeats({ store, monitors, statusChanges, clock: time.now, retentionDays: 30 });
});
afterEach(() => {
  heartbeats.stop();
  fresh.close();
});

/** A heartbeat monitor row with this ping token, in a fresh organization's default project. */
function heartbeatMonitor(token: string) {
  const organization = store.organizations.create("org", time.now());
  const project = store.projects.create({ organizationId: organization.id, name: "Default", isDefault: true }, time.now());
  return store.monitors.insert(
    { projectId: project.id, name: token, kind: "heartbeat", intervalSeconds: 60, timeoutSeconds: 10, settings: { grace_seconds: 0, schedule: null, timezone: "UTC" }, pingToken: token },
    time.now(),
  );
}

const ping = (token: string, body: string | null = null): Ping => ({
  token, type: "success", exitCode: null, durationMs: null, body, reason: null, sourceIp: "127.0.0.1", userAgent: "test", rid: null, receivedAt: time.now(),
});

/** Counts from a second connection, as another process would see the store. */
function storedPulses(monitorId: string): number {
  return fresh.another().pulses.list(monitorId, 10_000).length;
}

test("an answered ping is already visible to another connection", async () => {
  const monitor = heartbeatMonitor("token-answered");
  expect(await heartbeats.receive(ping("token-answered"))).toBe("stored");
  expect(storedPulses(monitor.id)).toBe(1);
});

test("an unknown token stores nothing", async () => {
  expect(await heartbeats.receive(ping("no-such-token"))).toBe("unknown-token");
});

test("stopping commits pings still waiting for their batch", async () => {
  const monitor = heartbeatMonitor("token-queued");
  const answers = Array.from({ length: 500 }, (_, i) => heartbeats.receive(ping("token-queued", `run ${i}`)));
  heartbeats.stop();
  expect(storedPulses(monitor.id)).toBe(500);
  expect(new Set(await Promise.all(answers))).toEqual(new Set(["stored"]));
});

test("pruning drops pulses past retention but keeps each monitor's newest 1,000", async () => {
  const busy = heartbeatMonitor("token-busy");
  const quiet = heartbeatMonitor("token-quiet");
  const recent = heartbeatMonitor("token-recent");
  time.set(Date.parse("2025-01-01T00:00:00.000Z"));
  await Promise.all([
    ...Array.from({ length: 1200 }, () => heartbeats.receive(ping("token-busy"))),
    ...Array.from({ length: 50 }, () => heartbeats.receive(ping("token-quiet"))),
  ]);
  time.set(Date.parse("2025-02-15T00:00:00.000Z")); // 45 days later: all of the above is past 30 days
  await Promise.all([
    ...Array.from({ length: 10 }, () => heartbeats.receive(ping("token-busy"))),
    ...Array.from({ length: 1500 }, () => heartbeats.receive(ping("token-recent"))),
  ]);
  expect(heartbeats.prunePulses()).toBe(210);
  expect(storedPulses(busy.id)).toBe(KEEP_PULSES_PER_MONITOR);
  expect(storedPulses(quiet.id)).toBe(50);
  expect(storedPulses(recent.id)).toBe(1500);
  time.set(Date.parse("2025-04-01T00:00:00.000Z"));
  expect(heartbeats.prunePulses()).toBe(500);
  expect(storedPulses(recent.id)).toBe(KEEP_PULSES_PER_MONITOR);
});
