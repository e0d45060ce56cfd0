// GET /monitors?include=recent: the dashboard's strips for a page of monitors.
import { beforeAll, expect, test } from "bun:test";
import { expectError, json } from "../support/http.ts";
import { useServer } from "../support/server.ts";
import { openStoreOf } from "../support/store.ts";

const server = useServer();
let key: string;
let web: { id: string };
let cron: { id: string; url: string };
const now = Date.now();

beforeAll(async () => {
  key = await server.adminKey();
  // paused: the scheduler adds no checks of its own
  web = await json(await server.call("POST", "/api/v1/monitors", { auth: key, body: { name: "web", kind: "http", url: "http://127.0.0.1:9/", is_paused: true } }));
  cron = await json(await server.call("POST", "/api/v1/monitors", { auth: key, body: { name: "cron", kind: "heartbeat", interval_seconds: 3600 } }));
  const { store } = openStoreOf(server);
  const seq = store.monitors.byId(web.id)!.seq;
  // 50 checks a minute apart, the newest a minute ago; every fifth one down
  store.checks.insertMany(Array.from({ length: 50 }, (_, i) => ({
    monitorSeq: seq, checkedAt: now - (50 - i) * 60_000, isUp: i % 5 !== 0, statusCode: i % 5 ? 200 : 500, responseTimeMs: 100 + i,
    errorMessage: i % 5 ? null : "HTTP 500",
  })));
  for (const path of ["", "/start", "/fail", "/log", ""]) await fetch(cron.url + path);
});

const list = async (query: string) => json(await server.call("GET", `/api/v1/monitors?${query}`, { auth: key }));

test("each monitor gets its last 40 results oldest first, its last response time and its 24h uptime", async () => {
  const monitors = await list("include=recent");
  const found = monitors.find((m: { id: string }) => m.id === web.id);
  const { results, last_response_time_ms, uptime_24h } = found.recent;
  expect(results).toHaveLength(40);
  expect(results.at(-1)).toEqual({ at: new Date(now - 60_000).toISOString(), is_up: true, ms: 149, code: 200, error: null });
  expect(results[0]).toEqual({ at: new Date(now - 40 * 60_000).toISOString(), is_up: false, ms: 110, code: 500, error: "HTTP 500" });
  expect(last_response_time_ms).toBe(149);
  expect(uptime_24h).toBe(80); // 40 of 50 up
});

test("a heartbeat's results are its runs' ends (successes and fails, not starts or logs)", async () => {
  const [found] = (await list("include=recent")).filter((m: { id: string }) => m.id === cron.id);
  expect(found.recent.results.map((r: { is_up: boolean; error: string | null }) => [r.is_up, r.error])).toEqual([[true, null], [false, "fail"], [true, null]]);
  expect(found.recent.uptime_24h).not.toBeNull();
});

test("without include there is no recent field; ids lists only those monitors", async () => {
  expect((await list("")).every((m: object) => !("recent" in m))).toBe(true);
  const only = await list(`ids=${cron.id}&include=recent`);
  expect(only.map((m: { id: string }) => m.id)).toEqual([cron.id]);
});

test("bad ids or include are a 400 naming the parameter", async () => {
  const bad = await expectError(await server.call("GET", "/api/v1/monitors?ids=nope", { auth: key }), 400);
  expect(bad.details![0]!.field).toBe("ids");
  const include = await expectError(await server.call("GET", "/api/v1/monitors?include=everything", { auth: key }), 400);
  expect(include.details![0]!.field).toBe("include");
});

test("heartbeats' 24h uptimes, read for the whole page at once, are each one's own time spent up", async () => {
  const { store } = openStoreOf(server);
  const beat = async (name: string) =>
    (await json(await server.call("POST", "/api/v1/monitors", { auth: key, body: { name, kind: "heartbeat", interval_seconds: 3600, is_paused: true } }))).id as string;
  const HOUR = 3_600_000;
  const t = Date.now();
  // up 20 h ago, down for 3 h, up again 2 h ago: 17 of 20 measured hours up
  const recovered = await beat("recovered");
  store.events.transition(recovered, "pending", "up", null, t - 20 * HOUR);
  store.events.transition(recovered, "up", "down", "late", t - 5 * HOUR);
  store.events.transition(recovered, "down", "up", null, t - 2 * HOUR);
  // up since before the window, down for its last 6 hours: 18 of 24
  const failing = await beat("failing");
  store.events.transition(failing, "pending", "up", null, t - 30 * HOUR);
  store.events.transition(failing, "up", "down", "late", t - 6 * HOUR);
  const silent = await beat("silent");

  const page = await list(`ids=${[recovered, failing, silent].join(",")}&include=recent`);
  const shown = Object.fromEntries(page.map((m: { id: string; recent: { uptime_24h: number | null } }) => [m.id, m.recent.uptime_24h]));
  expect(shown[recovered]).toBeCloseTo(85, 2);
  expect(shown[failing]).toBeCloseTo(75, 2);
  expect(shown[silent]).toBeNull();
  // the same figures as each monitor's own uptime (read a moment later, so to a tenth)
  for (const id of [recovered, failing]) {
    const own = await json(await server.call("GET", `/api/v1/monitors/${id}/uptime?window=24h`, { auth: key }));
    expect(shown[id]).toBeCloseTo(own.uptime_percent, 1);
  }
});
