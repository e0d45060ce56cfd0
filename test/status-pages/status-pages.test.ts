import { beforeAll, describe, expect, test } from "bun:test";
import * as v from "valibot";
import { StatusPageOut } from "../../src/api/status-pages.ts";
import { expectError, json } from "../support/http.ts";
import { useServer } from "../support/server.ts";
import { openStoreOf } from "../support/store.ts";
import { createUser, type TestUser } from "../support/users.ts";

const server = useServer();
let key: string;
let other: TestUser;

beforeAll(async () => {
  key = await server.adminKey();
  other = await createUser(server, key);
});

const monitor = async (name: string, body: Record<string, unknown> = {}, auth = key) =>
  json(await server.call("POST", "/api/v1/monitors", { auth, body: { name, kind: "http", url: "http://127.0.0.1:9/", is_paused: true, ...body } }));

describe("managing status pages", () => {
  test("create, list, get, change and delete", async () => {
    const web = await monitor("Website");
    const db = await monitor("Database");
    const created = await server.call("POST", "/api/v1/status-pages", {
      auth: key, body: { slug: "HomeLab", title: "Homelab", description: "What is up at home", monitor_ids: [db.id, web.id] },
    });
    expect(created.status).toBe(201);
    const page = v.parse(StatusPageOut, await json(created));
    expect(page).toMatchObject({ slug: "homelab", title: "Homelab", monitor_ids: [db.id, web.id], url: `${server.base}/status/homelab` });
    expect(await json(await server.call("GET", "/api/v1/status-pages", { auth: key }))).toEqual([page]);
    expect(await json(await server.call("GET", `/api/v1/status-pages/${page.id}`, { auth: key }))).toEqual(page);

    const changed = await json(await server.call("PATCH", `/api/v1/status-pages/${page.id}`, { auth: key, body: { title: "Home", monitor_ids: [web.id] } }));
    expect(changed).toMatchObject({ title: "Home", slug: "homelab", monitor_ids: [web.id] });

    expect((await server.call("DELETE", `/api/v1/status-pages/${page.id}`, { auth: key })).status).toBe(204);
    await expectError(await server.call("GET", `/api/v1/status-pages/${page.id}`, { auth: key }), 404);
    expect((await server.call("GET", "/status/homelab")).status).toBe(404);
  });

  test("bad slugs, taken slugs and foreign monitors are refused", async () => {
    const error = await expectError(await server.call("POST", "/api/v1/status-pages", { auth: key, body: { slug: "no spaces!", title: "" } }), 400);
    expect(error.details!.map((d) => d.field).sort()).toEqual(["slug", "title"]);
    await server.call("POST", "/api/v1/status-pages", { auth: key, body: { slug: "taken", title: "T" } });
    await expectError(await server.call("POST", "/api/v1/status-pages", { auth: other.key, body: { slug: "taken", title: "T" } }), 409, "conflict");
    const theirs = await monitor("Theirs", {}, other.key);
    const foreign = await expectError(await server.call("POST", "/api/v1/status-pages", { auth: key, body: { slug: "mine", title: "M", monitor_ids: [theirs.id] } }), 400);
    expect(foreign.details![0]!.field).toBe("monitor_ids");
  });

  test("a monitor moved to another organization's project leaves the old organization's pages", async () => {
    const moved = await monitor("Moving");
    const stays = await monitor("Staying");
    const page = await json(await server.call("POST", "/api/v1/status-pages", { auth: key, body: { slug: "before-move", title: "B", monitor_ids: [moved.id, stays.id] } }));
    const side = await json(await server.call("POST", "/api/v1/organizations", { auth: key, body: { name: "Side" } }));
    const [sideProject] = await json<any[]>(await server.call("GET", `/api/v1/organizations/${side.id}/projects`, { auth: key }));
    expect((await server.call("PATCH", `/api/v1/monitors/${moved.id}`, { auth: key, body: { project_id: sideProject.id } })).status).toBe(200);
    expect((await json(await server.call("GET", `/api/v1/status-pages/${page.id}`, { auth: key }))).monitor_ids).toEqual([stays.id]);
    const shown = await json(await fetch(`${server.base}/status/before-move`, { headers: { Accept: "application/json" } }));
    expect(shown.monitors.map((m: { name: string }) => m.name)).toEqual(["Staying"]);
  });

  test("another organization's page is 404 for every verb", async () => {
    const page = await json(await server.call("POST", "/api/v1/status-pages", { auth: other.key, body: { slug: "other-org", title: "Other" } }));
    for (const method of ["GET", "PATCH", "DELETE"]) {
      await expectError(await server.call(method, `/api/v1/status-pages/${page.id}`, { auth: key, body: method === "PATCH" ? { title: "x" } : undefined }), 404);
    }
  });
});

