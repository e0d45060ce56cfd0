import { beforeAll, describe, expect, test } from "bun:test";
import { TokenBuckets } from "../../src/api/rate-limit.ts";
import { manualClock } from "../support/clock.ts";
import { expectError, json } from "../support/http.ts";
import { useServer, withServer } from "../support/server.ts";
import { createUser } from "../support/users.ts";

describe("per-plan limits over HTTP (clock under the test's control)", () => {
  const time = manualClock(Date.parse("2026-03-01T12:00:00Z"));
  const server = useServer({}, { clock: time.now });
  let adminKey: string;

  beforeAll(async () => {
    adminKey = await server.adminKey();
  });

  test("free plan: 2 per minute, then 429 with Retry-After; refills evenly", async () => {
    const free = await createUser(server, adminKey, { plan: "free" });
    const first = await server.call("GET", "/api/v1/monitors", { auth: free.key });
    expect(first.status).toBe(200);
    expect(first.headers.get("x-ratelimit-limit")).toBe("2");
    expect(first.headers.get("x-ratelimit-remaining")).toBe("1");
    const resetAt = Number(first.headers.get("x-ratelimit-reset"));
    expect(resetAt).toBe(Math.ceil((time.now() + 30_000) / 1000));

    const second = await server.call("GET", "/api/v1/monitors", { auth: free.key });
    expect(second.headers.get("x-ratelimit-remaining")).toBe("0");
    const third = await server.call("GET", "/api/v1/users/me", { auth: free.key });
    expect(third.headers.get("retry-after")).toBe("30");
    expect(third.headers.get("x-ratelimit-remaining")).toBe("0");
    await expectError(third, 429, "rate_limited");

    time.advance(30_000); // one token back
    expect((await server.call("GET", "/api/v1/monitors", { auth: free.key })).status).toBe(200);
    expect((await server.call("GET", "/api/v1/monitors", { auth: free.key })).status).toBe(429);
  });

  test("the limit is per user, shared by all of a user's keys", async () => {
    const free = await createUser(server, adminKey, { plan: "free" });
    const secondKey = await json<{ key: string }>(await server.call("POST", "/api/v1/api-keys", { auth: free.cookie, body: {} }));
    await server.call("GET", "/api/v1/monitors", { auth: free.key });
    await server.call("GET", "/api/v1/monitors", { auth: secondKey.key });
    expect((await server.call("GET", "/api/v1/monitors", { auth: free.key })).status).toBe(429);
    // another user is not affected
    const otherFree = await createUser(server, adminKey, { plan: "free" });
    expect((await server.call("GET", "/api/v1/monitors", { auth: otherFree.key })).status).toBe(200);
  });

  test("GET of one monitor (Bun's router, one Headers reused): each answer carries its own caller's values", async () => {
    const callers = [{ ...(await createUser(server, adminKey, { plan: "pro" })), limit: 50 }, { ...(await createUser(server, adminKey, { plan: "team" })), limit: 500 }];
    const paths = [];
    for (const caller of callers) {
      const created = await server.call("POST", "/api/v1/monitors", { auth: caller.key, body: { name: "m", kind: "http", url: "http://127.0.0.1:9/", is_paused: true } });
      paths.push(`/api/v1/monitors/${(await json<{ id: string }>(created)).id}`);
    }
    for (let used = 2; used <= 4; used++) {
      for (const [i, caller] of callers.entries()) {
        const answer = await server.call("GET", paths[i]!, { auth: caller.key });
        expect([answer.status, answer.headers.get("x-ratelimit-limit"), answer.headers.get("x-ratelimit-remaining"), answer.headers.get("x-ratelimit-reset")])
          .toEqual([200, String(caller.limit), String(caller.limit - used), String(Math.ceil((time.now() + (used * 60_000) / caller.limit) / 1000))]);
      }
    }
  });

  test("pro and team plans carry their own limits; session requests have their own bucket", async () => {
    const pro = await createUser(server, adminKey, { plan: "pro" });
    expect((await server.call("GET", "/api/v1/monitors", { auth: pro.key })).headers.get("x-ratelimit-limit")).toBe("50");
    const team = await createUser(server, adminKey, { plan: "team" });
    expect((await server.call("GET", "/api/v1/monitors", { auth: team.key })).headers.get("x-ratelimit-limit")).toBe("500");
    const free = await createUser(server, adminKey, { plan: "free" });
    for (let i = 0; i < 3; i++) await server.call("GET", "/api/v1/monitors", { auth: free.key });
    const viaSession = await server.call("GET", "/api/v1/monitors", { auth: free.cookie });
    expect(viaSession.status).toBe(200);
    expect(Number(viaSession.headers.get("x-ratelimit-limit"))).toBeGreaterThan(500);
  });

  test("errors carry the headers too", async () => {
    const team = await createUser(server, adminKey, { plan: "team" });
    const response = await server.call("GET", "/api/v1/monitors/01930000-0000-7000-8000-000000000000", { auth: team.key });
    expect(response.headers.get("x-ratelimit-remaining")).not.toBeNull();
    await expectError(response, 404);
    const bad = await server.call("POST", "/api/v1/monitors", { auth: team.key, raw: "{", headers: { "Content-Type": "application/json" } });
    expect(bad.headers.get("x-ratelimit-limit")).toBe("500");
    await expectError(bad, 400, "invalid_json");
  });
});

test("UPBEAT_RATE_LIMITS overrides the plan limits", async () => {
  await withServer({ UPBEAT_RATE_LIMITS: "free=5,team=7" }, async (server) => {
    const key = await server.adminKey();
    expect((await server.call("GET", "/api/v1/monitors", { auth: key })).headers.get("x-ratelimit-limit")).toBe("7");
    const free = await createUser(server, key, { plan: "free" });
    expect((await server.call("GET", "/api/v1/monitors", { auth: free.key })).headers.get("x-ratelimit-limit")).toBe("5");
  });
});

describe("TokenBuckets", () => {
  test("idle buckets are evicted once they have refilled", () => {
    const time = manualClock(0);
    const buckets = new TokenBuckets(time.now);
    for (let i = 0; i < 1000; i++) buckets.take(`user${i}`, 10);
    expect(buckets.size).toBe(1000);
    time.advance(61_000);
    buckets.take("fresh", 10);
    expect(buckets.size).toBe(1);
  });

  test("a drained bucket is kept until it refills", () => {
    const time = manualClock(0);
    const buckets = new TokenBuckets(time.now);
    for (let i = 0; i < 3; i++) buckets.take("busy", 2);
    time.advance(61_000);
    buckets.take("other", 2);
    expect(buckets.take("busy", 2, 0).remaining).toBe(2);
  });

  test("remaining, reset and retry-after follow the even refill", () => {
    const time = manualClock(1_000_000);
    const buckets = new TokenBuckets(time.now);
    expect(buckets.take("k", 60)).toMatchObject({ allowed: true, limit: 60, remaining: 59, resetAt: 1001 });
    for (let i = 0; i < 59; i++) buckets.take("k", 60);
    const refused = buckets.take("k", 60);
    expect(refused).toMatchObject({ allowed: false, remaining: 0, retryAfter: 1 });
    time.advance(1000);
    expect(buckets.take("k", 60).allowed).toBe(true);
  });
});
