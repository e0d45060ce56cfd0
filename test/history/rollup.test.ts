import { afterEach, beforeEach, expect, test } from "bun:test";
import { DAY_MS, HOUR_MS, runMaintenance } from "../../src/history/rollup.ts";
import { uptimeSince } from "../../src/history/uptime.ts";
import type { MonitorRow } from "../../src/domain/types.ts";
import { schedulerHarness, T0 } from "../scheduler/harness.ts";

let h: Awaited<ReturnType<typeof schedulerHarness>>;
let m: MonitorRow;
beforeEach(async () => {
  h = await schedulerHarness();
  m = h.create({ kind: "tcp", name: "db", url: "127.0.0.1:5432", is_paused: true });
});
afterEach(() => h.close());

/** One check a minute from `fromMs` for `minutes`; every tenth is down; response times 1…100 ms. */
function seedChecks(fromMs: number, minutes: number) {
  h.store.checks.insertMany(Array.from({ length: minutes }, (_, i) => ({
    monitorSeq: m.seq, checkedAt: fromMs + i * 60_000, isUp: i % 10 !== 0, statusCode: null,
    responseTimeMs: (i % 100) + 1, errorMessage: i % 10 === 0 ? "connection refused" : null,
  })));
}

test("finished hours are rolled up; the open hour is left to raw checks", async () => {
  seedChecks(T0 - 3 * HOUR_MS, 3 * 60 + 30); // three full hours and half of the current one
  const now = T0 + 30 * 60_000;
  const { rolledUp } = await runMaintenance(h.store, now, 30);
  expect(rolledUp).toBe(3);
  const rows = h.store.rollups.between(m.seq, 0, Number.MAX_SAFE_INTEGER);
  expect(rows.map((r) => [r.hourStart - T0, r.checks, r.upChecks])).toEqual([
    [-3 * HOUR_MS, 60, 54], [-2 * HOUR_MS, 60, 54], [-HOUR_MS, 60, 54],
  ]);
  expect(rows[0]).toMatchObject({ responseTimeMinMs: 1, responseTimeMaxMs: 60, responseTimeSumMs: (60 * 61) / 2 });
  expect((await runMaintenance(h.store, now, 30)).rolledUp).toBe(0);
});

test("uptime reads the same numbers before and after the roll-up", async () => {
  seedChecks(T0 - 5 * HOUR_MS, 5 * 60 + 20);
  const now = T0 + 20 * 60_000;
  const since = now - 4.5 * HOUR_MS;
  const before = uptimeSince(h.store, m.seq, since, now);
  await runMaintenance(h.store, now, 30);
  const after = uptimeSince(h.store, m.seq, since, now);
  expect(before.total).toBe(270);
  expect(after).toMatchObject({ total: before.total, up: before.up });
  expect(after.avgMs).toBeCloseTo(before.avgMs!, 6);
  expect(Math.abs(after.p95Ms! - before.p95Ms!)).toBeLessThanOrEqual(before.p95Ms! * 0.1);
});

test("retention drops raw checks past UPBEAT_RETENTION_DAYS but keeps their roll-ups for 400 days", async () => {
  seedChecks(T0 - 40 * DAY_MS, 120);
  seedChecks(T0 - HOUR_MS, 60);
  await runMaintenance(h.store, T0 - 38 * DAY_MS, 30); // rolled up while still young
  await runMaintenance(h.store, T0, 30);
  expect(h.store.checks.list(m.seq, 100).every((c) => c.checkedAt >= T0 - HOUR_MS)).toBe(true);
  expect(h.store.checks.list(m.seq, 100)).toHaveLength(60);
  expect(uptimeSince(h.store, m.seq, T0 - 90 * DAY_MS, T0)).toMatchObject({ total: 180, up: 162 });

  await runMaintenance(h.store, T0 + 370 * DAY_MS, 30);
  expect(h.store.rollups.between(m.seq, 0, Number.MAX_SAFE_INTEGER).map((r) => r.hourStart)).toEqual([T0 - HOUR_MS]);
});
