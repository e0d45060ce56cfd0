// Heartbeat pings stored per second (durable: each 200 waits for its COMMIT) vs a bare Elysia route,
// same machine, same run; then kill -9 the server under load and check every answered ping is on disk.
// Usage: npx bun bench/pings.ts [seconds=20] [connections=64] [monitors=1000]
// UPBEAT_BEFORE=DIR also measures the upbeat checkout in DIR (e.g. an older commit) in the same run.
import { Database } from "bun:sqlite";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, waitForUrl, wrk, type WrkResult } from "./support/wrk.ts";

const seconds = Number(process.argv[2] ?? 20);
const connections = Number(process.argv[3] ?? 64);
const monitorCount = Number(process.argv[4] ?? 1000);
const KILL_AFTER_MS = 3000;
const root = join(import.meta.dir, "..");
const bun = process.execPath;
const work = mkdtempSync(join(tmpdir(), "upbeat-bench-pings-"));

async function measureBare(): Promise<WrkResult> {
  const port = freePort();
  const proc = Bun.spawn([bun, join(import.meta.dir, "support/bare-server.ts"), String(port)], { stdout: "ignore", stderr: "inherit" });
  try {
    await waitForUrl(`http://127.0.0.1:${port}/`);
    await wrk(`http://127.0.0.1:${port}/`, { seconds: 2, connections }); // warm-up
    return await wrk(`http://127.0.0.1:${port}/`, { seconds, connections, serverPid: proc.pid });
  } finally {
    proc.kill();
    await proc.exited;
  }
}

function startUpbeat(checkout: string, dataDir: string, port: number) {
  const env = {
    ...process.env, UPBEAT_PORT: String(port), UPBEAT_HOST: "127.0.0.1", UPBEAT_DATA_DIR: dataDir,
    UPBEAT_ADMIN_EMAIL: "bench@example.com", UPBEAT_ADMIN_PASSWORD: "bench-password", UPBEAT_RATE_LIMITS: "team=1000000000",
  };
  return Bun.spawn([bun, join(checkout, "src/main.ts"), "serve"], { env, stdout: "ignore", stderr: "inherit" });
}

async function createHeartbeats(base: string): Promise<string[]> {
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ email: "bench@example.com", password: "bench-password" }),
  });
  const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
  const { key } = (await (await fetch(`${base}/api/v1/api-keys`, { method: "POST", headers: { Cookie: cookie, "Content-Type": "application/json" }, body: "{}" })).json()) as { key: string };
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

/** A wrk script that spreads GET pings over all tokens. */
function pingScript(tokens: string[]): string {
  const path = join(work, "pings.lua");
  writeFileSync(path, `local tokens = { ${tokens.map((t) => `"${t}"`).join(", ")} }
local n = math.random(#tokens)
request = function()
  n = n % #tokens + 1
  return wrk.format("GET", "/ping/" .. tokens[n])
end
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

/** Pings per second into `checkout`'s server; then, if asked, the kill -9 check. */
async function measurePings(checkout: string, withKillTest: boolean) {
  const port = freePort();
  const dataDir = mkdtempSync(join(work, "data-"));
  const dbPath = join(dataDir, "upbeat.db");
  const proc = startUpbeat(checkout, dataDir, port);
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitForUrl(`${base}/healthz`);
    const tokens = await createHeartbeats(base);
    const script = pingScript(tokens);
    await wrk(base, { seconds: 2, connections, script }); // warm-up
    const before = countPulses(dbPath);
    const result = await wrk(base, { seconds, connections, script, serverPid: proc.pid });
    const stored = countPulses(dbPath) - before;
    const kill = withKillTest ? await killTest(base, tokens, proc, dbPath) : null;
    return { result, stored, kill };
  } finally {
    proc.kill(9);
    await proc.exited;
  }
}

try {
  const loadBefore = loadavg()[0]!;
  const bare = await measureBare();
  const beforeDir = process.env.UPBEAT_BEFORE;
  const older = beforeDir ? await measurePings(beforeDir, false) : null;
  const pings = await measurePings(root, true);
  const fmt = (r: WrkResult) =>
    `${Math.round(r.requestsPerSecond)} req/s, p50 ${r.latencyP50Ms.toFixed(2)} ms, p99 ${r.latencyP99Ms.toFixed(2)} ms, non-2xx ${r.non2xx}, server CPU ${r.serverCpuMicrosPerRequest!.toFixed(1)} µs/req`;
  const ratio = (r: WrkResult) =>
    `${(r.requestsPerSecond / bare.requestsPerSecond).toFixed(2)}× bare by req/s, ${(bare.serverCpuMicrosPerRequest! / r.serverCpuMicrosPerRequest!).toFixed(2)}× by CPU per request`;
  console.log(`wrk ${seconds} s, ${connections} connections, ${monitorCount} heartbeat monitors, pings spread over their tokens`);
  console.log(`load average (1 min) before: ${loadBefore.toFixed(2)}, after: ${loadavg()[0]!.toFixed(2)} on ${navigator.hardwareConcurrency} cores`);
  console.log(`bare Elysia text route:  ${fmt(bare)}`);
  if (older) {
    console.log(`GET /ping/:token before (${beforeDir}): ${fmt(older.result)}; ${older.stored} pulses stored`);
    console.log(`  ratio: ${ratio(older.result)}`);
  }
  console.log(`GET /ping/:token:        ${fmt(pings.result)}`);
  console.log(`pulses stored during the run: ${pings.stored}`);
  console.log(`ratio: ${ratio(pings.result)} (goal ≥ 0.5×), goal ≥ 5,000 pings/s`);
  const k = pings.kill!;
  console.log(`kill -9 after ${KILL_AFTER_MS} ms of POSTs: ${k.sent} sent, ${k.acknowledged} answered 200, ${k.stored} on disk, ${k.missing} answered but missing`);
  if (k.missing > 0) process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
