// Two upbeat servers on one PostgreSQL database: what one is told shows through the other, although each keeps
// some rows in memory (the ping writer's monitor rows, depends_on, the active maintenance windows, status pages).
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Store } from "../../src/store/store.ts";
import { manualClock } from "../support/clock.ts";
import { json } from "../support/http.ts";
import { postgresForStores, type PostgresForStores } from "../support/postgres-store.ts";
import { ADMIN, loginCookie, startServer, type TestServer } from "../support/server.ts";
import { openStoreOf } from "../support/store.ts";
import { createHeartbeat, monitorOf, waitFor } from "../heartbeats/support.ts";

const clock = manualClock(Date.now());
let postgres: PostgresForStores;
let database: { url: string; drop(): void };
let a: TestServer;
let b: TestServer;
let key: string;
let store: Store;

beforeAll(async () => {
  postgres = await postgresForStores();
  database = postgres.freshDatabase();
  const env = { UPBEAT_DATABASE_URL: database.url, UPBEAT_STATUS_PAGE_CACHE_SECONDS: "30" };
  a = await startServer(env, clock.now);
  b = await startServer(env, clock.now);
  key = await a.adminKey();
  store = openStoreOf(a).store;
});

afterAll(async () => {
  await a?.close();
  await b?.close();
  database?.drop();
  postgres?.stop();
});

const ping = (server: TestServer, token: string, suffix = "") => server.call("GET", `/ping/${token}${suffix}`);
const statusChanges = async (id: string) =>
  (await json<{ from_status: string; to_status: string }[]>(await a.call("GET", `/api/v1/monitors/${id}/status-changes`, { auth: key })))
    .map((c) => `${c.from_status}>${c.to_status}`).reverse();
/** A monitor nothing checks (paused), so only the test changes it. */
const quietMonitor = async (name: string, more: Record<string, unknown> = {}) =>
  json(await a.call("POST", "/api/v1/monitors", { auth: key, body: { name, kind: "tcp", url: "127.0.0.1:9", is_paused: true, ...more } }));

describe("pings can hit either instance", () => {
  test("a ping token rotated through A is refused by B at once, and the new one works there", async () => {
    const monitor = await createHeartbeat(a, key);
    expect((await ping(b, monitor.ping_token)).status).toBe(200); // B has read (and may keep) the row
    const rotated = await json(await a.call("POST", `/api/v1/monitors/${monitor.id}/rotate-token`, { auth: key }));
    expect((await ping(b, monitor.ping_token)).status).toBe(404);
    expect((await ping(b, rotated.ping_token)).status).toBe(200);
  });

  test("a fail on B of a heartbeat paused through A changes no status", async () => {
    const monitor = await createHeartbeat(a, key);
    expect((await ping(b, monitor.ping_token)).status).toBe(200);
    expect((await monitorOf(a, key, monitor.id)).status).toBe("up");
    await a.call("POST", `/api/v1/monitors/${monitor.id}/pause`, { auth: key });
    expect((await ping(b, monitor.ping_token, "/fail")).status).toBe(200);
    expect((await monitorOf(b, key, monitor.id)).status).toBe("up");
  });

  test("pings alternating between A and B keep the deadline of the latest, and each flip happens once", async () => {
    const monitor = await createHeartbeat(a, key, { interval_seconds: 60, grace_seconds: 30 });
    const deadline = () => store.heartbeats.byId(monitor.id)!.nextDueAt;
    const t0 = clock.now();
    expect((await ping(b, monitor.ping_token)).status).toBe(200);
    expect(deadline()).toBe(t0 + 90_000);
    clock.advance(50_000);
    expect((await ping(a, monitor.ping_token)).status).toBe(200);
    expect(deadline()).toBe(t0 + 140_000);
    clock.advance(5_000);
    // a log keeps the deadline: the one A set, not the one B saw when it last wrote the row
    expect((await ping(b, monitor.ping_token, "/log")).status).toBe(200);
    expect(deadline()).toBe(t0 + 140_000);

    clock.set(t0 + 141_000); // both instances sweep; the conditional flip lets one of them turn it down
    expect((await waitFor(() => monitorOf(b, key, monitor.id), (m) => m.status === "down")).status).toBe("down");
    await Bun.sleep(1_500); // the other instance's sweep has run too
    expect((await ping(b, monitor.ping_token)).status).toBe(200); // B last saw it up: the success must still flip it
    expect((await monitorOf(a, key, monitor.id)).status).toBe("up");
    expect((await ping(a, monitor.ping_token, "/fail")).status).toBe(200);
    expect((await ping(b, monitor.ping_token, "/fail")).status).toBe(200);
    expect(await statusChanges(monitor.id)).toEqual(["pending>up", "up>down", "down>up", "up>down"]);
  });
});

