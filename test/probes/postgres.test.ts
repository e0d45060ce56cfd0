import { afterAll, beforeAll, expect, test } from "bun:test";
import { sqlCheck, type SqlProbeOptions } from "../../src/probes/sql-probe.ts";
import { guardTargets, type TargetGuard } from "../../src/probes/target-guard.ts";
import { selfSignedCert } from "../support/certs.ts";
import { startPostgres, type TestPostgres } from "../support/postgres.ts";
import { silentListener, type SilentListener } from "../support/silent-listener.ts";
import { sharedSqlProbeTests, sqlOptions } from "./sql-probe-cases.ts";

const cert = selfSignedCert(30);
let pg: TestPostgres;
let silent: SilentListener;
beforeAll(async () => {
  [pg, silent] = await Promise.all([startPostgres(cert), silentListener()]);
});
afterAll(() => {
  pg?.remove();
  silent?.stop();
});

const options = sqlOptions("postgres", () => pg);
const probe = (more: Partial<SqlProbeOptions> = {}) => sqlCheck(options(more))();

test("a server that logs in and answers the query is up, with its version and the first value", async () => {
  const result = await probe({ query: "SELECT 'ok' AS status, 2" });
  expect(result).toMatchObject({ isUp: true, errorMessage: null, value: "ok" });
  expect(result.details).toEqual({ server_version: expect.stringMatching(/^15\./), value: "ok" });
});

test("the connection is kept between checks and used over TLS when preferred", async () => {
  const check = sqlCheck(options({ query: "SELECT pg_backend_pid()::text || ' ' || (SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid())" }));
  const first = await check();
  const second = await check();
  expect(first.value).toEndWith(" true");
  expect(second.value).toBe(first.value);
});

sharedSqlProbeTests(probe, cert, () => silent);

test("a wrong password is down, and the error names the login, not the password", async () => {
  const result = await probe({ password: "wrong-password" });
  expect(result).toMatchObject({ isUp: false, errorMessage: 'login failed: password authentication failed for user "upbeat"' });
});

test("a failing query is down with the server's reason", async () => {
  const result = await probe({ query: "SELECT * FROM missing_table" });
  expect(result).toMatchObject({ isUp: false, errorMessage: 'query failed: relation "missing_table" does not exist' });
});

test("a query that runs past the timeout is down, saying it waited for the query", async () => {
  const check = sqlCheck(options({ query: "SELECT pg_sleep(5)", timeoutMs: 1000 }));
  expect(await check()).toMatchObject({ isUp: false, errorMessage: "timeout after 1 s waiting for the query" });
});

test("TLS required but not offered by the server is down", async () => {
  pg.setTls(false);
  try {
    expect(await probe({ tlsMode: "require" })).toMatchObject({ isUp: false, errorMessage: "TLS required, but the server does not offer it" });
    expect(await probe({ tlsMode: "prefer" })).toMatchObject({ isUp: true });
  } finally {
    pg.setTls(true);
  }
});

test("a stopped server is down, and up again once restarted, on the same kept check", async () => {
  const check = sqlCheck(options());
  expect((await check()).isUp).toBe(true);
  pg.stop();
  try {
    const result = await check();
    expect(result.isUp).toBe(false);
    expect(result.errorMessage).toMatch(/^(connection closed by the server|connection refused)$/);
    expect(await check()).toMatchObject({ isUp: false, errorMessage: "connection refused" });
  } finally {
    pg.start();
  }
  expect((await check()).isUp).toBe(true);
});

/** Allows 127.0.0.1 only on `port`: a stand-in for a public address, which tests may not reach. */
const onlyPort = (port: number): TargetGuard => ({ refusal: (address, p) => (address === "127.0.0.1" && p === port ? null : "a loopback address") });

test("with private targets refused, the check connects to the checked address and verifies the certificate for the name", async () => {
  guardTargets(onlyPort(pg.port));
  try {
    expect(await probe({ port: silent.port })).toMatchObject({ isUp: false, errorMessage: "blocked: 127.0.0.1 is a loopback address (UPBEAT_ALLOW_PRIVATE_TARGETS=false)" });
    expect(silent.open()).toBe(0);
    expect(await probe({ host: "localhost", tlsMode: "verify", ca: [cert.cert] })).toMatchObject({ isUp: true });
  } finally {
    guardTargets(null);
  }
});
