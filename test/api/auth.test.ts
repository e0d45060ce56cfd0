import { describe, expect, test } from "bun:test";
import { expectError, json } from "../support/http.ts";
import { ADMIN, loginCookie, useServer, withServer } from "../support/server.ts";
import { openStoreOf } from "../support/store.ts";

const server = useServer();

describe("API keys", () => {
  test("missing credentials are 401 with the JSON error body and rate-limit headers", async () => {
    const response = await server.call("GET", "/api/v1/monitors");
    expect(response.headers.get("x-ratelimit-limit")).not.toBeNull();
    await expectError(response, 401, "unauthorized");
  });

  test("a malformed or unknown key is 401", async () => {
    for (const auth of ["nope", "pm_short", "pm_" + "A".repeat(40)]) {
      await expectError(await server.call("GET", "/api/v1/monitors", { auth }), 401, "unauthorized");
    }
    const basic = await server.call("GET", "/api/v1/monitors", { headers: { Authorization: "Basic YTpi" } });
    await expectError(basic, 401);
  });

  test("a key is pm_ + 40 base62 characters, shown once and stored only as a hash", async () => {
    const key = await server.adminKey();
    expect(key).toMatch(/^pm_[0-9A-Za-z]{40}$/);
    const listed = await json<any[]>(await server.call("GET", "/api/v1/api-keys", { auth: key }));
    expect(listed.length).toBeGreaterThan(0);
    for (const k of listed) {
      expect(k.key).toBeUndefined();
      expect(Object.keys(k).sort()).toEqual(["created_at", "id", "last_used_at", "name", "prefix", "scope"]);
    }
    const { store } = openStoreOf(server);
    const rows = store.apiKeys.listForUser(store.users.byEmail(ADMIN.email)!.id);
    expect(rows.length).toBe(listed.length);
    expect(JSON.stringify(rows)).not.toContain(key);
    expect(JSON.stringify(rows)).not.toContain(key.slice(10));
  });

  test("the key works, records last use, and stops working once revoked", async () => {
    const key = await server.adminKey();
    expect((await server.call("GET", "/api/v1/users/me", { auth: key })).status).toBe(200);
    const keys = await json<any[]>(await server.call("GET", "/api/v1/api-keys", { auth: key }));
    const mine = keys.find((k) => key.startsWith(k.prefix))!;
    expect(mine.last_used_at).not.toBeNull();
    expect((await server.call("DELETE", `/api/v1/api-keys/${mine.id}`, { auth: key })).status).toBe(204);
    await expectError(await server.call("GET", "/api/v1/users/me", { auth: key }), 401);
  });

  test("a read key reads but gets 403 for every write", async () => {
    const read = await server.adminKey("read");
    expect((await server.call("GET", "/api/v1/monitors", { auth: read })).status).toBe(200);
    const writes = [
      ["POST", "/api/v1/monitors", { name: "x", kind: "ping", url: "h" }],
      ["PATCH", "/api/v1/monitors/01930000-0000-7000-8000-000000000000", { name: "x" }],
      ["DELETE", "/api/v1/projects/01930000-0000-7000-8000-000000000000", undefined],
      ["POST", "/api/v1/api-keys", { scope: "write" }],
      ["POST", "/v1/projects", { name: "p" }],
    ] as const;
    for (const [method, path, body] of writes) {
      await expectError(await server.call(method, path, { auth: read, body }), 403, "forbidden");
    }
  });

  test("the Authorization header's scheme in any case, with extra spaces, works on the native GET and through Elysia", async () => {
    const key = await server.adminKey();
    const created = await server.call("POST", "/api/v1/monitors", { auth: key, body: { name: "a", kind: "http", url: "http://127.0.0.1:9/", is_paused: true } });
    const id = (await json<{ id: string }>(created)).id;
    for (const value of [`bearer ${key}`, `Bearer   ${key}  `, `BEARER\t${key}`]) {
      for (const path of [`/api/v1/monitors/${id}`, "/api/v1/users/me"]) {
        expect((await server.call("GET", path, { headers: { Authorization: value } })).status).toBe(200);
      }
    }
    for (const value of [`Bearer ${key}x!`, `Bearer ${key} extra`, `Bearer${key}`]) {
      await expectError(await server.call("GET", `/api/v1/monitors/${id}`, { headers: { Authorization: value } }), 401, "unauthorized");
    }
  });

  test("another user's key cannot be revoked (404)", async () => {
    const adminKey = await server.adminKey();
    const created = await json(await server.call("POST", "/api/v1/users", { auth: adminKey, body: { email: "keys@example.com", password: "password-123" } }));
    expect(created.plan).toBe("free");
    const keys = await json<any[]>(await server.call("GET", "/api/v1/api-keys", { auth: adminKey }));
    const session = await loginCookie(server, "keys@example.com", "password-123");
    await expectError(await server.call("DELETE", `/api/v1/api-keys/${keys[0].id}`, { auth: session }), 404, "not_found");
  });

  test("POST /api-keys validates scope", async () => {
    const key = await server.adminKey();
    const error = await expectError(await server.call("POST", "/api/v1/api-keys", { auth: key, body: { scope: "admin" } }), 400);
    expect(error.details![0]!.field).toBe("scope");
  });
});

