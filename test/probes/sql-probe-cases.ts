// What the SQL probe does alike on every adapter (MariaDB/MySQL, PostgreSQL), as tests each adapter's file registers
// against its own real server; what differs (the servers' own error texts, TLS and restarts) stays in those files.
import { expect, test } from "bun:test";
import { compileAssertion } from "../../src/probes/assertions.ts";
import { sqlCheck, type SqlProbeOptions, type SqlResult } from "../../src/probes/sql-probe.ts";
import type { TestCert } from "../support/certs.ts";
import type { SilentListener } from "../support/silent-listener.ts";
import { closedPort } from "../support/targets.ts";

interface SqlServer {
  port: number;
  user: string;
  password: string;
  database: string;
}

/** Options for a check of `server()` (asked each time: it starts in beforeAll), with `more` changed. */
export const sqlOptions = (adapter: SqlProbeOptions["adapter"], server: () => SqlServer) =>
  (more: Partial<SqlProbeOptions> = {}): SqlProbeOptions => {
    const { port, user, password, database } = server();
    return { adapter, host: "127.0.0.1", port, username: user, password, database, query: "SELECT 1", tlsMode: "prefer", timeoutMs: 3000, ...more };
  };

/** Registers the shared cases; `probe` runs one new check with the options changed, `silent()` never answers. */
export function sharedSqlProbeTests(probe: (more?: Partial<SqlProbeOptions>) => Promise<SqlResult>, cert: TestCert, silent: () => SilentListener) {
  test("a first value other than the assertion wants is down, naming what it was", async () => {
    const rules = [compileAssertion({ source: "value", operator: "==", value: "ok" }), compileAssertion({ source: "response_time_ms", operator: "<", value: 5000 })];
    expect(await probe({ query: "SELECT 'degraded'", rules })).toMatchObject({ isUp: false, errorMessage: 'value was "degraded", expected "ok"' });
    expect(await probe({ query: "SELECT 'ok'", rules })).toMatchObject({ isUp: true });
    expect(await probe({ query: "SELECT 1 WHERE 1 = 0", rules })).toMatchObject({ isUp: false, errorMessage: 'value is missing, expected "ok"' });
  });

  test("tls_mode verify checks the certificate: self-signed is down, trusted is up", async () => {
    expect(await probe({ tlsMode: "verify" })).toMatchObject({ isUp: false, errorMessage: "TLS: self-signed certificate" });
    expect(await probe({ tlsMode: "verify", host: "localhost", ca: [cert.cert] })).toMatchObject({ isUp: true });
  });

  test("nothing listening is connection refused", async () => {
    const result = await probe({ port: await closedPort() });
    expect(result).toMatchObject({ isUp: false, errorMessage: "connection refused" });
  });

  test("a server that accepts and never answers times out, and the socket is closed", async () => {
    const result = await probe({ port: silent().port, timeoutMs: 1000 });
    expect(result).toMatchObject({ isUp: false, errorMessage: "timeout after 1 s logging in" });
    await silent().allClosed();
  });
}
