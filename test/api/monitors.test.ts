import { beforeAll, describe, expect, test } from "bun:test";
import { expectError, json } from "../support/http.ts";
import { useServer } from "../support/server.ts";
import { openStoreOf } from "../support/store.ts";
import { createUser, type TestUser } from "../support/users.ts";

const server = useServer();
let key: string;
let other: TestUser;

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

beforeAll(async () => {
  key = await server.adminKey();
  other = await createUser(server, key);
});

const create = (body: unknown, auth = key) => server.call("POST", "/api/v1/monitors", { auth, body });

describe("POST /monitors", () => {
  test("creates an http monitor with the contract's fields and defaults", async () => {
    const response = await create({ name: "Homepage", kind: "http", url: "https://example.com/" });
    expect(response.status).toBe(201);
    const m = await json(response);
    expect(m).toMatchObject({
      name: "Homepage", kind: "http", url: "https://example.com/", status: "pending", interval_seconds: 60,
      timeout_seconds: 10, retries: 0, is_paused: false, method: "GET", expected_status: "200-399",
      follow_redirects: true, ignore_tls_errors: false, keyword: null, keyword_absent: false, last_checked_at: null,
    });
    expect(m.id).toMatch(UUID);
    expect(m.project_id).toMatch(UUID);
    expect(m.created_at).toMatch(ISO);
    expect(m.updated_at).toMatch(ISO);
  });

  test("accepts every kind with its own fields", async () => {
    const cases = [
      { kind: "tcp", url: "127.0.0.1:5432" },
      { kind: "ping", url: "10.0.0.1" },
      { kind: "ssl", url: "example.com", ssl_expiry_days: 21 },
      { kind: "dns", url: "example.com", record_type: "mx", expected_value: "mail.example.com" },
      { kind: "http", url: "http://127.0.0.1:9/health", method: "post", headers: { "X-Token": "a" }, body: "{}", expected_status: "200-299,301", keyword: "ok", keyword_absent: true },
    ];
    for (const c of cases) {
      const response = await create({ name: `k-${c.kind}`, ...c });
      expect(response.status).toBe(201);
      const m = await json(response);
      expect(m.kind).toBe(c.kind);
      expect(m.url).toBe(c.url);
    }
    const dns = await json(await create({ name: "dns2", kind: "dns", url: "example.org" }));
    expect(dns).toMatchObject({ record_type: "A", expected_value: null, dns_resolver: null });
    const ssl = await json(await create({ name: "ssl2", kind: "ssl", url: "https://example.org:8443/x" }));
    expect(ssl.ssl_expiry_days).toBe(14);
  });

  test("a heartbeat gets a secret ping token and its ping URL as url", async () => {
    const response = await create({ name: "backup job", kind: "heartbeat", interval_seconds: 3600, grace_seconds: 300 });
    expect(response.status).toBe(201);
    const m = await json(response);
    expect(m.ping_token).toMatch(/^[0-9A-Za-z]{22,}$/);
    expect(m.url).toBe(`${server.base}/ping/${m.ping_token}`);
    expect(m).toMatchObject({ interval_seconds: 3600, grace_seconds: 300, schedule: null, timezone: "UTC" });
  });

  test("a heartbeat with a cron schedule and time zone", async () => {
    const m = await json(await create({ name: "nightly", kind: "heartbeat", schedule: "30 2 * * *", timezone: "Europe/Berlin" }));
    expect(m).toMatchObject({ schedule: "30 2 * * *", timezone: "Europe/Berlin" });
  });

  test("400 names every bad field", async () => {
    const error = await expectError(
      await create({ name: "", kind: "http", url: "ftp://x", interval_seconds: 5, retries: -1 }),
      400,
      "validation_error",
    );
    const fields = error.details!.map((d) => d.field).sort();
    expect(fields).toEqual(["interval_seconds", "name", "retries", "url"]);
    for (const d of error.details!) expect(d.message.length).toBeGreaterThan(0);
  });

  test("400 for per-kind rules", async () => {
    const bad = [
      [{ kind: "tcp", url: "no-port" }, "url"],
      [{ kind: "tcp", url: "host:99999" }, "url"],
      [{ kind: "ping", url: "http://x" }, "url"],
      [{ kind: "dns", url: "example.com", record_type: "SRV" }, "record_type"],
      [{ kind: "http", url: "http://x.com", expected_status: "ok" }, "expected_status"],
      [{ kind: "http", url: "http://x.com", method: "FETCH" }, "method"],
      [{ kind: "heartbeat", schedule: "every day" }, "schedule"],
      [{ kind: "heartbeat", schedule: "0 0 30 2 *" }, "schedule"],
      [{ kind: "http", url: "http://x.com", headers: { "bad header": "x" } }, "headers.bad header"],
      [{ kind: "http", url: "http://x.com", headers: { "X-A": "1\r\nX-B: 2" } }, "headers.X-A"],
      [{ kind: "heartbeat", timezone: "Mars/Base" }, "timezone"],
      [{ kind: "heartbeat", grace_seconds: 90000 }, "grace_seconds"],
      [{ kind: "http", url: "http://x.com", interval_seconds: 20, timeout_seconds: 30 }, "timeout_seconds"],
      [{ kind: "ftp", url: "x" }, "kind"],
      [{ kind: "http", url: "http://x.com", interval_seconds: 86401 }, "interval_seconds"],
    ] as const;
    for (const [fields, field] of bad) {
      const error = await expectError(await create({ name: "bad", ...fields }), 400, "validation_error");
      expect(error.details!.map((d) => d.field)).toContain(field);
    }
  });

  test("with an unknown kind the shared fields are still checked, all at once", async () => {
    const error = await expectError(await create({ name: "", kind: "ftp", interval_seconds: 5 }), 400);
    expect(error.details!.map((d) => d.field).sort()).toEqual(["interval_seconds", "kind", "name"]);
  });

  test("a body that is not a JSON object is a 400 saying so", async () => {
    for (const body of [null, [1], "text", 5]) {
      const error = await expectError(await create(body), 400, "validation_error");
      expect(error.details).toEqual([{ field: "body", message: "must be a JSON object" }]);
    }
  });

  test("a missing required field says it is required", async () => {
    const error = await expectError(await create({ kind: "http" }), 400);
    expect(error.details!.map((d) => d.field).sort()).toEqual(["name", "url"]);
    for (const d of error.details!) expect(d.message).toBe("is required");
  });

  test("a name over 200 characters is refused", async () => {
    const error = await expectError(await create({ name: "x".repeat(201), kind: "ping", url: "h" }), 400);
    expect(error.details![0]!.field).toBe("name");
  });

  test("into another organization's project is 404", async () => {
    const theirProject = (await json(await server.call("GET", "/api/v1/projects", { auth: other.key })))[0].id;
    await expectError(await create({ name: "x", kind: "ping", url: "h", project_id: theirProject }), 404, "not_found");
  });
});

