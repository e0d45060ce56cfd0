// Resident memory of the compiled binary: idle, while N http monitors are created through the API, and steady
// while they are checked (with its CPU over the steady window); beside it the floor (one Elysia route and
// bun:sqlite compiled the same way). Prints figures.
//   npx bun bench/memory.ts [--binary dist/upbeat[,OTHER]] [--monitors 1000] [--interval 20] [--steady 60]
//   npx bun bench/memory.ts --seed 10000,100000 --interval 60   # monitors written into the file, not through the API
//   npx bun bench/memory.ts --mix --no-floor                    # every checked kind (bench/mixed-monitors.ts), not http alone
//   npx bun bench/memory.ts --work-floor   # each round also the floor doing the work (bench/support/work-floor-server.ts)
//   npx bun bench/memory.ts --contract-floor [--contract-parts "db;db,api"]   # and the contract's floor, whole and in parts
//                                          # (bench/support/contract-floor-server.ts; parts db, api, v1, docs, ui)
//   npx bun bench/memory.ts --contract-floor --floor-creates both   # the contract floor's monitors made at its start (start, the
//                                          # default), by its POSTs (api: stored and checked as each is created), or both
//   npx bun bench/memory.ts --work-floor --floor-jsc both   # the floors with JavaScriptCore's defaults (off, the default),
//                                          # with upbeat's options (on: src/jsc-options.ts, as `upbeat serve` runs), or both
import { Database } from "bun:sqlite";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { JSC_OPTIONS } from "../src/jsc-options.ts";
import { apiClient, createApiKey } from "../test/support/http.ts";
import { mixedMonitor, type MixTargets } from "./mixed-monitors.ts";
import { writeBigDatabase } from "./support/big-database.ts";
import { freePort, waitForUrl } from "./support/wrk.ts";

const { values } = parseArgs({
  options: {
    binary: { type: "string", default: "dist/upbeat" },
    monitors: { type: "string", default: "1000" },
    seed: { type: "string" },
    interval: { type: "string", default: "20" },
    // after the last monitor is created: one interval, so every monitor has had its first check (pending → up)
    warmup: { type: "string" },
    steady: { type: "string", default: "60" },
    rounds: { type: "string", default: "1" },
    "no-floor": { type: "boolean", default: false },
    "work-floor": { type: "boolean", default: false },
    "contract-floor": { type: "boolean", default: false },
    // ;-separated variants of the contract floor, each a ,-separated list of its parts
    "contract-parts": { type: "string" },
    "floor-jsc": { type: "string", default: "off" },
    "floor-creates": { type: "string", default: "start" },
    mix: { type: "boolean", default: false },
  },
});
/** A floor's variant: what its line says, and what it gets in its environment. */
interface FloorVariant { label: string; env: Record<string, string> }

/** The variants an option names: one of two, or "both". A name not in the table is one line and exit 2. */
function chosenVariants(option: "floor-jsc" | "floor-creates", table: Record<string, FloorVariant>): FloorVariant[] {
  const [first, second] = Object.keys(table) as [string, string];
  const name = values[option];
  if (name === "both") return [table[first]!, table[second]!];
  if (name in table) return [table[name]!];
  console.error(`bench/memory.ts: --${option} must be ${first}, ${second} or both, not "${name}"`);
  process.exit(2);
}
/** Which runtimes the work and contract floors run in: upbeat re-execs itself with JSC_OPTIONS, the floors do not. */
const floorRuntimes = chosenVariants("floor-jsc", {
  off: { label: "JavaScriptCore's defaults", env: {} },
  on: { label: "upbeat's JavaScriptCore options", env: { ...JSC_OPTIONS } },
});
/** When the contract floor's monitors come to be: written at its start, or created by the burst of POSTs. */
const MONITORS_AT_START: FloorVariant = { label: "monitors made at start", env: {} };
const floorCreates = chosenVariants("floor-creates", {
  start: MONITORS_AT_START,
  api: { label: "monitors made by its POSTs", env: { FLOOR_CREATE: "api" } },
});
const repo = join(import.meta.dir, "..");
const binaries = values.binary.split(",").map((path) => resolve(repo, path));
const intervalSeconds = Number(values.interval);
const warmupMs = Number(values.warmup ?? intervalSeconds) * 1000;
const steadyMs = Number(values.steady) * 1000;
const SAMPLE_MS = 250;
const CREATE_CONCURRENCY = 8;
const work = mkdtempSync(join(tmpdir(), "upbeat-bench-memory-"));
const load = () => loadavg()[0]!.toFixed(1);

