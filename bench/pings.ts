// Heartbeat pings stored per second (durable: each 200 waits for its COMMIT) vs a bare Elysia route,
// same machine, same run; then kill -9 the server under load and check every answered ping is on disk.
// Usage: npx bun bench/pings.ts [seconds=10] [connections=64] [monitors=1000]
// ROUNDS=3 runs per server, interleaved; UPBEAT_BEFORE=DIR also measures the upbeat checkout in DIR
// (e.g. an older commit) side by side, or the compiled binary when it is a file. UPBEAT_BIN=FILE runs this
// checkout as that binary (npm run build: dist/upbeat). FLOOR=1 adds bench/support/ping-floor-server.ts (only
// the irreducible work of a durable ping); FLOOR=2 adds it a second time writing a table shaped like upbeat's pulses. RATE=10000 ends with a paced run per server at about that many
// pings/s (wrk's delay per connection), for the latency at a given load rather than at saturation.
import { Database } from "bun:sqlite";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { apiClient, createApiKey } from "../test/support/http.ts";
import { freePort, startBareServer, waitForUrl, wrk, type WrkResult } from "./support/wrk.ts";

const seconds = Number(process.argv[2] ?? 10);
const connections = Number(process.argv[3] ?? 64);
const monitorCount = Number(process.argv[4] ?? 1000);
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
  dbPath?: string;
  tokens?: string[];
  results: WrkResult[];
  paced?: WrkResult;
  stored: number;
}

async function startBare(): Promise<Target> {
  const { base, proc } = await startBareServer();
  return { name: "bare Elysia text route", url: `${base}/`, proc, results: [], stored: 0 };
}

function startUpbeat(checkout: string, dataDir: string, port: number) {
  const env = {
    ...process.env, UPBEAT_PORT: String(port), UPBEAT_HOST: "127.0.0.1", UPBEAT_DATA_DIR: dataDir,
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

const countPulses = (dbPath: string): number => {
  const db = new Database(dbPath);
  try {
    return (db.query("SELECT count(*) AS n FROM pulses").get() as { n: number }).n;
  } finally {
    db.close();
  }
};

/** 64 clients POST pings with unique bodies; the server is killed -9 mid-run; every acknowledged body must be stored. */
async function killTest(base: string, tokens: string[], proc: ReturnType<typeof startUpbeat>, dbPath: string) {
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
  const db = new Database(dbPath);
  try {
    const stored = new Set((db.query("SELECT body FROM pulses WHERE body LIKE 'kill-test %'").all() as { body: string }[]).map((r) => r.body));
    const missing = acknowledged.filter((body) => !stored.has(body));
    return { sent: next, acknowledged: acknowledged.length, stored: stored.size, missing: missing.length };
  } finally {
    db.close();
  }
}

/** The floor (support/ping-floor-server.ts) on its own file, with the same tokens as the upbeat it is compared to. */
async function startFloor(tokens: string[], upbeatTable = false): Promise<Target> {
  const port = freePort();
  const dataDir = mkdtempSync(join(work, "floor-"));
  const tokensFile = join(dataDir, "tokens");
  writeFileSync(tokensFile, tokens.join("\n"));
  const dbPath = join(dataDir, "floor.db");
  const args = [bun, join(import.meta.dir, "support/ping-floor-server.ts"), String(port), dbPath, tokensFile, ...(upbeatTable ? ["upbeat-table"] : [])];
  const proc = Bun.spawn(args, { stdout: "ignore", stderr: "inherit" });
  const url = `http://127.0.0.1:${port}`;
  await waitForUrl(`${url}/healthz`);
  const name = upbeatTable ? "floor, upbeat's pulses table" : "floor";
  return { name, url, proc, script: pingScript(name.replace(/\W+/g, "-"), tokens), dbPath, tokens, results: [], stored: 0 };
}

async function startUpbeatTarget(name: string, checkout: string): Promise<Target> {
  const port = freePort();
  const dataDir = mkdtempSync(join(work, "data-"));
  const proc = startUpbeat(checkout, dataDir, port);
  const url = `http://127.0.0.1:${port}`;
  await waitForUrl(`${url}/healthz`);
  const tokens = await createHeartbeats(url);
  return { name, url, proc, script: pingScript(name, tokens), dbPath: join(dataDir, "upbeat.db"), tokens, results: [], stored: 0 };
}

/** One wrk run against each target in turn, `rounds` times, so slow spells of a shared machine hit all alike. */
async function measure(targets: Target[]) {
  for (const target of targets) await wrk(target.url, { seconds: 2, connections, script: target.script }); // warm-up
  for (let round = 0; round < rounds; round++) {
    for (const target of targets) {
      const before = target.dbPath ? countPulses(target.dbPath) : 0;
      target.results.push(await wrk(target.url, { seconds, connections, script: target.script, serverPid: target.proc.pid }));
      if (target.dbPath) target.stored += countPulses(target.dbPath) - before;
    }
  }
  if (!pacedRate) return;
  const pacedConnections = Math.ceil((pacedRate * 1.1 * PACED_DELAY_MS) / 1000);
  for (const target of targets) {
    const script = target.tokens ? pingScript(target.name, target.tokens, PACED_DELAY_MS) : undefined;
    target.paced = await wrk(target.url, { seconds, connections: pacedConnections, script: script ?? pacedBareScript(), serverPid: target.proc.pid });
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
  console.log(`wrk ${rounds} × ${seconds} s per server (interleaved), ${connections} connections, ${monitorCount} heartbeat monitors, pings spread over their tokens; medians`);
  console.log(`load average (1 min) before: ${loadBefore.toFixed(2)}, after: ${loadavg()[0]!.toFixed(2)} on ${navigator.hardwareConcurrency} cores`);
  for (const t of targets) {
    const r = t.results;
    const line = `${Math.round(rps(t))} req/s (runs: ${r.map((x) => Math.round(x.requestsPerSecond)).join(", ")}), p50 ${median(r.map((x) => x.latencyP50Ms)).toFixed(2)} ms, ` +
      `p99 ${median(r.map((x) => x.latencyP99Ms)).toFixed(2)} ms, non-2xx ${r.reduce((n, x) => n + x.non2xx, 0)}, server CPU ${cpu(t).toFixed(1)} µs/req`;
    console.log(`${t === bare ? "bare Elysia text route" : `GET /ping/:token, ${t.name}`}: ${line}`);
    const p = t.paced;
    if (p) console.log(`  paced (RATE=${pacedRate}): ${Math.round(p.requestsPerSecond)} req/s, p50 ${p.latencyP50Ms.toFixed(2)} ms, p99 ${p.latencyP99Ms.toFixed(2)} ms, non-2xx ${p.non2xx}, server CPU ${p.serverCpuMicrosPerRequest!.toFixed(1)} µs/req`);
    if (t !== bare) {
      console.log(`  ${t.stored} pulses stored; ${(rps(t) / rps(bare)).toFixed(2)}× bare by req/s, ${(cpu(bare) / cpu(t)).toFixed(2)}× by CPU per request (goals ≥ 0.5×, ≥ 5,000 pings/s)`);
    }
  }
  const k = await killTest(current.url, current.tokens!, current.proc, current.dbPath!);
  console.log(`kill -9 after ${KILL_AFTER_MS} ms of POSTs: ${k.sent} sent, ${k.acknowledged} answered 200, ${k.stored} on disk, ${k.missing} answered but missing`);
  if (k.missing > 0) process.exitCode = 1;
} finally {
  for (const t of targets) t.proc.kill(9);
  await Promise.all(targets.map((t) => t.proc.exited));
  rmSync(work, { recursive: true, force: true });
}
