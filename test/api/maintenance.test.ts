// The maintenance and depends_on API against a real server whose clock the test moves.
import { beforeAll, expect, test } from "bun:test";
import { manualClock } from "../support/clock.ts";
import { expectError, json } from "../support/http.ts";
import { useServer } from "../support/server.ts";
import { openStoreOf } from "../support/store.ts";
import { createUser } from "../support/users.ts";

const T0 = Date.parse("2026-03-01T10:00:00.000Z");
const HOUR = 3600_000;
const clock = manualClock(T0);
const server = useServer({}, { clock: clock.now });
let key: string;
beforeAll(async () => {
  key = await server.adminKey();
});

const iso = (ms: number) => new Date(ms).toISOString();
const monitor = async (name: string, more: Record<string, unknown> = {}) =>
  json(await server.call("POST", "/api/v1/monitors", { auth: key, body: { name, kind: "tcp", url: "127.0.0.1:9", is_paused: true, ...more } }));
const getMonitor = async (id: string) => json(await server.call("GET", `/api/v1/monitors/${id}`, { auth: key }));

test("in_maintenance and maintenance_id flip on when a one-off window starts and off when it ends", async () => {
  const db = await monitor("db");
  const created = await server.call("POST", "/api/v1/maintenance", {
    auth: key, body: { title: "disk swap", monitor_ids: [db.id], starts_at: iso(clock.now() + HOUR), ends_at: iso(clock.now() + 2 * HOUR) },
  });
  expect(created.status).toBe(201);
  const window = await json(created);
  expect(window).toMatchObject({ title: "disk swap", monitor_ids: [db.id], project_ids: [], schedule: null, timezone: "UTC", is_active: true });
  expect(window.occurrence).toEqual({ starts_at: window.starts_at, ends_at: window.ends_at });

  expect(await getMonitor(db.id)).toMatchObject({ in_maintenance: false, maintenance_id: null });
  clock.advance(HOUR);
  expect(await getMonitor(db.id)).toMatchObject({ in_maintenance: true, maintenance_id: window.id });
  const listed = await json<any[]>(await server.call("GET", "/api/v1/monitors", { auth: key }));
  expect(listed.find((m) => m.id === db.id)).toMatchObject({ in_maintenance: true, maintenance_id: window.id });
  clock.advance(HOUR);
  expect(await getMonitor(db.id)).toMatchObject({ in_maintenance: false, maintenance_id: null });
  expect((await json(await server.call("GET", `/api/v1/maintenance/${window.id}`, { auth: key }))).occurrence).toBeNull();
});

test("a recurring window covers a project's monitors; PATCH and DELETE change and end it", async () => {
  const web = await monitor("web");
  const window = await json(await server.call("POST", "/v1/maintenance", {
    auth: key, body: { title: "backup", project_ids: [web.project_id], schedule: "* * * * *", duration_minutes: 1440, timezone: "Europe/Berlin" },
  }));
  expect(await getMonitor(web.id)).toMatchObject({ in_maintenance: true, maintenance_id: window.id });
  const paused = await server.call("PATCH", `/api/v1/maintenance/${window.id}`, { auth: key, body: { is_active: false } });
  expect(await json(paused)).toMatchObject({ is_active: false, schedule: "* * * * *", occurrence: null });
  expect(await getMonitor(web.id)).toMatchObject({ in_maintenance: false });
  expect((await server.call("DELETE", `/api/v1/maintenance/${window.id}`, { auth: key })).status).toBe(204);
  await expectError(await server.call("GET", `/api/v1/maintenance/${window.id}`, { auth: key }), 404, "not_found");
});

test("bad windows are 400s naming the field", async () => {
  const db = await monitor("db2");
  const post = (body: Record<string, unknown>) => server.call("POST", "/api/v1/maintenance", { auth: key, body });
  const fields = async (body: Record<string, unknown>) => (await expectError(await post(body), 400)).details!.map((d) => d.field);
  expect(await fields({ title: "x", monitor_ids: [db.id] })).toEqual(["starts_at"]);
  expect(await fields({ title: "x", monitor_ids: [db.id], starts_at: iso(T0), ends_at: iso(T0 - 1) })).toEqual(["ends_at"]);
  expect(await fields({ title: "x", monitor_ids: [db.id], schedule: "0 3 * * 0" })).toEqual(["duration_minutes"]);
  expect(await fields({ title: "x", monitor_ids: [db.id], schedule: "nope", duration_minutes: 5 })).toEqual(["schedule"]);
  expect(await fields({ title: "x", monitor_ids: [db.id], schedule: "0 3 * * 0", duration_minutes: 5, timezone: "Mars/Base" })).toEqual(["timezone"]);
  expect(await fields({ title: "x", starts_at: iso(T0), ends_at: iso(T0 + HOUR) })).toEqual(["monitor_ids"]);
  expect(await fields({ title: "x", monitor_ids: [crypto.randomUUID()], starts_at: iso(T0), ends_at: iso(T0 + HOUR) })).toEqual(["monitor_ids"]);
});

