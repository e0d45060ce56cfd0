// Every route the OpenAPI document lists, under both prefixes: auth, scope, not-found and rate-limit rules.
import { beforeAll, expect, test } from "bun:test";
import { manualClock } from "../support/clock.ts";
import { expectError, json } from "../support/http.ts";
import { ADMIN, useServer } from "../support/server.ts";
import { createUser } from "../support/users.ts";

let writeKey: string;
let readKey: string;
let routes: { method: string; path: string }[];
let doc: { paths: Record<string, Record<string, any>> };

const UNKNOWN_ID = "01930000-0000-7000-8000-000000000000";
// open to anyone (setup refuses itself once a user exists); a key's plan limit does not apply to them
const PUBLIC = new Set(["POST /api/v1/auth/login", "GET /api/v1/setup", "POST /api/v1/setup"]);

// the clock moves on by hand so the anonymous per-IP bucket (60 per minute) refills between requests
const time = manualClock(Date.now());
const server = useServer({}, { clock: time.now });

beforeAll(async () => {
  writeKey = await server.adminKey("write");
  readKey = await server.adminKey("read");
  doc = await json(await server.call("GET", "/api/docs/json"));
  routes = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, operations]) =>
    Object.keys(operations).map((method) => ({ method: method.toUpperCase(), path: path.replace(/\{[^}]+\}/g, UNKNOWN_ID) })),
  ).filter((route) => route.path.startsWith("/api/v1/")); // pings and pushes have their own rules and tests
});

