// Heartbeat pings stored per second (durable: each 200 waits for its COMMIT) vs a bare Elysia route,
// same machine, same run; then kill -9 the server under load and check every answered ping is on disk.
// Usage: npx bun bench/pings.ts [--postgres] [seconds=10] [connections=64] [monitors=1000]
// --postgres: each upbeat keeps its data in a fresh database of a PostgreSQL started for the run (fsync on).
// ROUNDS=3 runs per server, interleaved; UPBEAT_BEFORE=DIR also measures the upbeat checkout in DIR
// (e.g. an older commit) side by side, or the compiled binary when it is a file. UPBEAT_BIN=FILE runs this
// checkout as that binary (npm run build: dist/upbeat). FLOOR=1 adds bench/support/ping-floor-server.ts (only
// the irreducible work of a durable ping); FLOOR=2 adds it a second time storing the contract's Pulse (a UUIDv7 id in the key, its type, …) in upbeat's table shape. RATE=10000 ends with a paced run per server at about that many
// pings/s (wrk's delay per connection; 2 s of it first, not measured), for the latency at a given load rather than at saturation.
// ROUNDS=0 with RATE: the paced run alone, cold (servers that never saw a saturating load, e.g. RATE=200 for the checkpoint
// inside commits).
import { Database } from "bun:sqlite";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { connectPostgres } from "../src/db/postgres/connection.ts";
import { apiClient, createApiKey } from "../test/support/http.ts";
import { postgresForStores } from "../test/support/postgres-store.ts";
import { freePort, startBareServer, waitForUrl, wrk, type WrkResult } from "./support/wrk.ts";

const positional = process.argv.slice(2).filter((arg) => !arg.startsWith("--"));
const seconds = Number(positional[0] ?? 10);
const connections = Number(positional[1] ?? 64);
const monitorCount = Number(positional[2] ?? 1000);
const postgres = process.argv.includes("--postgres") ? await postgresForStores([], { durable: true }) : null;
const rounds = Number(process.env.ROUNDS ?? 3);
const pacedRate = Number(process.env.RATE ?? 0);
// paced: each connection waits this long after each answer, with enough connections for ~10 % over the rate
const PACED_DELAY_MS = 10;
const KILL_AFTER_MS = 3000;
const root = join(import.meta.dir, "..");
const bun = process.execPath;
const work = mkdtempSync(join(tmpdir(), "upbeat-bench-pings-"));

/** A server under test: the bare route, or an upbeat checkout with its heartbeat tokens. */
interface Target {
  name: string;
  url: string;
  proc: ReturnType<typeof Bun.spawn>;
  script?: string;
  pulses?: Pulses;
  tokens?: string[];
  results: WrkResult[];
  paced?: WrkResult;
  stored: number;
  /** A SQLite target's WAL file: its size after the runs shows whether the checkpoints kept it bounded. */
  wal?: string;
}

async function startBare(): Promise<Target> {
  const { base, proc } = await startBareServer();
  return { name: "bare Elysia text route", url: `${base}/`, proc, results: [], stored: 0 };
}

function startUpbeat(checkout: string, dataDir: string, port: number, databaseUrl: string | undefined) {
  const env = {
    ...process.env, ...(databaseUrl ? { UPBEAT_DATABASE_URL: databaseUrl } : {}), UPBEAT_PORT: String(port), UPBEAT_HOST: "127.0.0.1", UPBEAT_DATA_DIR: dataDir,
    UPBEAT_ADMIN_EMAIL: "bench@example.com", UPBEAT_ADMIN_PASSWORD: "bench-password", UPBEAT_RATE_LIMITS: "team=1000000000",
  };
  const command = statSync(checkout).isFile() ? [checkout, "serve"] : [bun, join(checkout, "src/main.ts"), "serve"];
  return Bun.spawn(command, { env, stdout: "ignore", stderr: "inherit" });
}

async function createHeartbeats(base: string): Promise<string[]> {
  const key = await createApiKey(apiClient(base), "bench@example.com", "bench-password");
  const headers = { Authorization: `Bearer ${key}`, "Content-Type": "application/json" };
  const tokens: string[] = [];
  for (let i = 0; i < monitorCount; i++) {
    const response = await fetch(`${base}/api/v1/monitors`, {
      method: "POST", headers, body: JSON.stringify({ name: `job ${i}`, kind: "heartbeat", interval_seconds: 3600, grace_seconds: 600 }),
    });
    tokens.push(((await response.json()) as { ping_token: string }).ping_token);
  }
  return tokens;
}

/** A wrk script that spreads GET pings over all tokens (paced: a pause after each answer). */
function pingScript(name: string, tokens: string[], delayMs = 0): string {
  const path = join(work, `${name}${delayMs ? "-paced" : ""}.lua`);
  writeFileSync(path, `local tokens = { ${tokens.map((t) => `"${t}"`).join(", ")} }
local n = math.random(#tokens)
request = function()
  n = n % #tokens + 1
  return wrk.format("GET", "/ping/" .. tokens[n])
end
${delayMs ? `delay = function() return ${delayMs} end` : ""}
`);
  return path;
}