describe("the public page", () => {
  test("shows the chosen monitors, their state and uptime, as HTML and as JSON", async () => {
    const up = await monitor("API <v2>");
    const down = await monitor("Mail");
    const heartbeat = await monitor("Backups", { kind: "heartbeat", url: undefined });
    const hidden = await monitor("Not on the page");
    const { store } = openStoreOf(server);
    const now = Date.now();
    store.monitors.update(up.id, { isPaused: false, status: "up" }, now);
    store.monitors.update(down.id, { isPaused: false, status: "down" }, now);
    store.checks.insertMany(Array.from({ length: 4 }, (_, i) => ({
      monitorSeq: store.monitors.byId(up.id)!.seq, checkedAt: now - (i + 1) * 60_000, isUp: i !== 0, statusCode: 200, responseTimeMs: 5, errorMessage: null,
    })));
    store.events.transition(heartbeat.id, "pending", "up", null, now - 4 * 3_600_000);
    await server.call("POST", "/api/v1/status-pages", { auth: key, body: { slug: "public", title: "Acme status", monitor_ids: [up.id, down.id, heartbeat.id] } });

    const page = await server.call("GET", "/status/public");
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    const html = await page.text();
    expect(html).toContain("<title>Acme status</title>");
    expect(html).toContain("API &lt;v2&gt;");
    expect(html).toContain("Some systems are down");
    expect(html).toContain("75.00%");
    expect(html).not.toContain("Not on the page");
    expect(html).not.toContain("127.0.0.1"); // targets stay private
    expect(html).not.toMatch(/<script/);

    const data = await json(await server.call("GET", "/status/PUBLIC", { headers: { Accept: "application/json" } }));
    expect(data).toMatchObject({ slug: "public", title: "Acme status", status: "partial_outage" });
    expect(data.monitors.map((m: any) => [m.name, m.status, m.uptime_24h])).toEqual([
      ["API <v2>", "up", 75], ["Mail", "down", null], ["Backups", "paused", 100],
    ]);
    expect(hidden.id).toBeDefined();
  });

  test("current incidents: each down monitor of the page and since when, without its reason", async () => {
    const backups = await monitor("Nightly backups", { kind: "heartbeat", url: undefined, is_paused: false });
    const ping = (path: string) => fetch(`${server.base}/ping/${backups.ping_token}${path}`);
    await server.call("POST", "/api/v1/status-pages", { auth: key, body: { slug: "incidents", title: "Ops", monitor_ids: [backups.id] } });
    const page = async () => json(await fetch(`${server.base}/status/incidents`, { headers: { Accept: "application/json" } }));
    expect((await page()).incidents).toEqual([]);

    await ping("/fail");
    const data = await page();
    expect(data.incidents).toEqual([{ monitor_id: backups.id, monitor_name: "Nightly backups", started_at: expect.any(String) }]);
    const html = await (await fetch(`${server.base}/status/incidents`)).text();
    expect(html).toContain("Current incidents");
    expect(html).toContain("<strong>Nightly backups</strong> is down since");

    await ping("");
    expect((await page()).incidents).toEqual([]);
  });

  test("maintenance: a window in progress and one planned within the week are shown; one further off is not", async () => {
    const db = await monitor("Database");
    const other = await monitor("Elsewhere");
    await server.call("POST", "/api/v1/status-pages", { auth: key, body: { slug: "maint", title: "Ops", monitor_ids: [db.id] } });
    const hour = 3600_000;
    const window = (title: string, fromHours: number, ids = [db.id]) => server.call("POST", "/api/v1/maintenance", {
      auth: key, body: { title, monitor_ids: ids, starts_at: new Date(Date.now() + fromHours * hour).toISOString(), ends_at: new Date(Date.now() + (fromHours + 2) * hour).toISOString() },
    });
    for (const [title, from] of [["Disk swap", -1], ["Upgrade", 48], ["Next month", 24 * 30]] as const) expect((await window(title, from)).status).toBe(201);
    expect((await window("Not on this page", 1, [other.id])).status).toBe(201);
    const data = await json(await fetch(`${server.base}/status/maint`, { headers: { Accept: "application/json" } }));
    expect(data.maintenance.map((w: any) => [w.title, w.in_progress, w.monitor_ids])).toEqual([["Disk swap", true, [db.id]], ["Upgrade", false, [db.id]]]);
    const html = await (await fetch(`${server.base}/status/maint`)).text();
    expect(html).toContain("<strong>Disk swap</strong> in progress");
    expect(html).toContain("<strong>Upgrade</strong> planned");
  });

  test("an unknown slug is a 404", async () => {
    expect((await server.call("GET", "/status/nothing-here")).status).toBe(404);
  });
});