interface Memory { rss: number; anon: number; file: number; peak: number }

/** VmRSS with its anonymous and file-backed parts, and VmHWM (the kernel's own peak), in MB. */
function memoryOf(pid: number): Memory {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const mb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)![1]) / 1024;
  return { rss: mb("VmRSS"), anon: mb("RssAnon"), file: mb("RssFile"), peak: mb("VmHWM") };
}

/** User + system CPU of all the process' threads, in seconds (/proc/PID/stat, clock ticks of 10 ms). */
function cpuSecondsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Read syscalls so far (/proc/PID/io): with the same network work, more of them means more pages SQLite's cache missed. */
function readCallsOf(pid: number): number {
  return Number(/syscr: (\d+)/.exec(readFileSync(`/proc/${pid}/io`, "utf8"))![1]);
}

async function timed(run: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await run();
  return (performance.now() - started) / 1000;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const fmt = (m: Pick<Memory, "rss" | "anon" | "file">) => `${m.rss.toFixed(1)} MB (anon ${m.anon.toFixed(1)}, file ${m.file.toFixed(1)})`;

/** Samples a process every SAMPLE_MS for `ms` and returns the medians. */
async function steadyOf(pid: number, ms: number): Promise<Memory> {
  const samples: Memory[] = [];
  for (const end = performance.now() + ms; performance.now() < end; await Bun.sleep(SAMPLE_MS)) samples.push(memoryOf(pid));
  const of = (key: keyof Memory) => median(samples.map((s) => s[key]));
  return { rss: of("rss"), anon: of("anon"), file: of("file"), peak: memoryOf(pid).peak };
}

function spawn(command: string[], dataDir: string, port: number, extra: Record<string, string> = {}) {
  const env = {
    ...extra,
    PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: tmpdir(), UPBEAT_PORT: String(port), UPBEAT_HOST: "127.0.0.1", UPBEAT_DATA_DIR: dataDir,
    UPBEAT_ADMIN_EMAIL: "bench@example.com", UPBEAT_ADMIN_PASSWORD: "bench-password", UPBEAT_RATE_LIMITS: "team=1000000000",
    // allocator and JavaScriptCore tuning to try, passed on as given (MIMALLOC_PURGE_DELAY=0, BUN_JSC_…)
    ...Object.fromEntries(Object.entries(process.env).filter(([name]) => /^(MIMALLOC_|BUN_JSC_)/.test(name))),
  };
  return Bun.spawn(command, { env, stdin: "ignore", stdout: "ignore", stderr: "inherit" });
}

async function stop(proc: ReturnType<typeof spawn>) {
  proc.kill("SIGTERM");
  if ((await Promise.race([proc.exited, Bun.sleep(15_000).then(() => null)])) === null) proc.kill("SIGKILL");
  await proc.exited;
}

/** The body of the i-th monitor: http, or with --mix the i-th of the mix (a group lists monitors made before it). */
function monitorBody(i: number, target: string, made: string[]): Record<string, unknown> {
  if (!mixTargets) return { name: `m${i}`, kind: "http", url: `${target}/m${i}`, interval_seconds: intervalSeconds };
  const { kind, url, settings } = mixedMonitor(i, mixTargets, made);
  return { name: `m${i}`, kind, ...(url === null ? {} : { url }), interval_seconds: intervalSeconds, ...settings };
}

/** Creates the monitors through the API, a few requests in flight as a script would. */
async function createMonitors(base: string, count: number, target: string) {
  const key = await createApiKey(apiClient(base), "bench@example.com", "bench-password");
  await postMonitors(base, count, target, { Authorization: `Bearer ${key}` });
}

/** POST /api/v1/monitors `count` times, CREATE_CONCURRENCY at once; each must answer 201. */
async function postMonitors(base: string, count: number, target: string, auth: Record<string, string>) {
  const headers = { ...auth, "Content-Type": "application/json" };
  const made: string[] = [];
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < count; i = next++) {
      const body = JSON.stringify(monitorBody(i, target, made));
      const response = await fetch(`${base}/api/v1/monitors`, { method: "POST", headers, body });
      if (response.status !== 201) throw new Error(`create monitor: ${response.status} ${await response.text()}`);
      made.push(((await response.json()) as { id: string }).id);
    }
  };
  await Promise.all(Array.from({ length: CREATE_CONCURRENCY }, worker));
}