describe("credentials revoked through A", () => {
  test("a revoked API key is refused by B at once", async () => {
    const session = await loginCookie(a, ADMIN.email, ADMIN.password);
    const made = await json(await a.call("POST", "/api/v1/api-keys", { auth: session, body: { name: "doomed" } }));
    expect((await b.call("GET", "/api/v1/monitors", { auth: made.key })).status).toBe(200);
    expect((await a.call("DELETE", `/api/v1/api-keys/${made.id}`, { auth: session })).status).toBe(204);
    expect((await b.call("GET", "/api/v1/monitors", { auth: made.key })).status).toBe(401);
  });

  test("a session logged out on A is refused by B at once", async () => {
    const session = await loginCookie(a, ADMIN.email, ADMIN.password);
    expect((await b.call("GET", "/api/v1/monitors", { auth: session })).status).toBe(200);
    expect((await a.call("POST", "/api/v1/auth/logout", { auth: session })).status).toBeLessThan(300);
    expect((await b.call("GET", "/api/v1/monitors", { auth: session })).status).toBe(401);
  });
});

describe("edits made through A, read through B", () => {
  test("a monitor's name and depends_on show in B's GET at once", async () => {
    const parent = await quietMonitor("router");
    const child = await quietMonitor("nas");
    expect((await json(await b.call("GET", `/api/v1/monitors/${child.id}`, { auth: key }))).depends_on).toEqual([]);
    await a.call("PATCH", `/api/v1/monitors/${child.id}`, { auth: key, body: { name: "nas 2", depends_on: [parent.id] } });
    const seen = await json(await b.call("GET", `/api/v1/monitors/${child.id}`, { auth: key }));
    expect([seen.name, seen.depends_on]).toEqual(["nas 2", [parent.id]]);
  });

  test("a maintenance window made through A holds the monitor in B's GET within 2 s", async () => {
    const monitor = await quietMonitor("db");
    expect((await json(await b.call("GET", `/api/v1/monitors/${monitor.id}`, { auth: key }))).in_maintenance).toBe(false);
    const window = await json(await a.call("POST", "/api/v1/maintenance", { auth: key, body: {
      title: "disk swap", monitor_ids: [monitor.id], starts_at: new Date(clock.now() - 60_000).toISOString(), ends_at: new Date(clock.now() + 3_600_000).toISOString(),
    } }));
    const startedAt = Date.now();
    const seen = await waitFor(async () => json(await b.call("GET", `/api/v1/monitors/${monitor.id}`, { auth: key })), (m) => m.in_maintenance, 5_000);
    expect(seen.maintenance_id).toBe(window.id);
    expect(Date.now() - startedAt).toBeLessThan(3_000);
  });

  test("a status page edited through A shows on B once B's copy is older than UPBEAT_STATUS_PAGE_CACHE_SECONDS", async () => {
    const monitor = await quietMonitor("web");
    const page = await json(await a.call("POST", "/api/v1/status-pages", { auth: key, body: { slug: "shared", title: "Before", monitor_ids: [monitor.id] } }));
    const titleOnB = async () => (await json(await fetch(`${b.base}/status/shared`, { headers: { Accept: "application/json" } }))).title;
    expect(await titleOnB()).toBe("Before");
    await a.call("PATCH", `/api/v1/status-pages/${page.id}`, { auth: key, body: { title: "After" } });
    clock.advance(29_000);
    expect(await titleOnB()).toBe("Before"); // B keeps its copy for the cache time: it does not hear of A's edits
    clock.advance(1_000);
    expect(await titleOnB()).toBe("After");
  });
});
