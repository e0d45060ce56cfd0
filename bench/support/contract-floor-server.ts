// The contract floor: what /work/shared/DESIGN.md obliges any server to carry, with none of upbeat's logic, doing
// the work floor's work (check-work.ts). bench/memory.ts --contract-floor compiles it as upbeat is compiled.
// In, by part (CONTRACT_FLOOR_PARTS, comma-separated; all by default, fewer to see what each costs):
// - db: drizzle on bun:sqlite through upbeat's own openDatabase() and migrate() (the contract's pragmas, and
//   upbeat's smaller page cache, which only lowers the floor; its real schema; the embedded migrations applied at
//   start), an organization, its project and the N monitors as rows (the checks refer to them), the checks written
//   into upbeat's real `checks` table. Without it: the work floor's bare bun:sqlite and table.
// - api: the REST API on /api/v1 (contract-api.ts: every route with its valibot schemas), the contract's error body
//   for every error (upbeat's src/api/errors.ts: the 400 naming each field), the other endpoints (pings and their
//   aliases, /metrics, badges, status pages) answering constants.
// - v1: the same API mounted again on /v1.
// - docs: @elysiajs/openapi with mapJsonSchema valibot → /api/docs/json (through upbeat's jsonSchemaOf, 3.1's
//   dialect), built when first asked for, as the plugin does; the offline page /api/docs (public/docs.html).
// - ui: public/'s files embedded and served (upbeat's generated src/ui/assets.ts).
// FLOOR_CREATE=api: no monitors at start; each POST /api/v1/monitors stores its row and starts its checks, as any
// server of the contract must (the monitors' lasting state then comes among the burst's garbage, as in upbeat).
// Out: everything that decides or computes (auth and keys, rate limits, upbeat's scheduler and probes: the floor's
// are a timer and a fetch per monitor, status rules, alerts, history, the JSON answers), upbeat's extras beyond the
// contract (more kinds and routes, the native routes ahead of Elysia, the checkpoint thread, the memory trim).
import { Database } from "bun:sqlite";
import { openapi } from "@elysiajs/openapi";
import { Elysia } from "elysia";
import { migrate, openDatabase } from "../../src/db/open.ts";
import * as schema from "../../src/db/schema.ts";
import { toErrorResponse } from "../../src/api/errors.ts";
import { jsonSchemaOf } from "../../src/api/json-schema.ts";
import { assets } from "../../src/ui/assets.ts";
import { contractApi, type MonitorBody } from "./contract-api.ts";
import { floorEnv, startCheckWork } from "./check-work.ts";

const parts = new Set((floorEnv("CONTRACT_FLOOR_PARTS") || "db,api,v1,docs,ui").split(","));
const path = `${floorEnv("UPBEAT_DATA_DIR")}/upbeat.db`;

/** The database with the rows the checks refer to: one organization, its project and the N monitors, written with
 * one prepared statement (drizzle's builder making one 1,000-row insert would leave a start-up peak upbeat has not). */
function contractDatabase(createdAtStart: boolean): { sqlite: Database; insertMonitor(name: string, url: string, intervalSeconds: number): { id: string; seq: number } } {
  const db = openDatabase(path);
  migrate(db);
  const sqlite = db.$client;
  const now = Date.now();
  const organizationId = Bun.randomUUIDv7();
  const projectId = Bun.randomUUIDv7();
  const insert = sqlite.prepare(`INSERT INTO monitors (id, seq, project_id, name, kind, url, interval_seconds, timeout_seconds, created_at, updated_at)
    VALUES (?, ?, ?, ?, 'http', ?, ?, 10, ?, ?)`);
  let seq = 0;
  const insertMonitor = (name: string, url: string, intervalSeconds: number) => {
    const row = { id: Bun.randomUUIDv7(), seq: ++seq };
    insert.run(row.id, row.seq, projectId, name, url, intervalSeconds, Date.now(), Date.now());
    return row;
  };
  sqlite.transaction(() => {
    db.insert(schema.organizations).values({ id: organizationId, name: "floor", createdAt: now }).run();
    db.insert(schema.projects).values({ id: projectId, organizationId, name: "Default", isDefault: true, createdAt: now, updatedAt: now }).run();
    if (createdAtStart) {
      for (let i = 1; i <= Number(floorEnv("FLOOR_MONITORS")); i++) insertMonitor(`m${i}`, `${floorEnv("FLOOR_TARGET")}/m${i}`, Number(floorEnv("FLOOR_INTERVAL_SECONDS")));
    }
  })();
  return { sqlite, insertMonitor };
}

