// The public page's groups, 90 daily bars, Atom feed and cache, against a real server and seeded history.
import { beforeAll, describe, expect, test } from "bun:test";
import { parseAtomFeed } from "feedsmith";
import { DAY_MS, HOUR_MS } from "../../src/history/rollup.ts";
import { expectError, json } from "../support/http.ts";
import { useServer } from "../support/server.ts";
import { openStoreOf } from "../support/store.ts";

const server = useServer();
let key: string;

beforeAll(async () => {
  key = await server.adminKey();
});

const monitor = async (name: string, body: Record<string, unknown> = {}) =>
  json(await server.call("POST", "/api/v1/monitors", { auth: key, body: { name, kind: "http", url: "http://127.0.0.1:9/", is_paused: true, ...body } }));
const createPage = (body: Record<string, unknown>) => server.call("POST", "/api/v1/status-pages", { auth: key, body });
const pageJson = async (slug: string) => json(await fetch(`${server.base}/status/${slug}`, { headers: { Accept: "application/json" } }));
const pageHtml = async (slug: string) => (await fetch(`${server.base}/status/${slug}`)).text();
const firstDay = (now: number) => Math.floor(now / DAY_MS) * DAY_MS - 89 * DAY_MS;
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

describe("groups and the custom domain note", () => {
  test("a page keeps named groups in order, and shows them with headings", async () => {
    const [web, api, db] = [await monitor("Website"), await monitor("API"), await monitor("Database")];
    const created = await createPage({
      slug: "grouped", title: "Grouped", custom_domain: "Status.Example.com",
      groups: [{ name: "Frontend", monitor_ids: [web.id, api.id] }, { name: " Storage ", monitor_ids: [db.id] }],
    });
    expect(created.status).toBe(201);
    const page = await json(created);
    expect(page).toMatchObject({
      custom_domain: "status.example.com", monitor_ids: [web.id, api.id, db.id], feed_url: `${server.base}/status/grouped/feed.atom`,
      groups: [{ name: "Frontend", monitor_ids: [web.id, api.id] }, { name: "Storage", monitor_ids: [db.id] }],
    });
    const html = await pageHtml("grouped");
    expect(html.indexOf("<h2>Frontend</h2>")).toBeLessThan(html.indexOf("<h2>Storage</h2>"));
    expect((await pageJson("grouped")).groups).toEqual([{ name: "Frontend", monitor_ids: [web.id, api.id] }, { name: "Storage", monitor_ids: [db.id] }]);

    const moved = await json(await server.call("PATCH", `/api/v1/status-pages/${page.id}`, {
      auth: key, body: { custom_domain: null, groups: [{ name: "Storage", monitor_ids: [db.id] }, { name: "Frontend", monitor_ids: [api.id, web.id] }] },
    }));
    expect(moved.groups.map((g: any) => g.name)).toEqual(["Storage", "Frontend"]);
    expect(moved.custom_domain).toBeNull();
    const plain = await json(await server.call("PATCH", `/api/v1/status-pages/${page.id}`, { auth: key, body: { monitor_ids: [db.id] } }));
    expect(plain.groups).toEqual([{ name: "", monitor_ids: [db.id] }]);
  });

  test("each bad group and a bad domain are named in the 400", async () => {
    const m = await monitor("One");
    const error = await expectError(await createPage({
      slug: "bad-groups", title: "Bad", custom_domain: "not a host",
      groups: [{ name: "A", monitor_ids: [m.id] }, { name: "A", monitor_ids: [] }, { name: "B", monitor_ids: [m.id] }],
    }), 400);
    expect(error.details!.map((d) => d.field).sort()).toEqual(["custom_domain"]);
    const groups = await expectError(await createPage({
      slug: "bad-groups", title: "Bad", groups: [{ name: "A", monitor_ids: [m.id] }, { name: "A", monitor_ids: [] }, { name: "B", monitor_ids: [m.id] }],
    }), 400);
    expect(groups.details).toEqual([
      { field: "groups[1].name", message: "another group has this name" },
      { field: "groups[1].monitor_ids", message: "must list at least one monitor" },
      { field: "groups[2].monitor_ids", message: `${m.id} is already in group "A"` },
    ]);
    const both = await expectError(await createPage({ slug: "bad-groups", title: "Bad", monitor_ids: [], groups: [] }), 400);
    expect(both.details!.map((d) => d.field)).toEqual(["monitor_ids"]);
  });
});