/** Reads a server's pulses from its store, through a connection of its own. */
interface Pulses {
  count(): number;
  killTestBodies(): string[];
}

const KILL_TEST_BODIES = "SELECT body FROM pulses WHERE body LIKE 'kill-test %'";

function sqlitePulses(dbPath: string): Pulses {
  const read = <T>(fn: (db: Database) => T): T => {
    const db = new Database(dbPath);
    try {
      return fn(db);
    } finally {
      db.close();
    }
  };
  return {
    count: () => read((db) => (db.query("SELECT count(*) AS n FROM pulses").get() as { n: number }).n),
    killTestBodies: () => read((db) => (db.query(KILL_TEST_BODIES).all() as { body: string }[]).map((r) => r.body)),
  };
}

function postgresPulses(url: string): Pulses {
  const read = <T>(text: string): T[] => {
    const connection = connectPostgres(url);
    try {
      return connection.query(text) as T[];
    } finally {
      connection.close();
    }
  };
  return {
    count: () => Number(read<{ n: string }>("SELECT count(*) AS n FROM pulses")[0]!.n),
    killTestBodies: () => read<{ body: string }>(KILL_TEST_BODIES).map((r) => r.body),
  };
}

/** 64 clients POST pings with unique bodies; the server is killed -9 mid-run; every acknowledged body must be stored. */
async function killTest(base: string, tokens: string[], proc: ReturnType<typeof startUpbeat>, pulses: Pulses) {
  const acknowledged: string[] = [];
  let next = 0;
  let killed = false;
  const client = async () => {
    while (!killed) {
      const body = `kill-test ${next++}`;
      try {
        const response = await fetch(`${base}/ping/${tokens[next % tokens.length]}/log`, { method: "POST", body });
        if (response.status === 200 && (await response.text()) === "OK") acknowledged.push(body);
      } catch {
        // refused or reset: not acknowledged, so nothing is promised
      }
    }
  };
  const clients = Array.from({ length: connections }, client);
  await Bun.sleep(KILL_AFTER_MS);
  proc.kill(9);
  await proc.exited;
  killed = true;
  await Promise.all(clients);
  const stored = new Set(pulses.killTestBodies());
  const missing = acknowledged.filter((body) => !stored.has(body));
  return { sent: next, acknowledged: acknowledged.length, stored: stored.size, missing: missing.length };
}

/** The floor (support/ping-floor-server.ts) on its own file, with the same tokens as the upbeat it is compared to. */
async function startFloor(tokens: string[], contractRow = false): Promise<Target> {
  const port = freePort();
  const dataDir = mkdtempSync(join(work, "floor-"));
  const tokensFile = join(dataDir, "tokens");
  writeFileSync(tokensFile, tokens.join("\n"));
  const dbPath = join(dataDir, "floor.db");
  const args = [bun, join(import.meta.dir, "support/ping-floor-server.ts"), String(port), dbPath, tokensFile, ...(contractRow ? ["contract-row"] : [])];
  const proc = Bun.spawn(args, { stdout: "ignore", stderr: "inherit" });
  const url = `http://127.0.0.1:${port}`;
  await waitForUrl(`${url}/healthz`);
  const name = contractRow ? "floor, the contract's pulse" : "floor";
  return { name, url, proc, script: pingScript(name.replace(/\W+/g, "-"), tokens), pulses: sqlitePulses(dbPath), tokens, results: [], stored: 0, wal: `${dbPath}-wal` };
}

async function startUpbeatTarget(name: string, checkout: string): Promise<Target> {
  const port = freePort();
  const dataDir = mkdtempSync(join(work, "data-"));
  const databaseUrl = postgres?.freshDatabase("template0").url;
  const proc = startUpbeat(checkout, dataDir, port, databaseUrl);
  const url = `http://127.0.0.1:${port}`;
  await waitForUrl(`${url}/healthz`, 30_000);
  const tokens = await createHeartbeats(url);
  const dbPath = join(dataDir, "upbeat.db");
  const pulses = databaseUrl ? postgresPulses(databaseUrl) : sqlitePulses(dbPath);
  return { name, url, proc, script: pingScript(name, tokens), pulses, tokens, results: [], stored: 0, ...(databaseUrl ? {} : { wal: `${dbPath}-wal` }) };
}