describe("GET /monitors", () => {
  test("newest first with X-Total-Count, limit and offset", async () => {
    const all = await server.call("GET", "/api/v1/monitors?limit=1000", { auth: key });
    expect(all.status).toBe(200);
    const total = Number(all.headers.get("x-total-count"));
    const list = await json<any[]>(all);
    expect(list.length).toBe(total);
    expect(total).toBeGreaterThan(5);
    const created = list.map((m) => m.created_at);
    expect([...created].sort().reverse()).toEqual(created);

    const page = await server.call("GET", "/api/v1/monitors?limit=2&offset=1", { auth: key });
    expect(page.headers.get("x-total-count")).toBe(String(total));
    expect((await json<any[]>(page)).map((m) => m.id)).toEqual(list.slice(1, 3).map((m) => m.id));
  });

  test("filters by kind, status and project", async () => {
    const heartbeats = await json<any[]>(await server.call("GET", "/api/v1/monitors?kind=heartbeat", { auth: key }));
    expect(heartbeats.length).toBeGreaterThan(0);
    expect(heartbeats.every((m) => m.kind === "heartbeat")).toBe(true);
    const up = await json<any[]>(await server.call("GET", "/api/v1/monitors?status=up", { auth: key }));
    expect(up).toEqual([]);
    const project = await json(await server.call("POST", "/api/v1/projects", { auth: key, body: { name: "Filter" } }));
    await create({ name: "in project", kind: "ping", url: "h", project_id: project.id });
    const inProject = await json<any[]>(await server.call("GET", `/api/v1/monitors?project_id=${project.id}`, { auth: key }));
    expect(inProject.map((m) => m.name)).toEqual(["in project"]);
  });

  test("q finds monitors whose name or target contains the text, in any case; % and _ are plain characters", async () => {
    await create({ name: "Garage Door", kind: "ping", url: "door.lan" });
    await create({ name: "printer", kind: "ping", url: "GARAGE-printer.lan" });
    await create({ name: "100%_sure", kind: "ping", url: "h" });
    const found = async (q: string) =>
      (await json<any[]>(await server.call("GET", `/api/v1/monitors?q=${encodeURIComponent(q)}`, { auth: key }))).map((m) => m.name).sort();
    expect(await found("garage")).toEqual(["Garage Door", "printer"]);
    expect(await found("  DOOR ")).toEqual(["Garage Door"]);
    expect(await found("%_")).toEqual(["100%_sure"]);
    const page = await server.call("GET", "/api/v1/monitors?q=garage&limit=1", { auth: key });
    expect(page.headers.get("x-total-count")).toBe("2");
    const theirs = await json<any[]>(await server.call("GET", "/api/v1/monitors?q=garage", { auth: other.key }));
    expect(theirs).toEqual([]);
  });

  test("bad query parameters are 400", async () => {
    for (const q of ["limit=0", "limit=abc", "offset=-1", "kind=ftp", "status=sideways", `q=${"x".repeat(201)}`]) {
      await expectError(await server.call("GET", `/api/v1/monitors?${q}`, { auth: key }), 400, "validation_error");
    }
  });

  test("a user sees only their organizations' monitors", async () => {
    await create({ name: "theirs", kind: "ping", url: "h" }, other.key);
    const mine = await json<any[]>(await server.call("GET", "/api/v1/monitors?limit=1000", { auth: key }));
    expect(mine.some((m) => m.name === "theirs")).toBe(false);
    const theirs = await json<any[]>(await server.call("GET", "/api/v1/monitors", { auth: other.key }));
    expect(theirs.map((m) => m.name)).toEqual(["theirs"]);
  });
});

