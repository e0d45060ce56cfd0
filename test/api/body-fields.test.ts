// Request bodies take only their own fields, within limits: a typo, a read-only field or another kind's
// setting is a 400 naming it, never silently dropped.
import { beforeAll, describe, expect, test } from "bun:test";
import { expectError, json } from "../support/http.ts";
import { useServer } from "../support/server.ts";
import { createUser } from "../support/users.ts";

const server = useServer();
let key: string;
let orgId: string;
let projectId: string;
let monitorId: string;
let heartbeatId: string;
let pageId: string;
let memberId: string;
let channelId: string;
const HOOK = { name: "Hook", kind: "webhook", config: { url: "https://example.com/hook" } };

const call = (method: string, path: string, body: unknown) => server.call(method, `/api/v1${path}`, { auth: key, body });

async function created<T = { id: string }>(path: string, body: unknown): Promise<T> {
  const response = await call("POST", path, body);
  if (response.status !== 201) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return json<T>(response);
}

/** The 400's details for `field`, after checking the whole answer is a validation error. */
async function problemsFor(response: Response, field: string): Promise<string[]> {
  const error = await expectError(response, 400, "validation_error");
  return (error.details ?? []).filter((d) => d.field === field).map((d) => d.message);
}

beforeAll(async () => {
  key = await server.adminKey();
  orgId = (await json<{ id: string }[]>(await call("GET", "/organizations", undefined)))[0]!.id;
  projectId = (await created("/projects", { name: "Fields" })).id;
  monitorId = (await created("/monitors", { name: "Web", kind: "http", url: "https://example.com", is_paused: true })).id;
  heartbeatId = (await created("/monitors", { name: "Cron", kind: "heartbeat" })).id;
  pageId = (await created("/status-pages", { slug: "fields", title: "Fields" })).id;
  memberId = (await createUser(server, key, { organization_id: orgId })).id;
  channelId = (await created("/channels", HOOK)).id;
});

describe("monitors", () => {
  test("a url over 2048 characters is a 400 naming url", async () => {
    const url = `https://example.com/${"a".repeat(1_000_000)}`; // 1 MB: within the API's 1 MiB body limit
    expect(await problemsFor(await call("POST", "/monitors", { name: "Big", kind: "http", url }), "url"))
      .toContain("must be at most 2048 characters");
    expect(await problemsFor(await call("PATCH", `/monitors/${monitorId}`, { url }), "url")).toContain("must be at most 2048 characters");
    expect((await call("POST", "/monitors", { name: "Long but fine", kind: "http", url: `https://example.com/${"a".repeat(2000)}`, is_paused: true })).status).toBe(201);
  });

  test("headers sent as a JSON array are a 400, not stored as {\"0\": …}", async () => {
    const messages = await problemsFor(await call("POST", "/monitors", { name: "H", kind: "http", url: "https://example.com", headers: ["a"] }), "headers");
    expect(messages).toEqual(["must be an object of header names and values"]);
    await problemsFor(await call("PATCH", `/monitors/${monitorId}`, { headers: ["X-A: 1"] }), "headers");
    const stored = await json(await call("GET", `/monitors/${monitorId}`, undefined));
    expect(stored.headers).toEqual({});
  });

  test("a typo names the field as unknown, on create and on change", async () => {
    const body = { name: "Typo", kind: "http", url: "https://example.com", intervall_seconds: 30 };
    expect(await problemsFor(await call("POST", "/monitors", body), "intervall_seconds")).toEqual(["unknown field"]);
    expect(await problemsFor(await call("PATCH", `/monitors/${monitorId}`, { intervall_seconds: 30 }), "intervall_seconds")).toEqual(["unknown field"]);
    expect(await problemsFor(await call("PATCH", `/monitors/${monitorId}`, { organization_id: orgId }), "organization_id")).toEqual(["unknown field"]);
  });

  test("every refused field is named at once", async () => {
    const error = await expectError(await call("POST", "/monitors", { name: "Many", kind: "tcp", url: "db:5432", colour: "red", id: monitorId, keyword: "x" }), 400);
    expect(error.details).toEqual([
      { field: "colour", message: "unknown field" },
      { field: "id", message: "read-only field" },
      { field: "keyword", message: "not a field of tcp monitors (only of http)" },
    ].sort((a, b) => (a.field < b.field ? -1 : 1)));
  });

  test("fields the answer shows but a body cannot set are read-only", async () => {
    for (const [field, value] of [["status", "up"], ["id", monitorId], ["ping_token", "x"], ["created_at", "2020-01-01T00:00:00.000Z"], ["last_checked_at", null]] as const) {
      expect([field, await problemsFor(await call("POST", "/monitors", { name: "R", kind: "heartbeat", [field]: value }), field)]).toEqual([field, ["read-only field"]]);
      expect([field, await problemsFor(await call("PATCH", `/monitors/${heartbeatId}`, { [field]: value }), field)]).toEqual([field, ["read-only field"]]);
    }
    // a heartbeat's url is its ping URL
    expect(await problemsFor(await call("PATCH", `/monitors/${heartbeatId}`, { url: "https://example.com" }), "url")).toEqual(["read-only field"]);
  });

  test("another kind's setting is refused, naming the kinds that take it", async () => {
    expect(await problemsFor(await call("POST", "/monitors", { name: "T", kind: "tcp", url: "db:5432", keyword: "ok" }), "keyword"))
      .toEqual(["not a field of tcp monitors (only of http)"]);
    expect(await problemsFor(await call("PATCH", `/monitors/${heartbeatId}`, { ssl_expiry_days: 3 }), "ssl_expiry_days"))
      .toEqual(["not a field of heartbeat monitors (only of ssl)"]);
  });

  test("a change of kind drops the old kind's settings and takes the new kind's", async () => {
    const id = (await created("/monitors", { name: "Switch", kind: "http", url: "https://example.com", keyword: "ok", is_paused: true })).id;
    const tcp = await json(await call("PATCH", `/monitors/${id}`, { kind: "tcp", url: "db.lan:5432" }));
    expect(tcp).toMatchObject({ kind: "tcp", url: "db.lan:5432" });
    expect(tcp.keyword).toBeUndefined();
    expect(await problemsFor(await call("PATCH", `/monitors/${id}`, { kind: "dns", url: "example.com", keyword: "ok" }), "keyword"))
      .toEqual(["not a field of dns monitors (only of http)"]);
  });
});