test("another organization's windows are 404s, and its monitors cannot be named", async () => {
  const db = await monitor("db3");
  const stranger = await createUser(server, key);
  const window = await json(await server.call("POST", "/api/v1/maintenance", {
    auth: key, body: { title: "mine", monitor_ids: [db.id], starts_at: iso(T0), ends_at: iso(T0 + HOUR) },
  }));
  await expectError(await server.call("GET", `/api/v1/maintenance/${window.id}`, { auth: stranger.key }), 404);
  await expectError(await server.call("PATCH", `/api/v1/maintenance/${window.id}`, { auth: stranger.key, body: { title: "theirs" } }), 404);
  const named = await server.call("POST", "/api/v1/maintenance", {
    auth: stranger.key, body: { title: "x", monitor_ids: [db.id], starts_at: iso(T0), ends_at: iso(T0 + HOUR) },
  });
  expect((await expectError(named, 400)).details).toEqual([{ field: "monitor_ids", message: `not monitors of this organization: ${db.id}` }]);
});

test("depends_on: saved and shown; itself, a stranger or a cycle is a 400 naming depends_on", async () => {
  const router = await monitor("router");
  const nas = await monitor("nas", { depends_on: [router.id] });
  expect(nas.depends_on).toEqual([router.id]);
  const backup = await monitor("backup", { depends_on: [nas.id] });
  const patch = (id: string, depends_on: string[]) => server.call("PATCH", `/api/v1/monitors/${id}`, { auth: key, body: { depends_on } });

  const cycle = await expectError(await patch(router.id, [backup.id]), 400);
  expect(cycle.details!.map((d) => d.field)).toEqual(["depends_on"]);
  expect(cycle.details![0]!.message).toContain("cycle");
  expect((await expectError(await patch(router.id, [router.id]), 400)).details!.map((d) => d.field)).toEqual(["depends_on"]);
  expect((await expectError(await patch(router.id, [crypto.randomUUID()]), 400)).details!.map((d) => d.field)).toEqual(["depends_on"]);
  expect(await getMonitor(router.id)).toMatchObject({ depends_on: [] });

  expect(await json(await patch(backup.id, [router.id, nas.id]))).toMatchObject({ depends_on: [router.id, nas.id].sort() });
  expect((await server.call("DELETE", `/api/v1/monitors/${router.id}`, { auth: key })).status).toBe(204);
  expect(await getMonitor(backup.id)).toMatchObject({ depends_on: [nas.id] });
});

test("uptime leaves out checks made during maintenance unless exclude_maintenance=false", async () => {
  const nas = await monitor("nas");
  const now = clock.now();
  const MINUTE = 60_000;
  // three hours of a check a minute, down only in the middle hour, which was a maintenance window
  const { store } = openStoreOf(server);
  const seq = store.monitors.byId(nas.id)!.seq;
  const inWindow = (at: number) => at >= now - 2 * HOUR && at < now - HOUR;
  store.checks.insertMany(Array.from({ length: 180 }, (_, i) => now - 180 * MINUTE + i * MINUTE).map((at) => ({
    monitorSeq: seq, checkedAt: at, isUp: !inWindow(at), statusCode: null, responseTimeMs: 10, errorMessage: null,
  })));
  await server.call("POST", "/api/v1/maintenance", {
    auth: key, body: { title: "rebuild", monitor_ids: [nas.id], starts_at: iso(now - 2 * HOUR), ends_at: iso(now - HOUR) },
  });
  const uptimeOf = async (query: string) => json(await server.call("GET", `/api/v1/monitors/${nas.id}/uptime${query}`, { auth: key }));
  expect(await uptimeOf("")).toMatchObject({ uptime_percent: 100, total_checks: 120, up_checks: 120 });
  expect(await uptimeOf("?exclude_maintenance=true&window=7d")).toMatchObject({ uptime_percent: 100, total_checks: 120 });
  expect(await uptimeOf("?exclude_maintenance=false")).toMatchObject({ total_checks: 180, up_checks: 120 });
  await expectError(await server.call("GET", `/api/v1/monitors/${nas.id}/uptime?exclude_maintenance=yes`, { auth: key }), 400);
});
