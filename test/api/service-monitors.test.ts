// Service kinds through the API: a redis monitor with a password, checked by the server's own scheduler against a
// real Redis. The password never comes back in full, and an edit that sends the masked form back keeps it.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { selfSignedCert } from "../support/certs.ts";
import { expectError, json } from "../support/http.ts";
import { startRedis, type TestRedis } from "../support/redis.ts";
import { nextCheck as nextCheckOf } from "../support/next-check.ts";
import { useServer } from "../support/server.ts";

const server = useServer();
let key: string;
let redis: TestRedis;
beforeAll(async () => {
  [key, redis] = await Promise.all([server.adminKey(), startRedis(selfSignedCert(30))]);
});
afterAll(() => redis?.remove());

const call = (method: string, path: string, body?: unknown) => server.call(method, `/api/v1${path}`, { auth: key, body });
const nextCheck = (id: string, after = "") => nextCheckOf(call, id, after);

test("a redis monitor's password is masked in every answer, kept on edits that send it back, and used by its checks", async () => {
  const created = await json(await call("POST", "/monitors", {
    name: "cache", kind: "redis", url: `127.0.0.1:${redis.port}`, password: redis.password,
    assertions: [{ source: "reply", operator: "==", value: "PONG" }],
  }));
  expect(created).toMatchObject({ kind: "redis", command: "PING", tls_mode: "disable", username: null, password: `…${redis.password.slice(-4)}` });
  expect(JSON.stringify(await json(await call("GET", `/monitors/${created.id}`)))).not.toContain(redis.password);
  const first = await nextCheck(created.id);
  expect(first).toMatchObject({ is_up: true, error_message: null });
  expect((await json(await call("GET", `/monitors/${created.id}`))).details).toEqual({ server_version: expect.stringMatching(/^7\./), value: "PONG" });

  // the edit form sends its fields back, the masked password too; the next check still logs in
  const { name, url, username, password, tls_mode, assertions } = created;
  const edited = await json(await call("PATCH", `/monitors/${created.id}`, { name, url, username, password, tls_mode, assertions, command: "ECHO PONG" }));
  expect(edited).toMatchObject({ command: "ECHO PONG", password: created.password });
  const second = await nextCheck(created.id, first.checked_at);
  expect(second).toMatchObject({ is_up: true, error_message: null });

  const wrong = await json(await call("PATCH", `/monitors/${created.id}`, { password: "not-the-password" }));
  expect(wrong.password).toBe("…word");
  expect(await nextCheck(created.id, second.checked_at)).toMatchObject({
    is_up: false, error_message: "login failed: WRONGPASS invalid username-password pair or user is disabled.",
  });
});

test("service kinds validate their own fields", async () => {
  const refused = await expectError(await call("POST", "/monitors", {
    name: "db", kind: "postgres", url: "db.lan:99999", tls_mode: "sometimes", query: "", assertions: [{ source: "reply", operator: "==", value: 1 }],
  }), 400);
  expect(refused.details).toEqual([
    { field: "url", message: "must be a host or host:port, e.g. db.lan:5432" },
    { field: "query", message: "must not be empty" },
    { field: "tls_mode", message: "must be one of disable, prefer, require, verify" },
    { field: "assertions[0].source", message: "must be one of value, response_time_ms" },
  ]);
  const smtpField = await expectError(await call("POST", "/monitors", { name: "c", kind: "redis", url: "cache.lan", database: "app" }), 400);
  expect(smtpField.details).toEqual([{ field: "database", message: "not a field of redis monitors (only of postgres, mysql)" }]);
});

test("a postgres monitor takes a bare host and fills in its defaults", async () => {
  const created = await json(await call("POST", "/monitors", { name: "db", kind: "postgres", url: "db.lan" }));
  expect(created).toMatchObject({ url: "db.lan", username: null, password: null, database: null, query: "SELECT 1", tls_mode: "prefer", assertions: [] });
});
