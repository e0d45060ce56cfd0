// A shared instance (UPBEAT_ALLOW_PRIVATE_TARGETS=false) through its API: literal private addresses are
// refused when a monitor is saved, names at each check.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { guardTargets } from "../../src/probes/target-guard.ts";
import { startServer, type TestServer } from "../support/server.ts";
import { startHttpTarget } from "../support/targets.ts";
import { expectError, json } from "../support/users.ts";

const target = startHttpTarget();
let server: TestServer;
let key: string;
beforeAll(async () => {
  server = await startServer({ UPBEAT_ALLOW_PRIVATE_TARGETS: "false" });
  key = await server.adminKey();
});
afterAll(async () => {
  await server.close();
  target.stop();
  // the guard is process-wide: test files after this one expect the default
  guardTargets(null);
});

// paused: nothing here may be checked, since only 127.0.0.1 may be reached from tests
const create = (body: Record<string, unknown>) =>
  server.call("POST", "/api/v1/monitors", { auth: key, body: { name: "t", is_paused: true, ...body } });

test("literal private addresses, in any spelling, are refused when a monitor is created", async () => {
  const refused = [
    [{ kind: "http", url: "http://127.0.0.1:8080/" }, "url", "127.0.0.1 is a loopback address"],
    [{ kind: "http", url: "http://0x7f.1/" }, "url", "127.0.0.1 is a loopback address"],
    [{ kind: "http", url: "https://[::1]/" }, "url", "::1 is a loopback address"],
    [{ kind: "http", url: "http://169.254.169.254/latest/meta-data/" }, "url", "169.254.169.254 is a link-local address"],
    [{ kind: "tcp", url: "2130706433:22" }, "url", "2130706433 resolves to 127.0.0.1, a loopback address"],
    [{ kind: "tcp", url: "[::ffff:127.0.0.1]:22" }, "url", "::ffff:127.0.0.1 is a loopback address"],
    [{ kind: "ping", url: "10.0.0.1" }, "url", "10.0.0.1 is a private address"],
    [{ kind: "ping", url: "0177.0.0.1" }, "url", "0177.0.0.1 resolves to 127.0.0.1, a loopback address"],
    [{ kind: "ssl", url: "https://192.168.1.1" }, "url", "192.168.1.1 is a private address"],
    [{ kind: "ssl", url: "172.16.0.1:8443" }, "url", "172.16.0.1 is a private address"],
    [{ kind: "dns", url: "example.com", dns_resolver: "127.0.0.1" }, "dns_resolver", "127.0.0.1 is a loopback address"],
  ] as const;
  for (const [fields, field, why] of refused) {
    const error = await expectError(await create(fields), 400, "validation_error");
    expect(error.details).toContainEqual({ field, message: `blocked: ${why} (UPBEAT_ALLOW_PRIVATE_TARGETS=false)` });
  }
});

test("public addresses and names are accepted; changing a target to a private address is refused", async () => {
  for (const fields of [
    { kind: "http", url: "https://93.184.216.34/" }, { kind: "tcp", url: "db.example.com:5432" }, { kind: "dns", url: "example.com", dns_resolver: "8.8.8.8" },
  ]) expect((await create(fields)).status).toBe(201);
  const monitor = await json(await create({ kind: "http", url: "https://example.com/" }));
  const changed = await server.call("PATCH", `/api/v1/monitors/${monitor.id}`, { auth: key, body: { url: "http://192.168.0.1/" } });
  const error = await expectError(changed, 400, "validation_error");
  expect(error.details!.map((d) => d.field)).toEqual(["url"]);
});

test("a name is accepted when saved and refused at its check once it resolves to a private address", async () => {
  const response = await create({ kind: "http", url: `http://localhost:${target.port}/ok`, is_paused: false });
  expect(response.status).toBe(201);
  const { id } = await json(response);
  let monitor: Record<string, unknown> = {};
  for (let i = 0; i < 100 && monitor.status !== "down"; i++) {
    await Bun.sleep(50);
    monitor = await json(await server.call("GET", `/api/v1/monitors/${id}`, { auth: key }));
  }
  expect(monitor.status_reason).toMatch(/^blocked: localhost resolves to (127\.0\.0\.1|::1), a loopback address \(UPBEAT_ALLOW_PRIVATE_TARGETS=false\)$/);
  expect(target.hits.get("/ok")).toBeUndefined();
});