function checksStored(dataDir: string): number {
  const db = new Database(join(dataDir, "upbeat.db"), { readonly: true });
  try {
    return (db.query("SELECT count(*) AS n FROM checks").get() as { n: number }).n;
  } finally {
    db.close();
  }
}

interface Window { from: number; to: number }

/**
 * The schedule as the file tells it after the run: checks started per second in the steady window, and each
 * monitor's latest check's lateness (its start minus its planned start; the row's next due time is the planned one
 * plus an interval while on time, so a check more than an interval late shows modulo the interval).
 */
function scheduleOf(dataDir: string, window: Window): string {
  const db = new Database(join(dataDir, "upbeat.db"), { readonly: true });
  try {
    const done = db.query("SELECT count(*) AS n FROM checks WHERE checked_at >= ? AND checked_at < ?").get(window.from, window.to) as { n: number };
    const late = db.query(`SELECT last_checked_at - (next_due_at - interval_seconds * 1000) FROM monitors
      WHERE kind != 'heartbeat' AND last_checked_at IS NOT NULL ORDER BY 1`).values().map((row) => Number(row[0]));
    const at = (q: number) => late[Math.min(late.length - 1, Math.ceil(late.length * q) - 1)] ?? NaN;
    const perSecond = done.n / ((window.to - window.from) / 1000);
    return `steady window: ${perSecond.toFixed(1)} checks/s started; lateness of each monitor's latest check p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${late.at(-1)} ms`;
  } finally {
    db.close();
  }
}

/** idle → create N monitors through the API (peak) → warm-up → steady; or, seeded, start on a file holding them. */
async function measure(binary: string, monitors: number, seeded: boolean, target: string) {
  const dataDir = mkdtempSync(join(work, "data-"));
  if (seeded) writeBigDatabase(join(dataDir, "upbeat.db"), { monitors, checksPerMonitor: 0, intervalSeconds, targetUrl: target });
  const port = freePort();
  const base = `http://127.0.0.1:${port}`;
  const proc = spawn([binary], dataDir, port);
  const started = performance.now();
  let steady: Window | null = null;
  try {
    await waitForUrl(`${base}/healthz`, 120_000);
    const idle = await steadyOf(proc.pid, 3000);
    const created = performance.now();
    if (!seeded) await createMonitors(base, monitors, target);
    const createS = (performance.now() - created) / 1000;
    const afterCreate = memoryOf(proc.pid);
    const { lines: window, from, to } = await steadyWindow(proc.pid);
    steady = { from, to };
    // whether the checkpoints keep it bounded under this load (a clean stop empties it)
    window.push(`WAL file at the end of the steady window: ${((statSync(join(dataDir, "upbeat.db-wal"), { throwIfNoEntry: false })?.size ?? 0) / 1e6).toFixed(1)} MB`);
    const how = seeded ? "seeded into the file" : `created through the API in ${createS.toFixed(1)} s`;
    console.log([
      `${binary.replace(`${repo}/`, "")}: ${monitors.toLocaleString("en")} ${mixTargets ? "mixed" : "http"} monitors @ ${intervalSeconds} s, ${how} (load ${load()})`,
      `idle before: ${fmt(idle)}`,
      ...(seeded ? [] : [`right after creating: ${fmt(afterCreate)}`]),
      ...window,
    ].join("\n  "));
  } finally {
    await stop(proc);
  }
  // the figure means little if the scheduler fell behind: how many checks the run stored against its plan
  const stored = checksStored(dataDir);
  console.log(`  checks stored ${stored.toLocaleString("en")} in ${((performance.now() - started) / 1000).toFixed(0)} s (${monitors.toLocaleString("en")} monitors @ ${intervalSeconds} s: ${(monitors / intervalSeconds).toFixed(0)}/s planned)`);
  if (steady) console.log(`  ${scheduleOf(dataDir, steady)}`);
}

