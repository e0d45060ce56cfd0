// A public status page of 100 monitors with 90 days of hourly roll-ups, under wrk: built for every request
// (UPBEAT_STATUS_PAGE_CACHE_SECONDS=0, as before the cache), served from the cache, and rebuilt after a status
// change of a heartbeat on the page (it drops the cached answers), in one run. BASELINE=<another checkout> measures
// that rebuild on that checkout's code too, for a before/after.
// Usage: npx bun bench/status-page.ts [seconds=10] [connections=32] [monitors=100]; ROUNDS=2 BASELINE=/work/main
// (the cache-off server gets 10 requests one after another per round: on a busy machine they outlast wrk's timeout)
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase, closeDatabase } from "../src/db/open.ts";
import { DAY_MS, HOUR_MS } from "../src/history/rollup.ts";
import { createStore } from "../src/store/index.ts";
import { apiClient, createApiKey, json } from "../test/support/http.ts";
import { cpuMicros } from "./support/cpu.ts";
import { freePort, waitForUrl, wrk, type WrkResult } from "./support/wrk.ts";

const seconds = Number(process.argv[2] ?? 10);
const connections = Number(process.argv[3] ?? 32);
const monitorCount = Number(process.argv[4] ?? 100);
const rounds = Number(process.env.ROUNDS ?? 2);
const root = join(import.meta.dir, "..");
const work = mkdtempSync(join(tmpdir(), "upbeat-bench-status-"));
// browsers take gzip; a 100-monitor page is ~0.8 MB of HTML before it
const HEADERS = { "Accept-Encoding": "gzip" };

interface Target {
  name: string;
  url: string;
  connections: number;
  proc: ReturnType<typeof Bun.spawn>;
  results: WrkResult[];
  /** the page's heartbeat: a ping to `${pingUrl}/fail` or `${pingUrl}` changes its status */
  pingUrl: string;
}

/** 90 days of roll-ups per monitor (60 checks an hour, an occasional bad hour), straight into the file. */
function seedRollups(dbPath: string, monitorIds: string[]) {
  const db = openDatabase(dbPath);
  const store = createStore(db);
  const firstHour = Math.floor(Date.now() / HOUR_MS) * HOUR_MS - 90 * DAY_MS;
  for (const id of monitorIds) {
    const seq = store.monitors.byId(id)!.seq;
    const rows = Array.from({ length: 90 * 24 }, (_, h) => ({
      monitorSeq: seq, hourStart: firstHour + h * HOUR_MS, checks: 60, upChecks: (h * 7 + seq) % 97 === 0 ? 45 : 60,
      responseTimeSumMs: 60 * 30, responseTimeMinMs: 20, responseTimeMaxMs: 40, responseTimeSketch: "",
    }));
    store.rollups.save(rows);
  }
  closeDatabase(db);
}

async function startUpbeat(name: string, cacheSeconds: string, connections: number, codeRoot = root): Promise<Target> {
  const port = freePort();
  const dataDir = mkdtempSync(join(work, "data-"));
  const env = {
    ...process.env, UPBEAT_PORT: String(port), UPBEAT_HOST: "127.0.0.1", UPBEAT_DATA_DIR: dataDir, UPBEAT_STATUS_PAGE_CACHE_SECONDS: cacheSeconds,
    UPBEAT_ADMIN_EMAIL: "bench@example.com", UPBEAT_ADMIN_PASSWORD: "bench-password", UPBEAT_RATE_LIMITS: "team=1000000000",
  };
  const proc = Bun.spawn([process.execPath, join(codeRoot, "src/main.ts"), "serve"], { env, stdout: "ignore", stderr: "inherit" });
  const base = `http://127.0.0.1:${port}`;
  await waitForUrl(`${base}/healthz`);
  const call = apiClient(base);
  const key = await createApiKey(call, "bench@example.com", "bench-password");
  const ids: string[] = [];
  for (let i = 0; i < monitorCount; i++) {
    ids.push((await json(await call("POST", "/api/v1/monitors", { auth: key, body: { name: `service ${i}`, kind: "http", url: `http://127.0.0.1:9/${i}`, is_paused: true } }))).id);
  }
  seedRollups(join(dataDir, "upbeat.db"), ids);
  const heartbeat = await json(await call("POST", "/api/v1/monitors", { auth: key, body: { name: "nightly job", kind: "heartbeat" } }));
  const groups = Array.from({ length: 4 }, (_, g) => ({ name: `group ${g}`, monitor_ids: ids.filter((_, i) => i % 4 === g) }));
  groups[0]!.monitor_ids.push(heartbeat.id);
  await call("POST", "/api/v1/status-pages", { auth: key, body: { slug: "bench", title: "Bench", groups } });
  return { name, url: `${base}/status/bench`, connections, proc, results: [], pingUrl: `${base}/ping/${heartbeat.ping_token}` };
}