describe("90 days of daily bars", () => {
  let checked: any;
  let heartbeat: any;
  let now: number;

  beforeAll(async () => {
    checked = await monitor("Web shop");
    heartbeat = await monitor("Backups", { kind: "heartbeat", url: undefined });
    const { store } = openStoreOf(server);
    now = Date.now();
    const start = firstDay(now);
    const seq = store.monitors.byId(checked.id)!.seq;
    // days 70–88 rolled up, 60 checks an hour; on day 80 half the checks of one hour failed
    const rollups = [];
    for (let day = 70; day <= 88; day++) {
      for (let hour = 0; hour < 24; hour++) {
        const upChecks = day === 80 && hour === 5 ? 30 : 60;
        rollups.push({ monitorSeq: seq, hourStart: start + day * DAY_MS + hour * HOUR_MS, checks: 60, upChecks, responseTimeSumMs: 600, responseTimeMinMs: 10, responseTimeMaxMs: 10, responseTimeSketch: "" });
      }
    }
    store.rollups.save(rollups);
    // today is not rolled up yet: raw checks, one of four failed
    store.checks.insertMany([1, 2, 3, 4].map((i) => ({ monitorSeq: seq, checkedAt: Math.max(start + 89 * DAY_MS, now - i * 1000), isUp: i !== 1, statusCode: 200, responseTimeMs: 5, errorMessage: null })));
    // the heartbeat: up from day 85, down for one hour that day
    store.events.transition(heartbeat.id, "pending", "up", null, start + 85 * DAY_MS);
    store.events.transition(heartbeat.id, "up", "down", "no ping", start + 85 * DAY_MS + 2 * HOUR_MS);
    store.events.transition(heartbeat.id, "down", "up", null, start + 85 * DAY_MS + 3 * HOUR_MS);
    expect((await createPage({ slug: "history", title: "History", monitor_ids: [checked.id, heartbeat.id] })).status).toBe(201);
  });

  test("JSON: one entry per day, from the roll-ups and today's raw checks; heartbeats by time up", async () => {
    const data = await pageJson("history");
    expect(data.days_from).toBe(isoDate(firstDay(now)));
    const [shop, backups] = data.monitors;
    expect(shop.daily.uptime).toHaveLength(90);
    expect(shop.daily.uptime[69]).toBeNull();
    expect(shop.daily.uptime[70]).toBe(100);
    expect([shop.daily.uptime[80], shop.daily.down_minutes[80]]).toEqual([97.916, 30]);
    expect(shop.daily.uptime[89]).toBe(75);
    expect(backups.daily.uptime.slice(84)).toEqual([null, 95.833, 100, 100, 100, 100]);
    expect(backups.daily.down_minutes[85]).toBe(60);
  });

  test("HTML: a focusable bar per day whose label gives the date, uptime and downtime", async () => {
    const html = await pageHtml("history");
    const badDay = isoDate(firstDay(now) + 80 * DAY_MS);
    expect(html).toContain(`<li tabindex="0" class="bad" aria-label="${badDay}: 97.91% up, 30 min down"></li>`);
    expect(html).toContain(`aria-label="${isoDate(firstDay(now))}: no data"`);
    expect(html.match(/<li tabindex="0"/g)).toHaveLength(180);
    expect(html).toContain(`<link rel="alternate" type="application/atom+xml" title="History: incidents" href="history/feed.atom">`);
    expect(html).toMatch(/@media \(prefers-color-scheme:dark\)/);
    expect(html).not.toMatch(/<script/);
  });
});

