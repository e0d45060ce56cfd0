// The kept past days of a page's daily bars: a rebuild after a status change counts only today and answers
// exactly what a cold build does; a new UTC day, an edited page or another monitor list starts over.
import { afterAll, beforeAll, expect, test } from "bun:test";
import type { MonitorRow } from "../../src/domain/types.ts";
import { dailyUptime, firstDayStart } from "../../src/history/daily.ts";
import { DAY_MS, HOUR_MS } from "../../src/history/rollup.ts";
import { createPastDays } from "../../src/status-pages/past-days.ts";
import { openDomain, type Domain } from "../support/domain.ts";

const noon = Date.parse("2026-05-10T12:00:00Z");
const today = noon - 12 * HOUR_MS;
let domain: Domain;
let checked: MonitorRow;
let heartbeat: MonitorRow;

const rollup = (seq: number, hourStart: number, upChecks: number) =>
  ({ monitorSeq: seq, hourStart, checks: 60, upChecks, responseTimeSumMs: 600, responseTimeMinMs: 10, responseTimeMaxMs: 10, responseTimeSketch: "" });
const check = (seq: number, checkedAt: number, isUp: boolean) =>
  ({ monitorSeq: seq, checkedAt, isUp, statusCode: isUp ? 200 : 500, responseTimeMs: 5, errorMessage: null });

beforeAll(async () => {
  domain = await openDomain();
  const { store } = domain;
  const org = store.organizations.create("O", today);
  const project = store.projects.create({ organizationId: org.id, name: "P", isDefault: true }, today);
  checked = store.monitors.insert({ projectId: project.id, name: "site", kind: "http", url: "https://example.com/", intervalSeconds: 60, timeoutSeconds: 10 }, today);
  heartbeat = store.monitors.insert({ projectId: project.id, name: "job", kind: "heartbeat", intervalSeconds: 3600, timeoutSeconds: 10, pingToken: "p".repeat(24), settings: { grace_seconds: 60, schedule: null, timezone: "UTC" } }, today);
  // three days rolled up (one bad hour), then raw checks since midnight; the heartbeat down for two hours two days ago
  store.rollups.save(Array.from({ length: 72 }, (_, h) => rollup(checked.seq, today - 3 * DAY_MS + h * HOUR_MS, h === 30 ? 20 : 60)));
  store.checks.insertMany([1, 2, 3].map((h) => check(checked.seq, today + h * HOUR_MS, true)));
  store.events.transition(heartbeat.id, "pending", "up", null, today - 3 * DAY_MS);
  store.events.transition(heartbeat.id, "up", "down", "no ping", today - 2 * DAY_MS + 5 * HOUR_MS);
  store.events.transition(heartbeat.id, "down", "up", null, today - 2 * DAY_MS + 7 * HOUR_MS);
});
afterAll(() => domain.close());

test("a rebuild after a status change gives a cold build's bars; a new day starts over", () => {
  const { store } = domain;
  const pastDays = createPastDays();
  const monitors = [checked, heartbeat];
  expect(pastDays.dailyOf(store, "page", monitors, noon)).toEqual(dailyUptime(store, monitors, noon));

  // both monitors go down now: today's bars change, from today's checks and events alone
  store.checks.insertMany([check(checked.seq, noon + 60_000, false)]);
  store.events.transition(heartbeat.id, "up", "down", "no ping", noon + 60_000);
  const later = noon + 30 * 60_000;
  const rebuilt = pastDays.dailyOf(store, "page", monitors, later);
  expect(rebuilt).toEqual(dailyUptime(store, monitors, later));
  expect(rebuilt.get(heartbeat.id)!.down_minutes.at(-1)).toBe(29);
  expect(rebuilt.get(checked.id)!.uptime.at(-1)).toBe(75);

  // a past day changed behind its back stays as kept until the day rolls over
  const fourDaysAgo = (today - 4 * DAY_MS - firstDayStart(later)) / DAY_MS;
  store.rollups.save([rollup(checked.seq, today - 4 * DAY_MS, 0)]);
  expect(pastDays.dailyOf(store, "page", monitors, later).get(checked.id)!.uptime[fourDaysAgo]).toBeNull();
  const tomorrow = today + DAY_MS + HOUR_MS;
  const next = pastDays.dailyOf(store, "page", monitors, tomorrow);
  expect(next).toEqual(dailyUptime(store, monitors, tomorrow));
  expect(next.get(checked.id)!.uptime[fourDaysAgo - 1]).toBe(0);
  // yesterday, once today, now comes from the kept days
  expect(pastDays.dailyOf(store, "page", monitors, tomorrow + HOUR_MS)).toEqual(dailyUptime(store, monitors, tomorrow + HOUR_MS));
});

test("an edited page, an edited monitor or another monitor list is counted afresh", () => {
  const { store } = domain;
  const pastDays = createPastDays();
  pastDays.dailyOf(store, "page", [checked], noon);
  const pastDay = today - 5 * DAY_MS;
  store.rollups.save([rollup(checked.seq, pastDay, 30)]);
  const index = (pastDay - firstDayStart(noon)) / DAY_MS;
  expect(pastDays.dailyOf(store, "page", [checked], noon).get(checked.id)!.uptime[index]).toBeNull();
  expect(pastDays.dailyOf(store, "page", [checked, heartbeat], noon).get(checked.id)!.uptime[index]).toBe(50);

  store.rollups.save([rollup(checked.seq, pastDay + HOUR_MS, 60)]);
  pastDays.forgetPages(["page"]);
  expect(pastDays.dailyOf(store, "page", [checked, heartbeat], noon).get(checked.id)!.uptime[index]).toBe(75);

  store.rollups.save([rollup(checked.seq, pastDay + 2 * HOUR_MS, 0)]);
  pastDays.forgetMonitor(heartbeat.id);
  expect(pastDays.dailyOf(store, "page", [checked, heartbeat], noon).get(checked.id)!.uptime[index]).toBe(50);
});

test("with a longest age (a shared store, where others' edits go unheard), older kept days are counted afresh", () => {
  const { store } = domain;
  const pastDays = createPastDays(5 * 60_000);
  pastDays.dailyOf(store, "aged", [checked], noon);
  const pastDay = today - 6 * DAY_MS;
  store.rollups.save([rollup(checked.seq, pastDay, 30)]);
  const index = (pastDay - firstDayStart(noon)) / DAY_MS;
  expect(pastDays.dailyOf(store, "aged", [checked], noon + 5 * 60_000 - 1).get(checked.id)!.uptime[index]).toBeNull();
  expect(pastDays.dailyOf(store, "aged", [checked], noon + 5 * 60_000).get(checked.id)!.uptime[index]).toBe(50);
});
