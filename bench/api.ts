// Authenticated API GET of one monitor vs a bare Elysia route, same machine, same run.
// Usage: npx bun bench/api.ts [seconds=10] [connections=64] [monitors=1000]
// ROUNDS=3 runs per server, interleaved; UPBEAT_BEFORE=DIR also measures the upbeat checkout in DIR
// (e.g. an older commit) side by side, or UPBEAT_BEFORE=FILE a compiled binary. UPBEAT_BINARY=FILE runs this
// checkout's compiled binary (e.g. dist/upbeat) instead of src/main.ts. LIST=1 measures the list's first page
// instead (GET /api/v1/monitors?limit=100). FLOOR=1 (GET only) adds bench/support/floor-api.ts, the route's
// irreducible work in the same Bun.serve router, answering upbeat's own text for the same key and id.
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { apiClient, createApiKey } from "../test/support/http.ts";
import { freePort, startBareServer, waitForUrl, wrk, type WrkResult } from "./support/wrk.ts";

const seconds = Number(process.argv[2] ?? 10);
const connections = Number(process.argv[3] ?? 64);
const monitorCount = Number(process.argv[4] ?? 1000);
const rounds = Number(process.env.ROUNDS ?? 3);
const listMode = process.env.LIST === "1";
const floorMode = process.env.FLOOR === "1" && !listMode;
const routeName = listMode ? "GET /api/v1/monitors?limit=100" : "GET /api/v1/monitors/:id";
const root = join(import.meta.dir, "..");
const bun = process.execPath;
const work = mkdtempSync(join(tmpdir(), "upbeat-bench-api-"));

interface Target {
  name: string;
  url: string;
  proc: ReturnType<typeof Bun.spawn>;
  headers?: Record<string, string>;
  results: WrkResult[];
}

async function startBare(): Promise<Target> {
  const { base, proc } = await startBareServer();
  return { name: "bare Elysia JSON route", url: `${base}/json`, proc, results: [] };
}

/** A compiled binary runs as it is; a checkout from its source. */
const commandOf = (path: string) => (statSync(path).isFile() ? [path, "serve"] : [bun, join(path, "src/main.ts"), "serve"]);

/** `checkout`'s server with `monitorCount` paused monitors; the target is the one in the middle (or the list's first page). */
async function startUpbeat(name: string, checkout: string): Promise<Target> {
  const port = freePort();
  const env = {
    ...process.env, UPBEAT_PORT: String(port), UPBEAT_HOST: "127.0.0.1", UPBEAT_DATA_DIR: mkdtempSync(join(work, "data-")),
    UPBEAT_ADMIN_EMAIL: "bench@example.com", UPBEAT_ADMIN_PASSWORD: "bench-password", UPBEAT_RATE_LIMITS: "team=1000000000",
  };
  const proc = Bun.spawn(commandOf(checkout), { env, stdout: "ignore", stderr: "inherit" });
  const base = `http://127.0.0.1:${port}`;
  await waitForUrl(`${base}/healthz`);
  const key = await createApiKey(apiClient(base), "bench@example.com", "bench-password");
  const headers = { Authorization: `Bearer ${key}`, "Content-Type": "application/json" };
  let id = "";
  for (let i = 0; i < monitorCount; i++) {
    const response = await fetch(`${base}/api/v1/monitors`, { method: "POST", headers, body: JSON.stringify({ name: `m${i}`, kind: "http", url: `http://127.0.0.1:9/${i}`, is_paused: true }) });
    if (i === Math.floor(monitorCount / 2)) id = ((await response.json()) as { id: string }).id;
    else await response.arrayBuffer();
  }
  const url = listMode ? `${base}/api/v1/monitors?limit=100` : `${base}/api/v1/monitors/${id}`;
  return { name, url, proc, headers: { Authorization: `Bearer ${key}` }, results: [] };
}

/** The floor (support/floor-api.ts) answering `upbeat`'s own text for the same key and monitor. */
async function startFloor(upbeat: Target): Promise<Target> {
  const answerFile = join(work, "answer.json");
  writeFileSync(answerFile, await (await fetch(upbeat.url, { headers: upbeat.headers })).text());
  const port = freePort();
  const key = upbeat.headers!.Authorization!.slice("Bearer ".length);
  const id = upbeat.url.slice(upbeat.url.lastIndexOf("/") + 1);
  const proc = Bun.spawn([bun, join(import.meta.dir, "support/floor-api.ts"), String(port), key, id, answerFile], { stdout: "ignore", stderr: "inherit" });
  const url = `http://127.0.0.1:${port}/api/v1/monitors/${id}`;
  await waitForUrl(url);
  return { name: "floor (support/floor-api.ts)", url, proc, headers: upbeat.headers, results: [] };
}

const median = (values: number[]) => values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)]!;

const targets: Target[] = [];
try {
  const loadBefore = loadavg()[0]!;
  const bare = await startBare();
  targets.push(bare);
  if (process.env.UPBEAT_BEFORE) targets.push(await startUpbeat("before", process.env.UPBEAT_BEFORE));
  const ours = await startUpbeat(process.env.UPBEAT_BINARY ? `this checkout (${process.env.UPBEAT_BINARY})` : "this checkout", process.env.UPBEAT_BINARY ?? root);
  targets.push(ours);
  const floor = floorMode ? await startFloor(ours) : undefined;
  if (floor) targets.push(floor);
  for (const t of targets) await wrk(t.url, { seconds: 2, connections, headers: t.headers }); // warm-up
  // one run per server in turn, so slow spells of a shared machine hit all alike
  for (let round = 0; round < rounds; round++) {
    for (const t of targets) t.results.push(await wrk(t.url, { seconds, connections, headers: t.headers, serverPid: t.proc.pid }));
  }
  const rps = (t: Target) => median(t.results.map((r) => r.requestsPerSecond));
  const cpu = (t: Target) => median(t.results.map((r) => r.serverCpuMicrosPerRequest!));
  console.log(`wrk ${rounds} × ${seconds} s per server (interleaved), ${connections} connections, ${monitorCount} monitors in the DB; medians`);
  console.log(`load average (1 min) before: ${loadBefore.toFixed(2)}, after: ${loadavg()[0]!.toFixed(2)} on ${navigator.hardwareConcurrency} cores`);
  for (const t of targets) {
    const r = t.results;
    console.log(`${t === bare ? t.name : `${routeName} (key), ${t.name}`}: ${Math.round(rps(t))} req/s (runs: ${r.map((x) => Math.round(x.requestsPerSecond)).join(", ")}), ` +
      `p50 ${median(r.map((x) => x.latencyP50Ms)).toFixed(2)} ms, p99 ${median(r.map((x) => x.latencyP99Ms)).toFixed(2)} ms, non-2xx ${r.reduce((n, x) => n + x.non2xx, 0)}, server CPU ${cpu(t).toFixed(1)} µs/req`);
    if (t !== bare) console.log(`  ${(rps(t) / rps(bare)).toFixed(2)}× bare by req/s, ${(cpu(bare) / cpu(t)).toFixed(2)}× by CPU per request (goal ≥ 0.5×)`);
    if (floor && t !== bare && t !== floor) console.log(`  ${(rps(t) / rps(floor)).toFixed(2)}× the floor by req/s, ${(cpu(floor) / cpu(t)).toFixed(2)}× by CPU per request`);
  }
} finally {
  for (const t of targets) t.proc.kill("SIGTERM");
  await Promise.all(targets.map((t) => t.proc.exited));
  rmSync(work, { recursive: true, force: true });
}