describe("one monitor", () => {
  test("GET, PATCH, pause, resume, DELETE", async () => {
    const m = await json(await create({ name: "lifecycle", kind: "http", url: "http://127.0.0.1:9/" }));
    const path = `/api/v1/monitors/${m.id}`;
    // status and check times may already have moved: the scheduler checks new monitors at once
    const { status, status_reason, last_checked_at, updated_at, ...stable } = m;
    expect(await json(await server.call("GET", path, { auth: key }))).toMatchObject(stable);

    const patched = await json(await server.call("PATCH", path, { auth: key, body: { name: "renamed", interval_seconds: 120 } }));
    expect(patched).toMatchObject({ id: m.id, name: "renamed", interval_seconds: 120, url: m.url, method: "GET" });
    expect(Date.parse(patched.updated_at)).toBeGreaterThanOrEqual(Date.parse(m.updated_at));

    expect((await json(await server.call("POST", `${path}/pause`, { auth: key }))).is_paused).toBe(true);
    expect((await json(await server.call("GET", path, { auth: key }))).is_paused).toBe(true);
    expect((await json(await server.call("POST", `${path}/resume`, { auth: key }))).is_paused).toBe(false);

    const deleted = await server.call("DELETE", path, { auth: key });
    expect(deleted.status).toBe(204);
    expect(await deleted.text()).toBe("");
    await expectError(await server.call("GET", path, { auth: key }), 404, "not_found");
    await expectError(await server.call("DELETE", path, { auth: key }), 404, "not_found");
  });

  test("PATCH validates the merged result and can change kind", async () => {
    const m = await json(await create({ name: "morph", kind: "http", url: "http://127.0.0.1:9/", interval_seconds: 30 }));
    const path = `/api/v1/monitors/${m.id}`;
    const error = await expectError(await server.call("PATCH", path, { auth: key, body: { timeout_seconds: 31 } }), 400);
    expect(error.details!.map((d) => d.field)).toContain("timeout_seconds");
    const both = await expectError(await server.call("PATCH", path, { auth: key, body: { interval_seconds: "often", name: "" } }), 400);
    expect(both.details!.map((d) => d.field).sort()).toEqual(["interval_seconds", "name"]);
    await expectError(await server.call("PATCH", path, { auth: key, body: [1] }), 400);
    await expectError(await server.call("PATCH", path, { auth: key, body: { kind: "tcp" } }), 400); // url is not host:port
    const tcp = await json(await server.call("PATCH", path, { auth: key, body: { kind: "tcp", url: "127.0.0.1:22" } }));
    expect(tcp).toMatchObject({ kind: "tcp", url: "127.0.0.1:22", status: "pending" });
    expect(tcp.method).toBeUndefined();
    const heartbeat = await json(await server.call("PATCH", path, { auth: key, body: { kind: "heartbeat" } }));
    expect(heartbeat.ping_token).toMatch(/^[0-9A-Za-z]{22,}$/);
    expect(heartbeat.url).toContain(`/ping/${heartbeat.ping_token}`);
  });

  test("rotate-token gives a heartbeat a new ping URL", async () => {
    const m = await json(await create({ name: "rotate", kind: "heartbeat" }));
    const rotated = await json(await server.call("POST", `/api/v1/monitors/${m.id}/rotate-token`, { auth: key }));
    expect(rotated.ping_token).not.toBe(m.ping_token);
    expect(rotated.url).toContain(rotated.ping_token);
  });

  test("another organization's monitor is 404 for every verb", async () => {
    const theirs = await json(await create({ name: "private", kind: "ping", url: "h" }, other.key));
    const path = `/api/v1/monitors/${theirs.id}`;
    for (const [method, suffix] of [["GET", ""], ["PATCH", ""], ["DELETE", ""], ["POST", "/pause"], ["POST", "/resume"], ["GET", "/checks"], ["GET", "/pulses"], ["GET", "/uptime"]] as const) {
      const response = await server.call(method, path + suffix, { auth: key, body: method === "PATCH" ? { name: "x" } : undefined });
      await expectError(response, 404, "not_found");
    }
    expect((await json(await server.call("GET", path, { auth: other.key }))).name).toBe("private");
  });

  test("an unknown id is 404", async () => {
    await expectError(await server.call("GET", "/api/v1/monitors/01930000-0000-7000-8000-000000000000", { auth: key }), 404, "not_found");
    await expectError(await server.call("GET", "/api/v1/monitors/not-a-uuid", { auth: key }), 404, "not_found");
  });
});