describe("the Atom feed", () => {
  test("each outage and recovery of the page's monitors, newest first, with reasons cleared of targets", async () => {
    const api = await monitor("Public API", { url: "http://10.1.2.3:8080/health" });
    const { store } = openStoreOf(server);
    const t0 = Date.now() - 3 * HOUR_MS;
    store.events.transition(api.id, "pending", "up", null, t0);
    const down = store.events.transition(api.id, "up", "down", "connect ECONNREFUSED 10.1.2.3:8080 (http://10.1.2.3:8080/health)", t0 + HOUR_MS)!;
    const up = store.events.transition(api.id, "down", "up", null, t0 + HOUR_MS + 25 * 60_000)!;
    const page = await json(await createPage({ slug: "feed", title: "Feed & co", monitor_ids: [api.id] }));

    const response = await fetch(`${server.base}/status/feed/feed.atom`);
    expect(response.headers.get("content-type")).toBe("application/atom+xml; charset=utf-8");
    const xml = await response.text();
    const feed = parseAtomFeed(xml);
    expect(feed.id).toBe(`urn:uuid:${page.id}`);
    expect(feed.title?.value).toBe("Feed & co: incidents");
    expect(feed.updated).toBe(new Date(up.at).toISOString());
    expect(feed.links?.map((l) => [l.rel, l.href])).toEqual([["self", `${server.base}/status/feed/feed.atom`], ["alternate", `${server.base}/status/feed`]]);
    expect(xml).toContain("<author><name>Feed &amp; co</name></author>");
    expect(feed.entries?.map((e) => [e.id, e.title?.value, e.updated])).toEqual([
      [`urn:uuid:${up.id}`, "Public API is up again", new Date(up.at).toISOString()],
      [`urn:uuid:${down.id}`, "Public API is down", new Date(down.at).toISOString()],
    ]);
    const [recovered, wentDown] = feed.entries!;
    expect(recovered!.summary?.value).toEndWith("after 25 min.");
    expect(wentDown!.summary?.value).toContain("connect ECONNREFUSED the target:8080 (the target)");
    expect(xml).not.toContain("10.1.2.3");
  });

  test("an unknown page has no feed", async () => {
    expect((await fetch(`${server.base}/status/nothing/feed.atom`)).status).toBe(404);
  });
});

describe("the cache", () => {
  test("answers come from memory until a monitor on the page changes status or the page is edited", async () => {
    const backups = await monitor("Nightly", { kind: "heartbeat", url: undefined, is_paused: false });
    const page = await json(await createPage({ slug: "cached", title: "Cached", monitor_ids: [backups.id] }));
    const first = await pageJson("cached");
    // a change behind the server's back stays unseen: the page is not rebuilt per request
    openStoreOf(server).store.monitors.update(backups.id, { name: "Renamed behind its back" }, Date.now());
    expect(await pageJson("cached")).toEqual(first);

    expect((await fetch(`${server.base}/ping/${backups.ping_token}/fail`)).status).toBe(200);
    const after = await pageJson("cached");
    expect(after.monitors[0]).toMatchObject({ name: "Renamed behind its back", status: "down" });
    expect(after.status).toBe("major_outage");

    const feed = await (await fetch(`${server.base}/status/cached/feed.atom`)).text();
    expect(parseAtomFeed(feed).entries?.map((e) => e.title?.value)).toEqual(["Renamed behind its back is down"]);

    await server.call("PATCH", `/api/v1/status-pages/${page.id}`, { auth: key, body: { title: "Cached, retitled" } });
    expect(await pageHtml("cached")).toContain("<title>Cached, retitled</title>");
  });

  test("answers are gzipped when the client takes it, and revalidate with their ETag", async () => {
    await createPage({ slug: "etag", title: "ETag" });
    const raw = await fetch(`${server.base}/status/etag`, { headers: { "Accept-Encoding": "gzip" }, decompress: false } as RequestInit);
    expect(raw.headers.get("content-encoding")).toBe("gzip");
    expect(new TextDecoder().decode(Bun.gunzipSync(new Uint8Array(await raw.arrayBuffer())))).toContain("<title>ETag</title>");
    const again = await fetch(`${server.base}/status/etag`, { headers: { "If-None-Match": raw.headers.get("etag")! } });
    expect(again.status).toBe(304);
  });
});