/** One wrk run against each target in turn, `rounds` times, so slow spells of a shared machine hit all alike. */
async function measure(targets: Target[]) {
  // ROUNDS=0: the paced run alone, on servers that never saw a saturating load (no warm-up either)
  if (rounds > 0) for (const target of targets) await wrk(target.url, { seconds: 2, connections, script: target.script }); // warm-up
  for (let round = 0; round < rounds; round++) {
    for (const target of targets) {
      const before = target.pulses?.count() ?? 0;
      target.results.push(await wrk(target.url, { seconds, connections, script: target.script, serverPid: target.proc.pid }));
      if (target.pulses) target.stored += target.pulses.count() - before;
    }
  }
  if (!pacedRate) return;
  const pacedConnections = Math.ceil((pacedRate * 1.1 * PACED_DELAY_MS) / 1000);
  for (const target of targets) {
    const script = target.tokens ? pingScript(target.name, target.tokens, PACED_DELAY_MS) : undefined;
    const paced = { connections: pacedConnections, script: script ?? pacedBareScript() };
    // the latency at that rate once it has lasted a while: the server may have trimmed its compiled code in the
    // quiet while the others were measured (src/memory-trim.ts); ROUNDS=0 measures a cold server on purpose
    if (rounds > 0) await wrk(target.url, { seconds: 2, ...paced });
    target.paced = await wrk(target.url, { seconds, ...paced, serverPid: target.proc.pid });
  }
}

function pacedBareScript(): string {
  const path = join(work, "bare-paced.lua");
  writeFileSync(path, `delay = function() return ${PACED_DELAY_MS} end\n`);
  return path;
}

const median = (values: number[]) => values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)]!;

const targets: Target[] = [];
try {
  const loadBefore = loadavg()[0]!;
  const bare = await startBare();
  targets.push(bare);
  if (process.env.UPBEAT_BEFORE) targets.push(await startUpbeatTarget("before", process.env.UPBEAT_BEFORE));
  const current = await startUpbeatTarget(process.env.UPBEAT_BIN ? "this checkout (binary)" : "this checkout", process.env.UPBEAT_BIN ?? root);
  targets.push(current);
  if (process.env.FLOOR) targets.push(await startFloor(current.tokens!));
  if (process.env.FLOOR === "2") targets.push(await startFloor(current.tokens!, true));
  await measure(targets);
  const rps = (t: Target) => median(t.results.map((r) => r.requestsPerSecond));
  const cpu = (t: Target) => median(t.results.map((r) => r.serverCpuMicrosPerRequest!));
  console.log(`store: ${postgres ? "PostgreSQL (fsync on)" : "SQLite"}`);
  console.log(`wrk ${rounds} × ${seconds} s per server (interleaved), ${connections} connections, ${monitorCount} heartbeat monitors, pings spread over their tokens; medians`);
  console.log(`load average (1 min) before: ${loadBefore.toFixed(2)}, after: ${loadavg()[0]!.toFixed(2)} on ${navigator.hardwareConcurrency} cores`);
  for (const t of targets) {
    const r = t.results;
    const line = r.length === 0 ? "(ROUNDS=0: paced only)" : `${Math.round(rps(t))} req/s (runs: ${r.map((x) => Math.round(x.requestsPerSecond)).join(", ")}), p50 ${median(r.map((x) => x.latencyP50Ms)).toFixed(2)} ms, ` +
      `p99 ${median(r.map((x) => x.latencyP99Ms)).toFixed(2)} ms, non-2xx ${r.reduce((n, x) => n + x.non2xx, 0)}, server CPU ${cpu(t).toFixed(1)} µs/req`;
    console.log(`${t === bare ? "bare Elysia text route" : `GET /ping/:token, ${t.name}`}: ${line}`);
    const p = t.paced;
    if (p) console.log(`  paced (RATE=${pacedRate}): ${Math.round(p.requestsPerSecond)} req/s, p50 ${p.latencyP50Ms.toFixed(2)} ms, p99 ${p.latencyP99Ms.toFixed(2)} ms, non-2xx ${p.non2xx}, server CPU ${p.serverCpuMicrosPerRequest!.toFixed(1)} µs/req`);
    if (t.wal) console.log(`  WAL file after the runs: ${Math.round((statSync(t.wal, { throwIfNoEntry: false })?.size ?? 0) / 1e6)} MB`);
    if (t !== bare && r.length > 0) {
      console.log(`  ${t.stored} pulses stored; ${(rps(t) / rps(bare)).toFixed(2)}× bare by req/s, ${(cpu(bare) / cpu(t)).toFixed(2)}× by CPU per request (goals ≥ 0.5×, ≥ 5,000 pings/s)`);
    }
  }
  const k = await killTest(current.url, current.tokens!, current.proc, current.pulses!);
  console.log(`kill -9 after ${KILL_AFTER_MS} ms of POSTs: ${k.sent} sent, ${k.acknowledged} answered 200, ${k.stored} on disk, ${k.missing} answered but missing`);
  if (k.missing > 0) process.exitCode = 1;
} finally {
  for (const t of targets) t.proc.kill(9);
  await Promise.all(targets.map((t) => t.proc.exited));
  rmSync(work, { recursive: true, force: true });
  postgres?.stop();
}