describe("history", () => {
  test("checks: newest first, at most 100, paged with before", async () => {
    // paused: the scheduler must not add checks of its own while the test reads seeded history
    const m = await json(await create({ name: "history", kind: "http", url: "http://127.0.0.1:9/", is_paused: true }));
    const { store } = openStoreOf(server);
    const seq = store.monitors.byId(m.id)!.seq;
    const start = Date.parse("2026-01-01T00:00:00.000Z");
    store.checks.insertMany(Array.from({ length: 150 }, (_, i) => ({
      monitorSeq: seq, checkedAt: start + i * 60_000, isUp: i % 10 !== 0, statusCode: i % 10 ? 200 : 503,
      responseTimeMs: 10 + i, errorMessage: i % 10 ? null : "expected 200-399, got 503",
    })));
    const path = `/api/v1/monitors/${m.id}/checks`;
    const first = await json<any[]>(await server.call("GET", path, { auth: key }));
    expect(first.length).toBe(100);
    expect(first[0]).toEqual({
      id: expect.stringMatching(UUID), status_code: 200, response_time_ms: 159, is_up: true, error_message: null,
      checked_at: new Date(start + 149 * 60_000).toISOString(), region: null,
    });
    const down = first.find((c) => !c.is_up);
    expect(down).toMatchObject({ status_code: 503, error_message: "expected 200-399, got 503" });
    expect(new Set(first.map((c) => c.id)).size).toBe(100);

    const byTime = await json<any[]>(await server.call("GET", `${path}?limit=5&before=${first[99].checked_at}`, { auth: key }));
    expect(byTime.map((c) => c.response_time_ms)).toEqual([59, 58, 57, 56, 55]);
    const byId = await json<any[]>(await server.call("GET", `${path}?limit=5&before=${first[99].id}`, { auth: key }));
    expect(byId).toEqual(byTime);
    await expectError(await server.call("GET", `${path}?limit=101`, { auth: key }), 400);
    await expectError(await server.call("GET", `${path}?before=yesterday`, { auth: key }), 400);
  });

  test("pulses of a heartbeat: empty at first, fields as in DESIGN.md", async () => {
    const m = await json(await create({ name: "pulses", kind: "heartbeat" }));
    expect(await json(await server.call("GET", `/api/v1/monitors/${m.id}/pulses`, { auth: key }))).toEqual([]);
    const { store } = openStoreOf(server);
    store.pulses.insert({
      monitorSeq: store.monitors.byId(m.id)!.seq, id: Bun.randomUUIDv7(), type: "success", exitCode: 0, durationMs: 1200, body: "done",
      sourceIp: "127.0.0.1", userAgent: "curl/8", rid: null, receivedAt: Date.parse("2026-02-01T00:00:00Z"),
    });
    const [pulse] = await json<any[]>(await server.call("GET", `/api/v1/monitors/${m.id}/pulses`, { auth: key }));
    expect(Object.keys(pulse).sort()).toEqual(
      ["body", "duration_ms", "exit_code", "id", "received_at", "rid", "source_ip", "type", "user_agent"],
    );
    expect(pulse).toMatchObject({ type: "success", exit_code: 0, duration_ms: 1200, received_at: "2026-02-01T00:00:00.000Z" });
  });

  test("pulses page by id exactly, even when several share a millisecond", async () => {
    const m = await json(await create({ name: "busy job", kind: "heartbeat" }));
    const { store } = openStoreOf(server);
    const at = Date.parse("2026-03-01T00:00:00Z");
    const monitorSeq = store.monitors.byId(m.id)!.seq;
    for (let i = 0; i < 5; i++) {
      store.pulses.insert({ monitorSeq, id: Bun.randomUUIDv7(), type: "log", exitCode: null, durationMs: null, body: `#${i}`, sourceIp: null, userAgent: null, rid: null, receivedAt: at });
    }
    const path = `/api/v1/monitors/${m.id}/pulses`;
    const first = await json<any[]>(await server.call("GET", `${path}?limit=2`, { auth: key }));
    const second = await json<any[]>(await server.call("GET", `${path}?limit=2&before=${first[1].id}`, { auth: key }));
    const third = await json<any[]>(await server.call("GET", `${path}?limit=2&before=${second[1].id}`, { auth: key }));
    expect([...first, ...second, ...third].map((p) => p.body)).toEqual(["#4", "#3", "#2", "#1", "#0"]);
  });

  test("a heartbeat's uptime is time spent up, with run results and job durations", async () => {
    const m = await json(await create({ name: "measured job", kind: "heartbeat" }));
    const { store } = openStoreOf(server);
    const now = Date.now();
    store.events.transition(m.id, "pending", "up", null, now - 10 * 3_600_000);
    store.events.transition(m.id, "up", "down", "timeout", now - 2 * 3_600_000);
    store.events.transition(m.id, "down", "up", null, now - 3_600_000);
    const monitorSeq = store.monitors.byId(m.id)!.seq;
    const pulse = (type: "success" | "fail", durationMs: number | null, agoMs: number) =>
      store.pulses.insert({ monitorSeq, id: Bun.randomUUIDv7(), type, exitCode: null, durationMs, body: null, sourceIp: null, userAgent: null, rid: null, receivedAt: now - agoMs });
    pulse("success", 1000, 9 * 3_600_000);
    pulse("fail", 3000, 5 * 3_600_000);
    pulse("success", null, 3_600_000);
    const uptime = await json(await server.call("GET", `/api/v1/monitors/${m.id}/uptime`, { auth: key }));
    expect(uptime.uptime_percent).toBeCloseTo(90, 1); // 9 h up of 10 h measured
    expect(uptime).toMatchObject({ total_checks: 3, up_checks: 2, avg_response_time_ms: 2000, p95_response_time_ms: 3000 });
  });

  test("uptime: windows and a 400 for an unknown one", async () => {
    const m = await json(await create({ name: "uptime", kind: "http", url: "http://127.0.0.1:9/" }));
    const path = `/api/v1/monitors/${m.id}/uptime`;
    const empty = await json(await server.call("GET", path, { auth: key }));
    expect(empty).toMatchObject({ window: "24h", uptime_percent: null, total_checks: 0 });
    for (const window of ["24h", "7d", "30d", "90d"]) {
      expect((await json(await server.call("GET", `${path}?window=${window}`, { auth: key }))).window).toBe(window);
    }
    await expectError(await server.call("GET", `${path}?window=1y`, { auth: key }), 400, "validation_error");
  });
});

test("/v1 is an alias of /api/v1", async () => {
  const m = await json(await server.call("POST", "/v1/monitors", { auth: key, body: { name: "alias", kind: "ping", url: "h" } }));
  const viaCanonical = await json(await server.call("GET", `/api/v1/monitors/${m.id}`, { auth: key }));
  const viaAlias = await json(await server.call("GET", `/v1/monitors/${m.id}`, { auth: key }));
  expect(viaAlias.id).toBe(m.id);
  expect(Object.keys(viaAlias)).toEqual(Object.keys(viaCanonical));
  const response = await server.call("GET", "/v1/monitors", { auth: key });
  expect(response.headers.get("x-ratelimit-limit")).toBe("500");
});
