// GET /monitors/:id/series (a chart's points and down periods) and /status-changes, on history written into
// the real store next to a running server with a fixed clock.
import { beforeAll, describe, expect, test } from "bun:test";
import * as v from "valibot";
import { SeriesOut, StatusChangeOut, UptimeOut } from "../../src/api/responses.ts";
import { HOUR_MS, runMaintenance } from "../../src/history/rollup.ts";
import type { Store } from "../../src/store/store.ts";
import { expectError, json } from "../support/http.ts";
import { useServer } from "../support/server.ts";
import { openStoreOf } from "../support/store.ts";
import { createUser } from "../support/users.ts";

const NOW = Date.parse("2026-03-01T10:30:00.000Z");
const MINUTE_MS = 60_000;
const server = useServer({}, { clock: () => NOW });
let key: string;
let checked: string;
let beat: string;

/** Writes history through a second connection to the server's store. */
const withStore = async (write: (store: Store) => void | Promise<void>) => write(openStoreOf(server).store);

const get = async (path: string) => json(await server.call("GET", `/api/v1/monitors/${path}`, { auth: key }));

beforeAll(async () => {
  key = await server.adminKey();
  const create = async (body: object) => (await json(await server.call("POST", "/api/v1/monitors", { auth: key, body }))).id as string;
  checked = await create({ kind: "tcp", name: "db", url: "127.0.0.1:5432", is_paused: true });
  beat = await create({ kind: "heartbeat", name: "backup", is_paused: true });
  await withStore(async (store) => {
    // 3 days of one check a minute: 20 ms, except 200 ms and down from 3 h to 2 h ago
    const seq = store.monitors.byId(checked)!.seq;
    const start = NOW - 72 * HOUR_MS;
    const downFrom = NOW - 3 * HOUR_MS;
    const downTo = NOW - 2 * HOUR_MS;
    store.checks.insertMany(Array.from({ length: 72 * 60 }, (_, i) => {
      const at = start + i * MINUTE_MS;
      const down = at >= downFrom && at < downTo;
      return { monitorSeq: seq, checkedAt: at, isUp: !down, statusCode: null, responseTimeMs: down ? 200 : 20, errorMessage: down ? "refused" : null };
    }));
    // rolled up to an hour ago the day before: the last hours come from raw checks
    await runMaintenance(store, NOW - 24 * HOUR_MS, 30);
    store.events.transition(checked, "pending", "up", null, start);
    store.events.transition(checked, "up", "down", "connection refused", downFrom);
    store.events.transition(checked, "down", "up", null, downTo);
    // the heartbeat: two timed runs, one failed, and it is down since its fail
    const beatSeq = store.monitors.byId(beat)!.seq;
    const pulse = (type: "success" | "fail", at: number, durationMs: number | null) => store.pulses.insert({
      monitorSeq: beatSeq, id: Bun.randomUUIDv7(), type, exitCode: type === "fail" ? 1 : 0, durationMs, body: null,
      sourceIp: "127.0.0.1", userAgent: "curl", rid: null, receivedAt: at,
    });
    pulse("success", NOW - 50 * MINUTE_MS, 1200);
    pulse("fail", NOW - 20 * MINUTE_MS, 3400);
    store.events.transition(beat, "pending", "up", null, NOW - 50 * MINUTE_MS);
    store.events.transition(beat, "up", "down", "exit code 1", NOW - 20 * MINUTE_MS);
  });
});