/** A program of bench/support compiled like upbeat (minified, bytecode, in a recorded order if given). */
async function compileSupport(name: string, bytecodeOrder: string | null = null, outfile = join(work, name)): Promise<string> {
  const built = await Bun.build({
    entrypoints: [join(import.meta.dir, `support/${name}.ts`)],
    compile: { outfile, autoloadBunfig: false, bytecodeOrder }, minify: true, bytecode: true, format: "esm",
  });
  if (!built.success) throw new Error(`${name} build failed: ${built.logs.join("\n")}`);
  return outfile;
}

/** The bare floor: floor-server.ts compiled, idle RSS. */
async function floor() {
  const outfile = await compileSupport("floor-server");
  const port = freePort();
  const proc = spawn([outfile], mkdtempSync(join(work, "floor-")), port);
  try {
    await waitForUrl(`http://127.0.0.1:${port}/healthz`);
    const idle = await steadyOf(proc.pid, 5000);
    console.log(`floor (one Elysia route, bun:sqlite open in WAL, compiled): ${fmt(idle)}, peak ${idle.peak.toFixed(1)} MB (load ${load()})`);
  } finally {
    await stop(proc);
  }
}

/** After the warm-up, the steady window's CPU, median memory and the run's peak, as report lines. */
async function steadyWindow(pid: number): Promise<Window & { lines: string[] }> {
  await Bun.sleep(warmupMs);
  const [cpuBefore, readsBefore, loadBefore, from] = [cpuSecondsOf(pid), readCallsOf(pid), load(), Date.now()];
  const steady = await steadyOf(pid, steadyMs);
  const cpuPercent = ((cpuSecondsOf(pid) - cpuBefore) / (steadyMs / 1000)) * 100;
  const readsPerSecond = (readCallsOf(pid) - readsBefore) / (steadyMs / 1000);
  return { from, to: Date.now(), lines: [
    `CPU over the steady window: ${cpuPercent.toFixed(1)} % of one core, ${readsPerSecond.toFixed(0)} read syscalls/s (load average ${loadBefore} → ${load()})`,
    `steady (median of ${steadyMs / 1000} s after ${warmupMs / 1000} s warm-up): ${fmt(steady)}`,
    `peak (VmHWM, whole run): ${steady.peak.toFixed(1)} MB`,
  ] };
}

/** A floor's RSS: started without monitors (idle), then doing `monitors` monitors' work (steady); with `api`, after
 * the monitors were also POSTed to it as to upbeat. */