describe("sessions", () => {
  test("login sets an HttpOnly cookie that authenticates the API; logout ends it", async () => {
    const login = await server.call("POST", "/api/v1/auth/login", { body: { email: "ADMIN@example.com", password: ADMIN.password } });
    expect(login.status).toBe(200);
    const setCookie = login.headers.get("set-cookie")!;
    expect(setCookie).toMatch(/^upbeat_session=[0-9A-Za-z]+; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+$/);
    const body = await json(login);
    expect(body.user).toMatchObject({ email: ADMIN.email, is_admin: true, plan: "team" });
    expect(body.user.password_hash).toBeUndefined();

    const cookie = "cookie:" + setCookie.split(";")[0];
    const me = await server.call("GET", "/api/v1/users/me", { auth: cookie });
    expect(me.status).toBe(200);
    expect((await json(me)).organizations[0]).toMatchObject({ role: "owner" });

    const logout = await server.call("POST", "/api/v1/auth/logout", { auth: cookie });
    expect(logout.status).toBe(204);
    expect(logout.headers.get("set-cookie")).toContain("Max-Age=0");
    await expectError(await server.call("GET", "/api/v1/users/me", { auth: cookie }), 401);
  });

  test("a wrong password and an unknown email are the same 401", async () => {
    const wrong = await expectError(await server.call("POST", "/api/v1/auth/login", { body: { email: ADMIN.email, password: "wrong-password" } }), 401);
    const unknown = await expectError(await server.call("POST", "/api/v1/auth/login", { body: { email: "nobody@example.com", password: "wrong-password" } }), 401);
    expect(wrong.message).toBe(unknown.message);
  });

  test("login validates its body", async () => {
    const error = await expectError(await server.call("POST", "/api/v1/auth/login", { body: { email: "not-an-email" } }), 400);
    expect(error.details!.map((d) => d.field).sort()).toEqual(["email", "password"]);
  });

  test("failed logins are limited per IP: 429 with Retry-After, even for the right password", async () => {
    await withServer({}, async (limited) => {
      let last: Response | undefined;
      for (let i = 0; i < 12; i++) {
        last = await limited.call("POST", "/api/v1/auth/login", { body: { email: ADMIN.email, password: "guess-" + i } });
        if (last.status === 429) break;
        expect(last.status).toBe(401);
      }
      expect(last!.status).toBe(429);
      expect(Number(last!.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      await expectError(last!, 429, "rate_limited");
      const right = await limited.call("POST", "/api/v1/auth/login", { body: ADMIN });
      expect(right.status).toBe(429);
    });
  });
});

describe("cross-site protection for the session cookie", () => {
  test("a form-encoded body is refused before any route sees it", async () => {
    const key = await server.adminKey();
    const response = await server.call("POST", "/api/v1/projects", {
      auth: key, raw: "name=Sneaky", headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    await expectError(response, 400, "invalid_content_type");
    const login = await server.call("POST", "/api/v1/auth/login", {
      raw: `email=${ADMIN.email}&password=${ADMIN.password}`, headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    await expectError(login, 400, "invalid_content_type");
    const projects = await json<any[]>(await server.call("GET", "/api/v1/projects", { auth: key }));
    expect(projects.some((p) => p.name === "Sneaky")).toBe(false);
  });

  test("a login from another origin is 403, so a hostile page cannot log a visitor into its account", async () => {
    for (const headers of [{ Origin: "http://evil.example" }, { "Sec-Fetch-Site": "cross-site" }] as Record<string, string>[]) {
      const response = await server.call("POST", "/api/v1/auth/login", { body: ADMIN, headers });
      await expectError(response, 403, "forbidden");
      expect(response.headers.get("set-cookie")).toBeNull();
    }
    const sameOrigin = await server.call("POST", "/api/v1/auth/login", { body: ADMIN, headers: { Origin: server.base, "Sec-Fetch-Site": "same-origin" } });
    expect(sameOrigin.status).toBe(200);
  });

  test("a session write from another origin is 403; the same origin and API keys pass", async () => {
    const cookie = await loginCookie(server, ADMIN.email, ADMIN.password);
    const body = { name: "From elsewhere" };
    await expectError(await server.call("POST", "/api/v1/projects", { auth: cookie, body, headers: { Origin: "http://evil.example" } }), 403);
    await expectError(await server.call("POST", "/api/v1/projects", { auth: cookie, body, headers: { "Sec-Fetch-Site": "same-site" } }), 403);
    const sameOrigin = await server.call("POST", "/api/v1/projects", { auth: cookie, body, headers: { Origin: server.base, "Sec-Fetch-Site": "same-origin" } });
    expect(sameOrigin.status).toBe(201);
    // reads are harmless, and keys are not sent by browsers on their own
    expect((await server.call("GET", "/api/v1/projects", { auth: cookie, headers: { Origin: "http://evil.example" } })).status).toBe(200);
    const key = await server.adminKey();
    expect((await server.call("POST", "/api/v1/projects", { auth: key, body, headers: { Origin: "http://evil.example" } })).status).toBe(201);
  });
});
