// Start-up benchmark: the compiled binary from spawn until /healthz answers, for an empty database and for a big
// one; idle RSS; binary size; the same start-up on linux-arm64 under qemu (information only). Prints figures.
//   npx bun bench/startup.ts [--runs 7] [--monitors 10000] [--checks-per-monitor 1000] [--arm64-runs 3] [--no-build]
//   npx bun bench/startup.ts --no-build --binary /tmp/other-upbeat --arm64-runs 0   # another x64 binary, no arm64
import { Database } from "bun:sqlite";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { writeBigDatabase } from "./support/big-database.ts";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "7" },
    monitors: { type: "string", default: "10000" },
    "checks-per-monitor": { type: "string", default: "1000" },
    "interval-seconds": { type: "string", default: "3600" },
    "idle-seconds": { type: "string", default: "5" },
    "arm64-runs": { type: "string", default: "3" },
    "no-build": { type: "boolean", default: false },
    binary: { type: "string" },
  },
});
const runs = Number(values.runs);
const armRuns = Number(values["arm64-runs"]);
const idleMs = Number(values["idle-seconds"]) * 1000;
const repo = new URL("..", import.meta.url).pathname;
const x64 = values.binary ?? join(repo, "dist/upbeat");
const arm64 = join(repo, "dist/upbeat-linux-arm64");
const QEMU = ["qemu-aarch64", "-L", "/usr/aarch64-linux-gnu"];
const START_TIMEOUT_MS = 120_000;
// USER_HZ, fixed at 100 on Linux
const CLOCK_TICKS_PER_SECOND = 100;

if (!values["no-build"]) {
  const build = Bun.spawnSync([process.execPath, "run", "scripts/build.ts", "--target", "bun-linux-arm64"], { cwd: repo, stdout: "inherit", stderr: "inherit" });
  if (build.exitCode !== 0) process.exit(1);
}

function freePort(): number {
  const probe = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const port = probe.port;
  probe.stop(true);
  return port;
}

interface Started { ms: number; cpuMs: number; child: Bun.Subprocess }

/** CPU time (user + system, all threads) the process has used so far; steadier than wall time on a busy machine. */
function cpuMsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) * (1000 / CLOCK_TICKS_PER_SECOND);
}

/** Spawns `upbeat serve` on a data dir and polls /healthz until it answers; the time is spawn → first 200. */
async function start(command: string[], dataDir: string): Promise<Started> {
  const port = freePort();
  const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: tmpdir(), UPBEAT_PORT: String(port), UPBEAT_HOST: "127.0.0.1", UPBEAT_DATA_DIR: dataDir };
  const began = performance.now();
  const child = Bun.spawn(command, { env, stdin: "ignore", stdout: "ignore", stderr: "inherit" });
  for (;;) {
    if (child.exitCode !== null) throw new Error(`upbeat exited with ${child.exitCode}`);
    if (performance.now() - began > START_TIMEOUT_MS) throw new Error("upbeat did not answer /healthz");
    try {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (response.status === 200) return { ms: performance.now() - began, cpuMs: cpuMsOf(child.pid), child };
    } catch {
      // not listening yet
    }
    await Bun.sleep(2);
  }
}

async function stop(child: Bun.Subprocess): Promise<void> {
  child.kill("SIGTERM");
  const exited = await Promise.race([child.exited, Bun.sleep(15_000).then(() => null)]);
  if (exited === null) child.kill("SIGKILL");
  await child.exited;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number) => `${Math.round(x)} ms`;
interface Runs { wall: number[]; cpu: number[] }

const summary = ({ wall, cpu }: Runs) =>
  `median ${ms(median(wall))} (min ${ms(Math.min(...wall))}, max ${ms(Math.max(...wall))}, ${wall.length} runs), CPU ${ms(median(cpu))}`;