async function measureFloor(label: string, outfile: string, monitors: number, target: string, extra: Record<string, string> = {}, api = false) {
  const env = (n: number) => ({ ...extra, FLOOR_MONITORS: String(n), FLOOR_INTERVAL_SECONDS: String(intervalSeconds), FLOOR_TARGET: target });
  let port = freePort();
  const idleProc = spawn([outfile], mkdtempSync(join(work, "floor-idle-")), port, env(0));
  let idle: Memory;
  try {
    await waitForUrl(`http://127.0.0.1:${port}/healthz`);
    idle = await steadyOf(idleProc.pid, 3000);
  } finally {
    await stop(idleProc);
  }
  const dataDir = mkdtempSync(join(work, "floor-"));
  port = freePort();
  const proc = spawn([outfile], dataDir, port, env(monitors));
  const started = performance.now();
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitForUrl(`${base}/healthz`);
    // the same creation burst as upbeat's (validated, answered with a constant): the contract's part of its cost
    const burst = api ? await timed(() => postMonitors(base, monitors, target, {})) : null;
    const afterBurst = memoryOf(proc.pid);
    const { lines: window } = await steadyWindow(proc.pid);
    console.log([
      `${label}, ${monitors.toLocaleString("en")} monitors @ ${intervalSeconds} s (load ${load()})`,
      `idle (no monitors): ${fmt(idle)}`,
      ...(burst === null ? [] : [`right after ${monitors.toLocaleString("en")} POST /api/v1/monitors in ${burst.toFixed(1)} s: ${fmt(afterBurst)}`]),
      ...window,
    ].join("\n  "));
  } finally {
    await stop(proc);
  }
  const stored = checksStored(dataDir);
  console.log(`  checks stored ${stored.toLocaleString("en")} in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

/** Every part of contract-floor-server.ts: the whole contract floor. */
const CONTRACT_PARTS = "db,api,v1,docs,ui";
const WORK_FLOOR = "work floor (one Elysia route, bun:sqlite in WAL, a fetch per monitor and interval with one row each, written once a second, compiled)";

/** The contract floor compiled once per variant, each in the bytecode order one run of it records (as upbeat's build). */
async function contractFloors(variants: string[], target: string): Promise<Map<string, string>> {
  const built = new Map<string, string>();
  for (const parts of variants) {
    const outfile = join(work, `contract-floor-${built.size}`);
    await compileSupport("contract-floor-server", null, outfile);
    const profile = join(work, `contract-floor-${built.size}.order`);
    await recordOrder(outfile, profile, { CONTRACT_FLOOR_PARTS: parts, FLOOR_MONITORS: "10", FLOOR_INTERVAL_SECONDS: "1", FLOOR_TARGET: target });
    built.set(parts, await compileSupport("contract-floor-server", profile, outfile));
  }
  return built;
}

/** One run of a floor with BUN_BYTECODE_ORDER_OUT: started, a few seconds of checks, its API asked, stopped. */
async function recordOrder(outfile: string, profile: string, extra: Record<string, string>) {
  const port = freePort();
  const base = `http://127.0.0.1:${port}`;
  const proc = spawn([outfile], mkdtempSync(join(work, "order-")), port, { ...extra, BUN_BYTECODE_ORDER_OUT: profile });
  try {
    await waitForUrl(`${base}/healthz`);
    const body = JSON.stringify({ name: "m", kind: "http", url: target, interval_seconds: 20 });
    await fetch(`${base}/api/v1/monitors`, { method: "POST", headers: { "Content-Type": "application/json" }, body });
    await fetch(`${base}/api/v1/monitors?limit=100`);
    await Bun.sleep(3000);
  } finally {
    await stop(proc);
  }
}

const targetProc = Bun.spawn([process.execPath, join(import.meta.dir, "checks-target.ts"), ...(values.mix ? ["--mix"] : [])], { stdout: "pipe" });
const firstLine = new TextDecoder().decode((await targetProc.stdout.getReader().read()).value).trim();
const mixTargets: MixTargets | null = values.mix ? JSON.parse(firstLine) : null;
const target = `http://127.0.0.1:${mixTargets ? mixTargets.http : firstLine}`;
try {
  if (!values["no-floor"]) await floor();
  const workFloor = values["work-floor"] ? await compileSupport("work-floor-server") : null;
  const contractVariants = [...(values["contract-parts"]?.split(";") ?? []), ...(values["contract-floor"] ? [CONTRACT_PARTS] : [])];
  const contract = await contractFloors(contractVariants, target);
  const sizes = (values.seed ?? values.monitors).split(",").map(Number);
  for (let round = 0; round < Number(values.rounds); round++) {
    for (const size of sizes) {
      for (const runtime of floorRuntimes) {
        if (workFloor) await measureFloor(`${WORK_FLOOR}; ${runtime.label}`, workFloor, size, target, runtime.env);
        for (const [parts, outfile] of contract) {
          const api = parts.split(",").includes("api");
          for (const creates of api ? floorCreates : [MONITORS_AT_START]) {
            const label = `contract floor [${parts}] (compiled in its bytecode order; ${runtime.label}; ${creates.label})`;
            await measureFloor(label, outfile, size, target, { ...runtime.env, ...creates.env, CONTRACT_FLOOR_PARTS: parts }, api);
          }
        }
      }
      for (const binary of binaries) await measure(binary, size, values.seed !== undefined, target);
    }
  }
} finally {
  targetProc.kill();
  rmSync(work, { recursive: true, force: true });
}
