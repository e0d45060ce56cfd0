// `upbeat migrate-store`: an instance filled through its API on SQLite, copied into an empty PostgreSQL and back
// into a new SQLite file; a server on each copy answers the API's reads as the original did, and the counts match.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connectPostgres } from "../../src/db/postgres/connection.ts";
import { openStore } from "../../src/store/open.ts";
import { FROM_SOURCE, runCommand } from "../e2e/binary.ts";
import { json } from "../support/http.ts";
import { postgresForStores, type PostgresForStores } from "../support/postgres-store.ts";
import { ADMIN, startServer, type TestServer } from "../support/server.ts";
import { createUser } from "../support/users.ts";

const HOUR_MS = 3_600_000;
let postgres: PostgresForStores;
let receiver: ReturnType<typeof Bun.serve>;
const dirs: string[] = [];
beforeAll(async () => {
  postgres = await postgresForStores();
  receiver = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response("ok") });
});
afterAll(() => {
  receiver?.stop(true);
  postgres?.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

// on SQLite whatever UPBEAT_TEST_STORE says: the command copies from (or into) a SQLite file
const onSqlite = (dataDir?: string) =>
  startServer({ UPBEAT_DATABASE_URL: undefined, ...(dataDir ? { UPBEAT_DATA_DIR: dataDir } : {}) } as unknown as Record<string, string>);

interface Filled {
  key: string;
  monitorIds: string[];
  channelId: string;
  organizationId: string;
}

/** Something in every table the API can fill, and history (checks, roll-ups) seeded through the store. */
async function fill(server: TestServer): Promise<Filled> {
  const key = await server.adminKey();
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await server.call(method, `/api/v1${path}`, { auth: key, body });
    if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return response.status === 204 ? null : json(response);
  };
  const [organization] = await call("GET", "/organizations");
  await call("PATCH", `/organizations/${organization.id}`, { alert_group_seconds: 0 });
  const project = await call("POST", "/projects", { name: "shop" });
  const channel = await call("POST", "/channels", { name: "hook", kind: "webhook", config: { url: `http://127.0.0.1:${receiver.port}/hook` } });
  await call("PATCH", `/projects/${project.id}`, { channel_ids: [channel.id] });
  const paused = { is_paused: true, project_id: project.id };
  const http = await call("POST", "/monitors", { ...paused, name: "site", kind: "http", url: "http://127.0.0.1:9/", channel_ids: [channel.id] });
  const tcp = await call("POST", "/monitors", { ...paused, name: "db", kind: "tcp", url: "127.0.0.1:5432", depends_on: [http.id] });
  const dns = await call("POST", "/monitors", { ...paused, name: "name", kind: "dns", url: "example.com", record_type: "A" });
  const heartbeat = await call("POST", "/monitors", {
    name: "backup job", kind: "heartbeat", interval_seconds: 3600, channel_ids: [channel.id], escalations: [{ after_minutes: 30, channel_ids: [channel.id] }],
  });
  for (const path of ["", "/start", "/fail", "/log", ""]) await fetch(`${server.base}/ping/${heartbeat.ping_token}${path}`, { method: "POST", body: `run ${path}` });
  const [incident] = await call("GET", `/monitors/${heartbeat.id}/incidents`);
  await call("POST", `/incidents/${incident.id}/ack`);
  await call("POST", `/channels/${channel.id}/test`);
  for (let tries = 0; ; tries++) {
    const deliveries: { state: string }[] = await call("GET", `/channels/${channel.id}/deliveries`);
    if (deliveries.length >= 3 && deliveries.every((delivery) => delivery.state === "sent")) break;
    if (tries === 100) throw new Error(`deliveries not sent: ${JSON.stringify(deliveries)}`);
    await Bun.sleep(100);
  }
  await call("POST", `/monitors/${heartbeat.id}/pause`); // nothing changes while the copies are compared
  await call("POST", "/status-pages", { slug: "acme", title: "Acme status", monitor_ids: [http.id, heartbeat.id] });
  await call("POST", "/maintenance", { title: "upgrade", monitor_ids: [tcp.id], project_ids: [project.id], starts_at: "2030-01-01T00:00:00Z", ends_at: "2030-01-01T02:00:00Z" });
  // an organization admin (not an instance admin) invites rather than adds
  const colleague = await createUser(server, key, { organization_id: organization.id, role: "admin" });
  const invited = await server.call("POST", `/api/v1/organizations/${organization.id}/members`, { auth: colleague.key, body: { email: "newcomer@example.com" } });
  expect(invited.status).toBe(202);
  await call("POST", "/api-keys", { name: "ci", scope: "read" });
  await call("PATCH", `/monitors/${http.id}`, { regions: ["eu-1", "us-1"] });

  const opened = openStore(server.config);
  const seq = opened.store.monitors.byId(http.id)!.seq;
  const now = Date.now();
  const eu = opened.store.regions.idOf("eu-1");
  opened.store.checks.insertMany(Array.from({ length: 40 }, (_, i) => ({
    monitorSeq: seq, checkedAt: now - (i + 1) * 60_000, isUp: i % 7 !== 0, statusCode: i % 7 ? 200 : 503, responseTimeMs: 20 + i, errorMessage: i % 7 ? null : "got 503",
    regionId: i % 2 ? eu : 0,
  })));
  opened.store.regions.record({ monitorSeq: seq, regionId: eu, checkedAt: now - 60_000, isUp: false, errorMessage: "got 503" }, { retries: 0, recoveryChecks: 1 });
  const hour = Math.floor(now / HOUR_MS) * HOUR_MS;
  opened.store.rollups.save(Array.from({ length: 48 }, (_, h) => ({
    monitorSeq: seq, hourStart: hour - (h + 2) * HOUR_MS, checks: 60, upChecks: 60 - (h % 3), responseTimeSumMs: 1200, responseTimeMinMs: 10, responseTimeMaxMs: 40, responseTimeSketch: "5:30,6:30",
  })));
  opened.close();
  return { key, monitorIds: [http.id, tcp.id, dns.id, heartbeat.id], channelId: channel.id, organizationId: organization.id };
}

/** The API's main reads, as JSON, by path. */
async function reads(server: TestServer, { key, monitorIds, channelId, organizationId }: Filled): Promise<Record<string, unknown>> {
  const paths = [
    "/monitors", "/projects", "/channels", `/channels/${channelId}/deliveries`, "/incidents", "/maintenance", "/status-pages",
    "/organizations", `/organizations/${organizationId}/members`, `/organizations/${organizationId}/invitations`, "/users", "/users/me", "/api-keys",
    ...monitorIds.flatMap((id) => [`/monitors/${id}`, `/monitors/${id}/checks`, `/monitors/${id}/pulses`, `/monitors/${id}/incidents`, `/monitors/${id}/deliveries`]),
    // from the checks only: a heartbeat's uptime moves with the clock
    `/monitors/${monitorIds[0]}/uptime?window=7d`,
  ];
  const answers: Record<string, unknown> = {};
  for (const path of paths) {
    const response = await server.call("GET", `/api/v1${path}`, { auth: key });
    // links name the server they came from
    answers[path] = { status: response.status, body: JSON.parse((await response.text()).replaceAll(server.base, "BASE")) };
  }
  return answers;
}

function migrateStore(from: string, to: string) {
  return runCommand(FROM_SOURCE, ["migrate-store", "--from", from, "--to", to], {});
}

/** The command's table of counts: table → [source, copied]. */
function countsOf(stdout: string): Record<string, [number, number]> {
  const lines = stdout.trim().split("\n").slice(2);
  return Object.fromEntries(lines.map((line) => {
    const [table, source, copied] = line.trim().split(/\s+/);
    return [table!, [Number(source), Number(copied)]];
  }));
}

function sqliteCounts(path: string): Record<string, number> {
  const db = new Database(path, { readonly: true });
  const tables = db.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%'").all() as { name: string }[];
  const counts = Object.fromEntries(tables.map(({ name }) => [name, (db.query(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n]));
  db.close();
  return counts;
}

test("SQLite → empty PostgreSQL → new SQLite file: every table copied and counted, and the API reads the same on each", async () => {
  const original = await onSqlite();
  const filled = await fill(original);
  const before = await reads(original, filled);
  await original.stop();
  dirs.push(original.dataDir);
  const counts = sqliteCounts(original.config.dbPath);
  const emptyTables = Object.entries(counts).filter(([, n]) => n === 0).map(([name]) => name).sort();
  expect(emptyTables).toEqual(["import_sources", "ping_aliases", "ssl_warnings"]); // only an import or a certificate fills these

  const database = postgres.freshDatabase("template0"); // no schema yet: the command migrates it first
  const copied = migrateStore(`sqlite:${original.config.dbPath}`, database.url);
  expect(copied.stderr).toBe("");
  expect(copied.exitCode).toBe(0);
  expect(copied.stdout.split("\n")[0]).toMatch(/^copied \S+upbeat\.db to postgres:\/\/upbeat@127\.0\.0\.1:\d+\/upbeat_\d+$/);
  expect(countsOf(copied.stdout)).toEqual(Object.fromEntries(Object.entries(counts).map(([name, n]) => [name, [n, n]])));

  const again = migrateStore(`sqlite:${original.config.dbPath}`, database.url);
  expect([again.exitCode, again.stdout]).toEqual([2, ""]);
  expect(again.stderr).toMatch(/^upbeat: postgres:\/\/upbeat@127\.0\.0\.1:\d+\/upbeat_\d+ is not empty \(rows in api_keys, channels, check_rollups, …\); copy into an empty database\n$/);

  const onPostgres = await startServer({ UPBEAT_DATABASE_URL: database.url });
  try {
    expect(await reads(onPostgres, filled)).toEqual(before);
    // a running instance shares the database: copying out of it now would miss what it writes next
    const busy = migrateStore(database.url, `sqlite:${join(mkdtempSync(join(tmpdir(), "upbeat-copy-")), "upbeat.db")}`);
    expect([busy.exitCode, busy.stdout, busy.stderr]).toEqual([2, "", "upbeat: the database is in use by 1 running upbeat instance(s); stop them first\n"]);
    // the sequences go on after the copied numbers: a new monitor gets a fresh seq, not a taken one
    const created = await onPostgres.call("POST", "/api/v1/monitors", { auth: filled.key, body: { name: "new", kind: "http", url: "http://127.0.0.1:9/", is_paused: true } });
    expect(created.status).toBe(201);
    expect((await onPostgres.call("DELETE", `/api/v1/monitors/${(await json(created)).id}`, { auth: filled.key })).status).toBe(204);
  } finally {
    await onPostgres.close();
  }

  const backDir = mkdtempSync(join(tmpdir(), "upbeat-copy-"));
  dirs.push(backDir);
  const back = migrateStore(database.url, `sqlite:${join(backDir, "upbeat.db")}`);
  expect(back.stderr).toBe("");
  expect(back.exitCode).toBe(0);
  expect(countsOf(back.stdout)).toEqual(countsOf(copied.stdout));
  database.drop();
  const onCopy = await onSqlite(backDir);
  try {
    expect(await reads(onCopy, filled)).toEqual(before);
  } finally {
    await onCopy.close();
  }
}, 120_000);

test("a SQLite file a running upbeat holds is refused with one line (exit 2), and the target is left alone", async () => {
  const running = await onSqlite();
  const database = postgres.freshDatabase("template0");
  try {
    const refused = migrateStore(`sqlite:${running.config.dbPath}`, database.url);
    expect([refused.exitCode, refused.stdout, refused.stderr]).toEqual([2, "", `upbeat: ${running.config.dbPath} is in use by a running upbeat; stop it first\n`]);
  } finally {
    await running.close();
  }
  const stopped = migrateStore("sqlite:/nonexistent/upbeat.db", database.url);
  expect([stopped.exitCode, stopped.stderr]).toEqual([2, "upbeat: no database at /nonexistent/upbeat.db\n"]);
  const connection = connectPostgres(database.url);
  expect(connection.query("SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'")).toEqual([{ n: 0 }]);
  connection.close();
  database.drop();
});

test("an unreachable PostgreSQL, and --from/--to that are not one SQLite file and one PostgreSQL URL: one line, exit 2", () => {
  const cases: [string[], string][] = [
    [["--from", "sqlite:/tmp/x.db", "--to", "sqlite:/tmp/y.db"], "migrate-store copies between SQLite and PostgreSQL: one of --from and --to is sqlite:PATH, the other postgres://…"],
    [["--from", "mysql://db/upbeat", "--to", "postgres://h/db"], "--from must be sqlite:PATH or postgres://user:password@host:5432/database"],
    [["--from", "sqlite:/tmp/x.db"], "--to is required"],
    [["--from", "postgres://upbeat:secret-pw@127.0.0.1:1/upbeat", "--to", "sqlite:/tmp/never/upbeat.db"], "postgres://upbeat@127.0.0.1:1/upbeat: Failed to connect"],
  ];
  for (const [args, said] of cases) {
    const result = runCommand(FROM_SOURCE, ["migrate-store", ...args], {});
    expect([result.exitCode, result.stdout, result.stderr]).toEqual([2, "", `upbeat: ${said}\n`]);
  }
});
