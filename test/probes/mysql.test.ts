import { afterAll, beforeAll, expect, test } from "bun:test";
import { sqlCheck, type SqlProbeOptions } from "../../src/probes/sql-probe.ts";
import { selfSignedCert } from "../support/certs.ts";
import { startMariadb, type TestMariadb } from "../support/mariadb.ts";
import { silentListener, type SilentListener } from "../support/silent-listener.ts";
import { sharedSqlProbeTests, sqlOptions } from "./sql-probe-cases.ts";

const cert = selfSignedCert(30);
let db: TestMariadb;
let silent: SilentListener;
beforeAll(async () => {
  [db, silent] = await Promise.all([startMariadb(cert), silentListener()]);
});
afterAll(async () => {
  await db?.remove();
  silent?.stop();
});

const options = sqlOptions("mysql", () => db);
const probe = (more: Partial<SqlProbeOptions> = {}) => sqlCheck(options(more))();

test("a MariaDB that logs in and answers the query is up, with its version and the first value", async () => {
  const result = await probe({ query: "SELECT 42, 'second'" });
  expect(result).toMatchObject({ isUp: true, errorMessage: null, value: 42 });
  expect(result.details).toEqual({ server_version: expect.stringContaining("MariaDB"), value: 42 });
});

test("the connection is kept between checks and uses TLS when preferred", async () => {
  const check = sqlCheck(options({ query: "SELECT CONCAT(CONNECTION_ID(), ' ', (SELECT VARIABLE_VALUE FROM information_schema.SESSION_STATUS WHERE VARIABLE_NAME = 'Ssl_version'))" }));
  const first = await check();
  expect(first.value).toMatch(/^\d+ TLSv1\.[23]$/);
  expect((await check()).value).toBe(first.value);
});

sharedSqlProbeTests(probe, cert, () => silent);

test("a wrong password is down, and the error names the login, not the password", async () => {
  const result = await probe({ password: "wrong-password" });
  expect(result.isUp).toBe(false);
  expect(result.errorMessage).toStartWith("login failed: Access denied for user 'upbeat'@");
  expect(result.errorMessage).not.toContain("wrong-password");
});

test("a failing query is down with the server's reason", async () => {
  const result = await probe({ query: "SELECT * FROM missing_table" });
  expect(result).toMatchObject({ isUp: false, errorMessage: "query failed: Table 'app.missing_table' doesn't exist" });
});

test("a query that runs past the timeout is down, saying it waited for the query", async () => {
  expect(await probe({ query: "SELECT SLEEP(5)", timeoutMs: 1000 })).toMatchObject({ isUp: false, errorMessage: "timeout after 1 s waiting for the query" });
});

test("a stopped server is down, TLS required of it without TLS is down, and it is up again on the same kept check", async () => {
  const check = sqlCheck(options());
  expect((await check()).isUp).toBe(true);
  await db.stop();
  const stopped = await check();
  expect(stopped.isUp).toBe(false);
  expect(stopped.errorMessage).toMatch(/^(connection closed by the server|connection refused)$/);
  await db.start(false);
  try {
    expect(await probe({ tlsMode: "require" })).toMatchObject({
      isUp: false, errorMessage: "TLS required, but the server does not offer it (or refused the login)",
    });
    expect((await check()).isUp).toBe(true);
  } finally {
    await db.stop();
    await db.start(true);
  }
});