/** The work floor's database: bare bun:sqlite, one table. */
function bareDatabase(): Database {
  const db = new Database(path, { create: true, strict: true });
  db.exec("PRAGMA journal_mode = WAL");
  db.exec("PRAGMA synchronous = NORMAL");
  db.exec(`CREATE TABLE IF NOT EXISTS checks (monitor_seq INTEGER NOT NULL, checked_at INTEGER NOT NULL, is_up INTEGER NOT NULL,
    status_code INTEGER, response_time_ms INTEGER NOT NULL, error_message TEXT, PRIMARY KEY (monitor_seq, checked_at)) WITHOUT ROWID`);
  return db;
}

const createdAtStart = floorEnv("FLOOR_CREATE") !== "api";
const contract = parts.has("db") ? contractDatabase(createdAtStart) : null;
const sqlite = contract?.sqlite ?? bareDatabase();
const count = sqlite.query("SELECT count(*) AS n FROM checks");
const work = startCheckWork(sqlite, createdAtStart);
/** A POSTed monitor made real: its row, then its checks (its own URL, as upbeat's bench gives each monitor). */
const create = createdAtStart || !contract ? undefined : (body: MonitorBody) => {
  const intervalSeconds = body.interval_seconds ?? 60;
  const row = contract.insertMonitor(body.name, body.url ?? "", intervalSeconds);
  work.add(row.seq, body.url ?? "");
  return { ...row, ...body, interval_seconds: intervalSeconds, status: "pending" };
};

const OK = "OK";
/** Pings, their aliases and the other public endpoints of the contract, answering constants. */
const otherEndpoints = () => {
  const pings = new Elysia();
  for (const base of ["/ping/:token", "/pulse/:token"]) {
    for (const tail of ["", "/start", "/fail", "/log", "/:exit_code"]) pings.get(base + tail, OK).head(base + tail, OK).post(base + tail, OK);
  }
  return pings
    .get("/api/push/:token", OK)
    .get("/metrics", "")
    .get("/badge/:id/status.svg", "<svg/>")
    .get("/badge/:id/uptime.svg", "<svg/>")
    .get("/status/:slug", "<!doctype html>");
};

const asset = (file: string | undefined) => (file ? new Response(Bun.file(file)) : new Response("Not found", { status: 404 }));

const app = new Elysia()
  .onError(({ code, error }) => toErrorResponse(code, error))
  .get("/healthz", () => count.get());
if (parts.has("api")) app.use(contractApi("/api/v1", create)).use(otherEndpoints());
if (parts.has("v1")) app.use(contractApi("/v1", create));
if (parts.has("docs")) {
  app.use(openapi({ path: "/api/docs", specPath: "/api/docs/json", provider: null, mapJsonSchema: { valibot: jsonSchemaOf } }));
  app.get("/api/docs", () => asset(assets["/docs.html"]));
}
if (parts.has("ui")) app.get("/", () => asset(assets["/index.html"])).get("/*", ({ path }) => asset(assets[path]));
app.listen({ port: Number(floorEnv("UPBEAT_PORT")), hostname: "127.0.0.1" });

// as upbeat: a clean exit on SIGTERM (a bytecode-order recording is written on exit)
process.on("SIGTERM", () => process.exit(0));