describe("every other write route", () => {
  // [method, path, a valid body, a field the answer shows that the body may not set]
  const routes = (): [string, string, Record<string, unknown>, string | null][] => [
    ["POST", "/projects", { name: "P" }, "is_default"],
    ["PATCH", `/projects/${projectId}`, { name: "P2" }, "organization_id"],
    ["POST", "/status-pages", { slug: "typo-page", title: "T" }, "url"],
    ["PATCH", `/status-pages/${pageId}`, { title: "T2" }, "organization_id"],
    ["POST", "/api-keys", { name: "k" }, "prefix"],
    ["POST", "/users", { email: "typo@example.com", password: "long-enough-1" }, "created_at"],
    ["POST", "/organizations", { name: "O" }, "role"],
    ["PATCH", `/organizations/${orgId}`, { name: "O2" }, "id"],
    ["POST", `/organizations/${orgId}/members`, { user_id: memberId }, "joined_at"],
    ["PATCH", `/organizations/${orgId}/members/${memberId}`, { role: "viewer" }, "user_id"],
    ["POST", "/channels", HOOK, "last_error"],
    ["PATCH", `/channels/${channelId}`, { name: "Hook 2" }, "organization_id"],
    ["POST", "/auth/login", { email: "admin@example.com", password: "x" }, null],
    ["POST", "/users/me/password", { current_password: "x", new_password: "long-enough-2" }, null],
    ["POST", "/setup", { email: "first@example.com", password: "long-enough-3" }, null],
  ];

  test("an unknown field is a 400 naming it, and nothing changes", async () => {
    for (const [method, path, body] of routes()) {
      const response = await server.call(method, `/api/v1${path}`, { auth: key, body: { ...body, nmae: "typo" } });
      expect([method, path, await problemsFor(response, "nmae")]).toEqual([method, path, ["unknown field"]]);
    }
    const projects = await json<{ name: string }[]>(await call("GET", "/projects", undefined));
    expect(projects.map((p) => p.name)).not.toContain("P");
  });

  test("a field the answer shows but the route cannot set is a read-only field", async () => {
    for (const [method, path, body, shown] of routes()) {
      if (!shown) continue;
      const response = await server.call(method, `/api/v1${path}`, { auth: key, body: { ...body, [shown]: "x" } });
      expect([method, path, await problemsFor(response, shown)]).toEqual([method, path, ["read-only field"]]);
    }
  });

  test("two refused fields are both named", async () => {
    const error = await expectError(await call("POST", "/projects", { name: "P", colour: "red", id: projectId }), 400);
    expect(error.details).toEqual([{ field: "colour", message: "unknown field" }, { field: "id", message: "read-only field" }]);
  });

  test("a channel's config takes only its kind's fields", async () => {
    const typo = { ...HOOK, config: { url: "https://example.com/hook", secrett: "s" } };
    expect(await problemsFor(await call("POST", "/channels", typo), "config.secrett")).toEqual(["unknown field for webhook channels"]);
    expect(await problemsFor(await call("PATCH", `/channels/${channelId}`, { config: { secrett: "s" } }), "config.secrett")).toEqual(["unknown field for webhook channels"]);
  });
});