/** For the uncached page, whose requests outlast wrk's 2 s timeout on a busy machine: one request after another. */
async function sequential(t: Target, requests: number): Promise<WrkResult> {
  const cpuBefore = cpuMicros(t.proc.pid);
  const started = performance.now();
  const latencies: number[] = [];
  let non2xx = 0;
  for (let i = 0; i < requests; i++) {
    const at = performance.now();
    const response = await fetch(t.url, { headers: HEADERS });
    await response.arrayBuffer();
    if (!response.ok) non2xx++;
    latencies.push(performance.now() - at);
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    requests, requestsPerSecond: requests / seconds, latencyP50Ms: median(latencies), latencyP99Ms: Math.max(...latencies), non2xx,
    serverCpuMicrosPerRequest: (cpuMicros(t.proc.pid) - cpuBefore) / requests,
  };
}

/** The heartbeat fails or recovers (a status change), then the page is fetched: the rebuild's latency and server CPU. */
async function rebuilds(t: Target, requests: number): Promise<{ latencyMs: number; cpuMicros: number }> {
  const latencies: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < requests; i++) {
    await (await fetch(i % 2 === 0 ? `${t.pingUrl}/fail` : t.pingUrl)).arrayBuffer();
    const cpuBefore = cpuMicros(t.proc.pid);
    const at = performance.now();
    await (await fetch(t.url, { headers: HEADERS })).arrayBuffer();
    latencies.push(performance.now() - at);
    cpu.push(cpuMicros(t.proc.pid) - cpuBefore);
  }
  return { latencyMs: median(latencies), cpuMicros: cpu.reduce((a, b) => a + b, 0) / requests };
}

const median = (values: number[]) => values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)]!;

const targets: Target[] = [];
let baseline: Target | undefined;
try {
  const loadBefore = loadavg()[0]!;
  targets.push(await startUpbeat("built per request (cache off), 10 requests one after another", "0", 1));
  targets.push(await startUpbeat("from the cache (30 s)", "30", connections));
  baseline = process.env.BASELINE ? await startUpbeat(`before: ${process.env.BASELINE}`, "30", 1, process.env.BASELINE) : undefined;
  const sizes = await Promise.all(targets.map(async (t) => {
    const raw = await (await fetch(t.url, { headers: { "Accept-Encoding": "identity" } })).arrayBuffer();
    return raw.byteLength;
  }));
  const started = performance.now();
  await fetch(targets[0]!.url);
  console.log(`one uncached page: ${Math.round(performance.now() - started)} ms`);
  const [uncached, cached] = targets as [Target, Target];
  await fetch(cached.url);
  if (baseline) await fetch(baseline.url);
  const rebuilt = baseline ? [baseline, cached] : [cached];
  const rebuildFigures = [];
  for (const t of rebuilt) rebuildFigures.push(await rebuilds(t, 10 * rounds));
  await wrk(cached.url, { seconds: 2, connections, threads: 1, headers: HEADERS }); // warm-up
  for (let round = 0; round < rounds; round++) {
    uncached.results.push(await sequential(uncached, 10));
    cached.results.push(await wrk(cached.url, { seconds, connections, threads: 1, headers: HEADERS, serverPid: cached.proc.pid }));
  }
  console.log(`GET /status/:slug (HTML, gzip), ${monitorCount} monitors × 90 days of roll-ups; wrk ${rounds} × ${seconds} s each; medians`);
  console.log(`page: ${Math.round(sizes[0]! / 1024)} KB of HTML; load average (1 min) before ${loadBefore.toFixed(2)}, after ${loadavg()[0]!.toFixed(2)} on ${navigator.hardwareConcurrency} cores`);
  for (const t of targets) {
    const cpu = median(t.results.map((r) => r.serverCpuMicrosPerRequest!));
    console.log(`${t.name}, ${t.connections} connections: ${Math.round(median(t.results.map((r) => r.requestsPerSecond)))} req/s (runs: ${t.results.map((r) => Math.round(r.requestsPerSecond)).join(", ")}), ` +
      `p50 ${median(t.results.map((r) => r.latencyP50Ms)).toFixed(1)} ms, p99/max ${median(t.results.map((r) => r.latencyP99Ms)).toFixed(1)} ms, ` +
      `non-2xx ${t.results.reduce((n, r) => n + r.non2xx, 0)}, server CPU ${cpu.toFixed(0)} µs/req = ${(cpu / 10).toFixed(1)} % of a core at 1,000 req/s`);
  }
  rebuildFigures.forEach((r, i) => console.log(`rebuild after a status change (${rebuilt[i] === baseline ? baseline!.name : "this checkout"}, ${10 * rounds} one after another): ` +
    `p50 ${r.latencyMs.toFixed(0)} ms, server CPU ${Math.round(r.cpuMicros)} µs/rebuild`));
} finally {
  if (baseline) targets.push(baseline);
  for (const t of targets) t.proc.kill("SIGTERM");
  await Promise.all(targets.map((t) => t.proc.exited));
  rmSync(work, { recursive: true, force: true });
}
