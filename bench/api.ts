// Authenticated API GET of one monitor vs a bare Elysia route, same machine, same run.
// Usage: npx bun bench/api.ts [seconds=10] [connections=64] [monitors=1000]
// UPBEAT_BEFORE=DIR also measures the upbeat checkout in DIR (e.g. an older commit) in the same run.
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, waitForUrl, wrk, type WrkResult } from "./support/wrk.ts";

const seconds = Number(process.argv[2] ?? 10);
const connections = Number(process.argv[3] ?? 64);
const monitorCount = Number(process.argv[4] ?? 1000);
const root = join(import.meta.dir, "..");
const bun = process.execPath;

async function measureBare() {
  const port = freePort();
  const proc = Bun.spawn([bun, join(import.meta.dir, "support/bare-server.ts"), String(port)], { stdout: "ignore", stderr: "inherit" });
  try {
    await waitForUrl(`http://127.0.0.1:${port}/`);
    await wrk(`http://127.0.0.1:${port}/json`, { seconds: 2, connections }); // warm-up
    return await wrk(`http://127.0.0.1:${port}/json`, { seconds, connections, serverPid: proc.pid });
  } finally {
    proc.kill();
    await proc.exited;
  }
}

async function measureUpbeat(checkout: string) {
  const port = freePort();
  const dataDir = mkdtempSync(join(tmpdir(), "upbeat-bench-"));
  const env = {
    ...process.env, UPBEAT_PORT: String(port), UPBEAT_HOST: "127.0.0.1", UPBEAT_DATA_DIR: dataDir,
    UPBEAT_ADMIN_EMAIL: "bench@example.com", UPBEAT_ADMIN_PASSWORD: "bench-password", UPBEAT_RATE_LIMITS: "team=1000000000",
  };
  const proc = Bun.spawn([bun, join(checkout, "src/main.ts"), "serve"], { env, stdout: "ignore", stderr: "inherit" });
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitForUrl(`${base}/healthz`);
    const login = await fetch(`${base}/api/v1/auth/login`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ email: "bench@example.com", password: "bench-password" }) });
    const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
    const { key } = (await (await fetch(`${base}/api/v1/api-keys`, { method: "POST", headers: { Cookie: cookie, "Content-Type": "application/json" }, body: "{}" })).json()) as { key: string };
    const headers = { Authorization: `Bearer ${key}`, "Content-Type": "application/json" };
    let id = "";
    for (let i = 0; i < monitorCount; i++) {
      const response = await fetch(`${base}/api/v1/monitors`, { method: "POST", headers, body: JSON.stringify({ name: `m${i}`, kind: "http", url: `http://127.0.0.1:9/${i}`, is_paused: true }) });
      if (i === Math.floor(monitorCount / 2)) id = ((await response.json()) as { id: string }).id;
      else await response.arrayBuffer();
    }
    const url = `${base}/api/v1/monitors/${id}`;
    await wrk(url, { seconds: 2, connections, headers: { Authorization: `Bearer ${key}` } }); // warm-up
    return await wrk(url, { seconds, connections, headers: { Authorization: `Bearer ${key}` }, serverPid: proc.pid });
  } finally {
    proc.kill("SIGTERM");
    await proc.exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const loadBefore = loadavg()[0]!;
const bare = await measureBare();
const beforeDir = process.env.UPBEAT_BEFORE;
const older = beforeDir ? await measureUpbeat(beforeDir) : null;
const api = await measureUpbeat(root);
const fmt = (r: WrkResult) =>
  `${Math.round(r.requestsPerSecond)} req/s, p50 ${r.latencyP50Ms.toFixed(2)} ms, p99 ${r.latencyP99Ms.toFixed(2)} ms, non-2xx ${r.non2xx}, server CPU ${r.serverCpuMicrosPerRequest!.toFixed(1)} µs/req`;
const ratio = (r: WrkResult) =>
  `${(r.requestsPerSecond / bare.requestsPerSecond).toFixed(2)}× bare by req/s, ${(bare.serverCpuMicrosPerRequest! / r.serverCpuMicrosPerRequest!).toFixed(2)}× by CPU per request`;
console.log(`wrk ${seconds} s, ${connections} connections, ${monitorCount} monitors in the DB`);
console.log(`load average (1 min) before: ${loadBefore.toFixed(2)}, after: ${loadavg()[0]!.toFixed(2)} on ${navigator.hardwareConcurrency} cores`);
console.log(`bare Elysia JSON route:        ${fmt(bare)}`);
if (older) console.log(`GET /api/v1/monitors/:id before (${beforeDir}): ${fmt(older)}; ${ratio(older)}`);
console.log(`GET /api/v1/monitors/:id (key): ${fmt(api)}`);
console.log(`ratio: ${ratio(api)} (goal ≥ 0.5×)`);