const aliasOf = (path: string) => path.replace(/^\/api\/v1\//, "/v1/");

test("the document lists the contract's routes", () => {
  expect(routes.length).toBeGreaterThanOrEqual(25);
});

test("without credentials every route but login and setup is a 401 with headers, under both prefixes", async () => {
  for (const { method, path } of routes) {
    if (PUBLIC.has(`${method} ${path}`)) continue;
    for (const url of [path, aliasOf(path)]) {
      time.advance(1000);
      const response = await server.call(method, url, { body: method === "GET" || method === "DELETE" ? undefined : {} });
      expect(response.headers.get("x-ratelimit-limit")).not.toBeNull();
      await expectError(response, 401, "unauthorized");
    }
  }
});

test("a read key gets 403 on every write route", async () => {
  for (const { method, path } of routes) {
    if (method === "GET" || PUBLIC.has(`${method} ${path}`)) continue;
    await expectError(await server.call(method, path, { auth: readKey, body: {} }), 403, "forbidden");
  }
});

test("an unknown id is a JSON 404 (or 400 for a bad body) on every route that takes one, never a 500", async () => {
  for (const { method, path } of routes) {
    if (!path.includes(UNKNOWN_ID)) continue;
    for (const url of [path, aliasOf(path)]) {
      const response = await server.call(method, url, { auth: writeKey, body: method === "PATCH" ? { name: "x", role: "member" } : undefined });
      if (![404, 400].includes(response.status)) throw new Error(`${method} ${url}: ${response.status} ${await response.text()}`);
      const text = await response.clone().text();
      if (!text.includes("\"error\"")) throw new Error(`${method} ${url}: ${response.status} ${text}`);
      await expectError(response, response.status);
    }
  }
});

test("collection GETs answer 200 with JSON arrays or objects under both prefixes", async () => {
  for (const { method, path } of routes) {
    if (method !== "GET" || path.includes(UNKNOWN_ID)) continue;
    for (const url of [path, aliasOf(path)]) {
      const response = await server.call("GET", url, { auth: writeKey });
      expect(response.status).toBe(200);
      if (url.endsWith("/events")) {
        expect(response.headers.get("content-type")).toStartWith("text/event-stream"); // stays open: see test/api/events.test.ts
        await response.body?.cancel();
        continue;
      }
      expect(response.headers.get("content-type")).toContain("application/json");
      expect(typeof (await response.json())).toBe("object");
    }
  }
});

test("every list but a monitor's or channel's history (paged by `before`) takes limit and offset and sends X-Total-Count", async () => {
  const orgId = (await json<any[]>(await server.call("GET", "/api/v1/organizations", { auth: writeKey })))[0].id;
  // at least two of everything, so a page of one is a real page
  const other = await createUser(server, writeKey);
  await server.call("POST", `/api/v1/organizations/${orgId}/members`, { auth: writeKey, body: { user_id: other.id, role: "admin" } });
  for (const email of ["first@example.com", "second@example.com"]) {
    await server.call("POST", `/api/v1/organizations/${orgId}/members`, { auth: other.key, body: { email } });
  }
  for (const inviter of [await createUser(server, writeKey), await createUser(server, writeKey)]) {
    const [theirs] = await json<any[]>(await server.call("GET", "/api/v1/organizations", { auth: inviter.key }));
    await server.call("POST", `/api/v1/organizations/${theirs.id}/members`, { auth: inviter.key, body: { email: ADMIN.email } });
  }
  await server.call("POST", "/api/v1/organizations", { auth: writeKey, body: { name: "Second" } });
  await server.call("POST", "/api/v1/projects", { auth: writeKey, body: { name: "Second", organization_id: orgId } });
  for (const slug of ["paged-1", "paged-2"]) await server.call("POST", "/api/v1/status-pages", { auth: writeKey, body: { slug, title: slug } });
  for (const name of ["a", "b"]) await server.call("POST", "/api/v1/monitors", { auth: writeKey, body: { name, kind: "ping", url: "h", is_paused: true } });
  for (const name of ["a", "b"]) await server.call("POST", "/api/v1/channels", { auth: writeKey, body: { name, kind: "webhook", config: { url: "http://127.0.0.1:9/" } } });
  const project = (await json<any[]>(await server.call("GET", "/api/v1/projects", { auth: writeKey })))[0];
  for (const title of ["a", "b"]) {
    const window = { title, project_ids: [project.id], schedule: "0 3 * * 0", duration_minutes: 60 };
    const made = await server.call("POST", "/api/v1/maintenance", { auth: writeKey, body: window });
    expect([made.status, made.status === 201 ? "" : await made.text()]).toEqual([201, ""]);
  }
  for (const name of ["a", "b"]) {
    const beat = await json(await server.call("POST", "/api/v1/monitors", { auth: writeKey, body: { name, kind: "heartbeat" } }));
    await fetch(`${server.base}/ping/${beat.ping_token}/fail`);
  }

  const lists = Object.entries(doc.paths)
    .filter(([path]) => path.startsWith("/api/v1/")) // the UI's /probe-kinds.json is no list of the API
    .filter(([path, operations]) => operations.get?.responses?.["200"]?.content?.["application/json"]?.schema?.type === "array")
    .map(([path]) => path.replace("{id}", orgId))
    // a monitor's or channel's history pages by `before`, as checks do
    .filter((path) => !/\/(checks|pulses|deliveries|status-changes)$|\/monitors\/[^/]+\/incidents$/.test(path));
  expect(lists.length).toBeGreaterThanOrEqual(8);
  for (const path of lists) {
    const all = await server.call("GET", path, { auth: writeKey });
    const items = await json<{ id?: string; user_id?: string }[]>(all);
    expect([path, all.headers.get("x-total-count")]).toEqual([path, String(items.length)]);
    expect([path, items.length >= 2]).toEqual([path, true]);
    const second = await json<any[]>(await server.call("GET", `${path}?limit=1&offset=1`, { auth: writeKey }));
    expect([path, second]).toEqual([path, [items[1]]]);
    await expectError(await server.call("GET", `${path}?limit=0`, { auth: writeKey }), 400, "validation_error");
  }
});

test("a free user's third request in a minute is 429 on any route", async () => {
  const free = await createUser(server, writeKey, { plan: "free" });
  const gets = routes.filter((r) => r.method === "GET" && !r.path.includes(UNKNOWN_ID) && !PUBLIC.has(`GET ${r.path}`));
  const statuses: number[] = [];
  for (const { path } of gets.slice(0, 3)) statuses.push((await server.call("GET", path, { auth: free.key })).status);
  expect(statuses.slice(0, 2).every((s) => s !== 429)).toBe(true);
  expect(statuses[2]).toBe(429);
  const refused = await server.call("POST", "/v1/monitors", { auth: free.key, body: { name: "x", kind: "ping", url: "h" } });
  expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
  expect(refused.headers.get("x-ratelimit-remaining")).toBe("0");
  expect(refused.headers.get("x-ratelimit-reset")).toMatch(/^\d{10}$/);
  await expectError(refused, 429, "rate_limited");
});