describe("GET /monitors/:id/series", () => {
  test("24h: every check in the window is a point, in Unix seconds, with the down period and its reason", async () => {
    const series = v.parse(SeriesOut, await get(`${checked}/series?window=24h`));
    expect(series).toMatchObject({ monitor_id: checked, window: "24h", resolution: "check", to: new Date(NOW).toISOString() });
    expect(series.t).toHaveLength(24 * 60);
    expect(series.t[0]).toBe((NOW - 24 * HOUR_MS) / 1000);
    expect(series.failed.filter(Boolean)).toHaveLength(60);
    expect(series.response_time_ms.filter((ms) => ms === 200)).toHaveLength(60);
    expect(series.down_periods).toEqual([{
      started_at: new Date(NOW - 3 * HOUR_MS).toISOString(), ended_at: new Date(NOW - 2 * HOUR_MS).toISOString(), reason: "connection refused",
    }]);
  });

  test("1h is the default's short cousin: the last 60 checks and no down period", async () => {
    const series = v.parse(SeriesOut, await get(`${checked}/series?window=1h`));
    expect(series.t).toHaveLength(60);
    expect(series.down_periods).toEqual([]);
    expect((await get(`${checked}/series`)).window).toBe("24h");
  });

  test("7d: one point an hour, from the roll-ups and then the raw checks not rolled up yet", async () => {
    const series = v.parse(SeriesOut, await get(`${checked}/series?window=7d`));
    expect(series.resolution).toBe("hour");
    // checks from 10:30 three days ago to now: 73 hours, the first and the open one half full
    expect(series.t).toHaveLength(73);
    expect(series.t.every((t, i) => i === 0 || t - series.t[i - 1]! === 3600)).toBe(true);
    // down 07:30–08:30: half of the 07:00 and of the 08:00 hour, averaging (30 × 200 + 30 × 20) / 60 ms
    const hourAt = (iso: string) => series.t.indexOf(Date.parse(iso) / 1000);
    const downHours = [hourAt("2026-03-01T07:00:00Z"), hourAt("2026-03-01T08:00:00Z")];
    expect(downHours.map((i) => [series.failed[i], series.response_time_ms[i]])).toEqual([[30, 110], [30, 110]]);
    expect(series.failed.reduce((a, b) => a + b, 0)).toBe(60);
    expect(new Set(series.response_time_ms.filter((_, i) => !downHours.includes(i)))).toEqual(new Set([20]));
  });

  test("a heartbeat charts its runs' durations; a down period still open has no end", async () => {
    const series = v.parse(SeriesOut, await get(`${beat}/series?window=1h`));
    expect(series).toMatchObject({ resolution: "run", response_time_ms: [1200, 3400], failed: [0, 1] });
    expect(series.down_periods).toEqual([{ started_at: new Date(NOW - 20 * MINUTE_MS).toISOString(), ended_at: null, reason: "exit code 1" }]);
  });

  test("a window it does not know is a 400 naming the field; another user's monitor is a 404", async () => {
    const error = await expectError(await server.call("GET", `/api/v1/monitors/${checked}/series?window=2h`, { auth: key }), 400, "validation_error");
    expect(error.details).toEqual([{ field: "window", message: "must be 1h, 24h, 7d, 30d or 90d" }]);
    const other = await createUser(server, key);
    await expectError(await server.call("GET", `/api/v1/monitors/${checked}/series`, { auth: other.key }), 404, "not_found");
  });
});

test("GET /monitors/:id/uptime gives the median beside the p95", async () => {
  const day = v.parse(UptimeOut, await get(`${checked}/uptime?window=24h`));
  // 60 slow checks of 1,440 are 4 %: above the median and below the p95
  expect(day).toMatchObject({ total_checks: 24 * 60, p50_response_time_ms: 20, p95_response_time_ms: 20 });
  const runs = v.parse(UptimeOut, await get(`${beat}/uptime?window=24h`));
  expect(runs).toMatchObject({ p50_response_time_ms: 1200, p95_response_time_ms: 3400 });
});

test("GET /monitors/:id/status-changes lists the changes with their reasons, newest first, paged by before", async () => {
  const changes = v.parse(v.array(StatusChangeOut), await get(`${checked}/status-changes`));
  expect(changes.map((c) => [c.from_status, c.to_status, c.reason])).toEqual([["down", "up", null], ["up", "down", "connection refused"], ["pending", "up", null]]);
  const older = await get(`${checked}/status-changes?limit=1&before=${changes[0]!.at}`);
  expect(older.map((c: { id: string }) => c.id)).toEqual([changes[1]!.id]);
});
