// `upbeat serve` (from its sources) on a PostgreSQL that goes away under it, then SIGTERM: the stop is bounded
// (Docker sends SIGKILL 10 s after SIGTERM), says in one line what it could not write, and exits 1.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { selfSignedCert } from "../support/certs.ts";
import { startPostgres, type TestPostgres } from "../support/postgres.ts";
import { ADMIN } from "../support/server.ts";
import { FROM_SOURCE, freePort, startBinary } from "./binary.ts";

/** Docker's 10 s, with room for a busy box */
const STOPS_WITHIN_MS = 15_000;
/** the first query left unanswered holds the event loop for its 30 s timeout, before any signal can be heard */
const FIRST_TIMEOUT_MS = 60_000;

let postgres: TestPostgres;
const dataDir = mkdtempSync(join(tmpdir(), "upbeat-data-"));

beforeAll(async () => {
  postgres = await startPostgres(selfSignedCert(30), { scratch: true });
});
afterAll(() => {
  postgres?.remove();
  rmSync(dataDir, { recursive: true, force: true });
});

const serve = () =>
  startBinary([...FROM_SOURCE, "serve"], {
    UPBEAT_PORT: String(freePort()), UPBEAT_HOST: "127.0.0.1", UPBEAT_DATA_DIR: dataDir,
    UPBEAT_ADMIN_EMAIL: ADMIN.email, UPBEAT_ADMIN_PASSWORD: ADMIN.password,
    UPBEAT_DATABASE_URL: `postgres://${postgres.user}:${encodeURIComponent(postgres.password)}@127.0.0.1:${postgres.port}/${postgres.database}?sslmode=disable`,
  });

async function timedStop(server: Awaited<ReturnType<typeof serve>>) {
  const sent = performance.now();
  const stopped = await server.stop();
  return { ...stopped, tookMs: performance.now() - sent };
}

test("with the database answering, SIGTERM writes everything and exits 0", async () => {
  const stopped = await timedStop(await serve());
  expect([stopped.exitCode, stopped.stderr]).toEqual([0, ""]);
  expect(stopped.stdout).toContain("upbeat: stopped");
});

test("with the database stopped, SIGTERM exits 1 at once, saying what it could not write", async () => {
  const server = await serve();
  postgres.stop();
  try {
    const stopped = await timedStop(server);
    expect(stopped.tookMs).toBeLessThan(STOPS_WITHIN_MS);
    expect(stopped.exitCode).toBe(1);
    expect(stopped.stderr).toMatch(/^upbeat: stopped without writing everything: .*handing the monitors back to the other instances failed/m);
  } finally {
    postgres.start();
  }
});

test("with the database not answering (the network cut), SIGTERM still exits within Docker's 10 s", async () => {
  const server = await serve();
  postgres.freeze(true);
  try {
    // from the first timeout on, queries behind it fail at once: the server is free to hear the signal
    for (const until = Date.now() + FIRST_TIMEOUT_MS; !server.errors().includes("PostgreSQL did not answer"); await Bun.sleep(100)) {
      if (Date.now() > until) throw new Error(`no query timed out within ${FIRST_TIMEOUT_MS} ms:\n${server.errors()}`);
    }
    const stopped = await timedStop(server);
    expect(stopped.tookMs).toBeLessThan(STOPS_WITHIN_MS);
    expect(stopped.exitCode).toBe(1);
    expect(stopped.stderr).toMatch(/^upbeat: stopped without writing everything: .*handing the monitors back to the other instances failed/m);
    // the timers that failed meanwhile (heartbeat sweeps, the maintenance watch) said so in a line each, no stack
    expect(stopped.stderr).not.toMatch(/^\s+at /m);
  } finally {
    postgres.freeze(false);
  }
}, FIRST_TIMEOUT_MS + 2 * STOPS_WITHIN_MS);
