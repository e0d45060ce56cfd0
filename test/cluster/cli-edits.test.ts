// `upbeat apply` and `upbeat import` run against the PostgreSQL database a server uses: a client of that server's
// event stream hears of their edits as of an edit made through another instance, without a reload.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cleanEnv, FROM_SOURCE } from "../e2e/binary.ts";
import { healthchecksExport, writeFile } from "../import/sources.ts";
import { openEventStream, type EventStream, type StreamEvent } from "../support/event-stream.ts";
import { postgresForStores, type PostgresForStores } from "../support/postgres-store.ts";
import { ADMIN, startServer, type TestServer } from "../support/server.ts";

/** From the command's exit to the client: the server hears the notification at once. */
const WITHIN_MS = 3_000;

let postgres: PostgresForStores;
let database: { url: string; drop(): void };
let server: TestServer;
let stream: EventStream;
const folder = mkdtempSync(join(tmpdir(), "upbeat-cli-edits-"));

beforeAll(async () => {
  postgres = await postgresForStores();
  database = postgres.freshDatabase();
  server = await startServer({ UPBEAT_DATABASE_URL: database.url });
  stream = await openEventStream(`${server.base}/api/v1/events`, { Authorization: `Bearer ${await server.adminKey()}` });
});

afterAll(async () => {
  stream?.close();
  await server?.close();
  database?.drop();
  postgres?.stop();
  rmSync(folder, { recursive: true, force: true });
});

/** The CLI from the sources on the server's database, run beside it (the server keeps serving meanwhile). */
async function upbeat(...args: string[]): Promise<string> {
  const env = cleanEnv({ UPBEAT_DATA_DIR: folder, UPBEAT_DATABASE_URL: database.url });
  const child = Bun.spawn([...FROM_SOURCE, ...args], { env, stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  const [stdout, stderr, exitCode] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
  expect({ exitCode, stderr }).toEqual({ exitCode: 0, stderr: "" });
  return stdout;
}

const monitorNamed = (name: string) => (e: StreamEvent) => e.event === "monitor" && e.data.name === name;

const configWith = (monitorName: string) => writeFile(folder, `${monitorName}.yaml`, `
projects:
  - name: Default
    is_default: true
    monitors:
      - name: ${monitorName}
        kind: heartbeat
`);

test("upbeat apply: a created monitor reaches the stream once committed; a dry run tells nothing", async () => {
  await upbeat("apply", "-f", configWith("nightly job"), "--email", ADMIN.email, "--dry-run");
  await upbeat("apply", "-f", configWith("weekly job"), "--email", ADMIN.email);
  const created = await stream.next(monitorNamed("weekly job"), WITHIN_MS);
  expect(created.data).toMatchObject({ is_paused: false, status: "pending" });
  expect(stream.events.some(monitorNamed("nightly job"))).toBe(false);
});

test("upbeat apply: an edit reaches the stream", async () => {
  const path = writeFile(folder, "paused.yaml", `
projects:
  - name: Default
    is_default: true
    monitors:
      - name: weekly job
        kind: heartbeat
        is_paused: true
`);
  await upbeat("apply", "-f", path, "--email", ADMIN.email);
  await stream.next((e) => monitorNamed("weekly job")(e) && e.data.is_paused === true, WITHIN_MS);
});

test("upbeat import: each imported monitor reaches the stream", async () => {
  const file = writeFile(folder, "checks.json", JSON.stringify(healthchecksExport));
  expect(await upbeat("import", "healthchecks", file)).toContain("1 imported, 2 imported approximately");
  for (const name of ["Filesystem Backup", "Database Backup", "Old report"]) await stream.next(monitorNamed(name), WITHIN_MS);
});
