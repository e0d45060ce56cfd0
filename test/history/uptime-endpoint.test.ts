import { beforeAll, expect, test } from "bun:test";
import { HOUR_MS, runMaintenance } from "../../src/history/rollup.ts";
import { json } from "../support/http.ts";
import { useServer } from "../support/server.ts";
import { openStoreOf } from "../support/store.ts";

const NOW = Date.parse("2026-03-01T10:30:00.000Z");
const server = useServer({}, { clock: () => NOW });
let key: string;
beforeAll(async () => {
  key = await server.adminKey();
});

test("GET /monitors/:id/uptime combines roll-ups with the open hour", async () => {
  const created = await server.call("POST", "/api/v1/monitors", {
    auth: key, body: { kind: "tcp", name: "db", url: "127.0.0.1:5432", is_paused: true },
  });
  const monitor = await json<{ id: string }>(created);

  // history written next to the running server: 2 days of one check a minute, every 4th one down
  const { store } = openStoreOf(server);
  const seq = store.monitors.byId(monitor.id)!.seq;
  const start = NOW - 48 * HOUR_MS;
  store.checks.insertMany(Array.from({ length: 48 * 60 }, (_, i) => ({
    monitorSeq: seq, checkedAt: start + i * 60_000, isUp: i % 4 !== 0, statusCode: null,
    responseTimeMs: i % 4 === 0 ? 200 : 20, errorMessage: null,
  })));
  await runMaintenance(store, NOW, 30);

  const response = await server.call("GET", `/api/v1/monitors/${monitor.id}/uptime?window=24h`, { auth: key });
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({
    monitor_id: monitor.id,
    window: "24h",
    uptime_percent: 75,
    total_checks: 24 * 60,
    up_checks: 18 * 60,
    avg_response_time_ms: Math.round((200 + 3 * 20) / 4),
    // through the roll-ups' sketch: the upper bound of 20 ms's 10 % wide bucket
    p50_response_time_ms: 21,
    p95_response_time_ms: 200,
  });

  const week = await json<{ total_checks: number }>(await server.call("GET", `/api/v1/monitors/${monitor.id}/uptime?window=7d`, { auth: key }));
  expect(week.total_checks).toBe(48 * 60);
});
