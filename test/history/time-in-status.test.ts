import { afterAll, beforeAll, expect, test } from "bun:test";
import { uptimeFromEvents } from "../../src/history/time-in-status.ts";
import type { Store } from "../../src/store/store.ts";
import { freshStore, type FreshStore } from "../support/fresh-store.ts";

let fresh: FreshStore;
let store: Store;
let monitorId: string;
const HOUR = 3_600_000;
const t0 = Date.parse("2026-05-01T00:00:00Z");

beforeAll(async () => {
  fresh = await freshStore();
  store = fresh.store;
  const org = store.organizations.create("O", t0);
  const project = store.projects.create({ organizationId: org.id, name: "P", isDefault: true }, t0);
  monitorId = store.monitors.insert({ projectId: project.id, name: "job", kind: "heartbeat", intervalSeconds: 3600, timeoutSeconds: 10, pingToken: "t".repeat(24), settings: { grace_seconds: 60, schedule: null, timezone: "UTC" } }, t0).id;
});
afterAll(() => fresh.close());

test("no result yet: no uptime", () => {
  expect(uptimeFromEvents(store, monitorId, t0, t0 + 10 * HOUR)).toBeNull();
});

test("time up over time up or down; pending time counts for neither", () => {
  store.events.transition(monitorId, "pending", "up", null, t0 + 2 * HOUR);
  store.events.transition(monitorId, "up", "down", "timeout", t0 + 8 * HOUR);
  store.events.transition(monitorId, "down", "up", null, t0 + 10 * HOUR);
  // 0–2 pending, 2–8 up, 8–10 down, 10–12 up → 8 h up of 10 h measured
  expect(uptimeFromEvents(store, monitorId, t0, t0 + 12 * HOUR)).toBe(80);
  // a window starting mid-way takes the status in force at its start: 9–12 → 1 h down, 2 h up
  expect(uptimeFromEvents(store, monitorId, t0 + 9 * HOUR, t0 + 12 * HOUR)).toBeCloseTo(66.667, 2);
  // changes after the window's end do not count
  expect(uptimeFromEvents(store, monitorId, t0 + 2 * HOUR, t0 + 9 * HOUR)).toBeCloseTo(85.714, 2);
});