/** Start-up times over `count` runs, the first `warmup` left out; `dataDir()` gives each run its folder. */
async function startups(command: string[], dataDir: () => string, count: number, warmup = 0): Promise<Runs> {
  const runs: Runs = { wall: [], cpu: [] };
  for (let i = 0; i < count + warmup; i++) {
    const { ms: took, cpuMs, child } = await start(command, dataDir());
    if (i >= warmup) {
      runs.wall.push(took);
      runs.cpu.push(cpuMs);
    }
    await stop(child);
  }
  return runs;
}

/** VmRSS of the process after it has sat idle for a while, with its anonymous and file-backed parts. */
async function idleRss(command: string[], dataDir: string): Promise<string> {
  const { child } = await start(command, dataDir);
  await Bun.sleep(idleMs);
  const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
  await stop(child);
  const mb = (field: string) => (Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)![1]) / 1024).toFixed(1);
  return `${mb("VmRSS")} MB (anonymous ${mb("RssAnon")} MB, file-backed ${mb("RssFile")} MB: the executable's pages)`;
}

function pauseAll(path: string): void {
  const db = new Database(path);
  db.run("UPDATE monitors SET is_paused = 1");
  db.close();
}

const scratch = mkdtempSync(join(tmpdir(), "upbeat-bench-startup-"));
const folder = (name: string) => mkdtempSync(join(scratch, `${name}-`));
try {
  const sizeMb = (path: string) => (existsSync(path) ? (statSync(path).size / 1024 / 1024).toFixed(1) : "–");
  console.log(`binary size: linux-x64 ${sizeMb(x64)} MB, linux-arm64 ${sizeMb(arm64)} MB`);

  const fresh = await startups([x64], () => folder("fresh"), runs);
  console.log(`x64, empty data dir (first start: creates the file and schema): ${summary(fresh)}`);
  const emptyDir = folder("empty");
  const empty = await startups([x64], () => emptyDir, runs, 1);
  console.log(`x64, empty database (restart, schema in place): ${summary(empty)}`);
  console.log(`x64, idle RSS after ${idleMs / 1000} s, empty database: ${await idleRss([x64], emptyDir)}`);

  const bigDir = folder("big");
  const monitors = Number(values.monitors);
  const perMonitor = Number(values["checks-per-monitor"]);
  const generating = performance.now();
  // a port that was free a moment ago: checks fail fast on 127.0.0.1 and reach nothing else
  writeBigDatabase(join(bigDir, "upbeat.db"), {
    monitors, checksPerMonitor: perMonitor, intervalSeconds: Number(values["interval-seconds"]), targetUrl: `http://127.0.0.1:${freePort()}`,
  });
  const dbMb = (statSync(join(bigDir, "upbeat.db")).size / 1024 / 1024).toFixed(0);
  const label = `${monitors.toLocaleString("en")} active http monitors, ${(monitors * perMonitor).toLocaleString("en")} checks (${dbMb} MB)`;
  console.log(`generated ${label} in ${((performance.now() - generating) / 1000).toFixed(1)} s`);
  // the same file with every monitor paused: what the scheduler's load of active monitors costs
  const pausedDir = folder("paused");
  copyFileSync(join(bigDir, "upbeat.db"), join(pausedDir, "upbeat.db"));
  pauseAll(join(pausedDir, "upbeat.db"));
  const big = await startups([x64], () => bigDir, runs, 1);
  console.log(`x64, ${label}: ${summary(big)}`);
  console.log(`x64, idle RSS after ${idleMs / 1000} s, ${label}: ${await idleRss([x64], bigDir)}`);
  console.log(`x64, the same with every monitor paused: ${summary(await startups([x64], () => pausedDir, runs, 1))}`);

  if (armRuns > 0) {
    const armEmpty = await startups([...QEMU, arm64], () => emptyDir, armRuns);
    console.log(`arm64 under qemu, empty database: ${summary(armEmpty)}`);
    const armBig = await startups([...QEMU, arm64], () => bigDir, armRuns);
    console.log(`arm64 under qemu, ${label}: ${summary(armBig)}`);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
