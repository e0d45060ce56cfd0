// Scheduler benchmark: N http monitors (or, with --mix, every checked kind) every I seconds against local targets;
// prints figures, asserts nothing.
//   npx bun bench/checks.ts --monitors 1000,10000,100000 --interval 60 --seconds 120
//   npx bun bench/checks.ts --monitors 1000 --interval 20 --seconds 60 --skip-storage --mix
//   npx bun bench/checks.ts --monitors 10000,100000 --interval 60 --binary dist/upbeat   # the compiled binary
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { bootstrapAdmin } from "../src/accounts/users.ts";
import { createAlerts } from "../src/alerts/pipeline.ts";
import { closeDatabase, migrate, openDatabase } from "../src/db/open.ts";
import { createServices } from "../src/services.ts";
import { createScheduler } from "../src/scheduler/scheduler.ts";
import { createStore } from "../src/store/index.ts";
import { systemClock } from "../src/time.ts";
import { readChildrenWith } from "../src/probes/group.ts";
import { mixedMonitor, type MixTargets } from "./mixed-monitors.ts";

const { values } = parseArgs({
  options: {
    monitors: { type: "string", default: "1000,10000,100000" },
    interval: { type: "string", default: "60" },
    seconds: { type: "string", default: "120" },
    // the first check of each monitor flips it from pending to up (a status event each): not the steady state
    warmup: { type: "string" },
    concurrency: { type: "string", default: "512" },
    "skip-storage": { type: "boolean", default: false },
    // the alert outbox and sender as boot() wires them (idle here: no channel, no flip after the warm-up);
    // "both" runs every size without it, then with it, for a same-run ratio
    outbox: { type: "string", default: "on" },
    // every checked kind in turn (bench/mixed-monitors.ts) instead of http alone
    mix: { type: "boolean", default: false },
    // the compiled binary instead of the scheduler in this process: bench/memory.ts starts it on a file seeded with
    // the monitors and reads the same figures (checks/s, lateness, CPU, memory) back from it and from /proc
    binary: { type: "string" },
  },
});
if (values.binary !== undefined) {
  const args = ["--binary", values.binary, "--seed", values.monitors, "--interval", values.interval, "--steady", values.seconds, "--no-floor"];
  if (values.warmup !== undefined) args.push("--warmup", values.warmup);
  if (values.mix || values.outbox !== "on" || values.concurrency !== "512") {
    console.error("bench/checks.ts: --binary runs the binary as it ships: --mix, --outbox and --concurrency do not apply");
    process.exit(2);
  }
  const child = Bun.spawn([process.execPath, join(import.meta.dir, "memory.ts"), ...args], { stdout: "inherit", stderr: "inherit" });
  process.exit(await child.exited);
}
const sizes = values.monitors.split(",").map(Number);
const intervalSeconds = Number(values.interval);
const seconds = Number(values.seconds);
const warmupSeconds = Number(values.warmup ?? intervalSeconds);
const load = () => loadavg().map((l) => l.toFixed(2)).join(" ");

const target = Bun.spawn([process.execPath, join(import.meta.dir, "checks-target.ts"), ...(values.mix ? ["--mix"] : [])], { stdout: "pipe" });
const reader = target.stdout.getReader();
const targetLine = new TextDecoder().decode((await reader.read()).value).trim();
const targets: MixTargets | null = values.mix ? JSON.parse(targetLine) : null;
const targetPort = targets ? targets.http : Number(targetLine);

const percentile = (sorted: Float64Array, q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * q) - 1)] ?? NaN;
const dbBytes = (path: string) => ["", "-wal", "-shm"].reduce((sum, suffix) => {
  try {
    return sum + statSync(path + suffix).size;
  } catch {
    return sum;
  }
}, 0);

async function run(monitorCount: number, withOutbox: boolean) {
  const dir = mkdtempSync(join(tmpdir(), "upbeat-bench-"));
  const dbPath = join(dir, "upbeat.db");
  const db = openDatabase(dbPath);
  migrate(db);
  const store = createStore(db);
  const admin = (await bootstrapAdmin(store, "bench@example.com", "bench-password", Date.now()))!;
  const projectId = store.projects.defaultOf(store.organizations.listForUser(admin.id)[0]!.organization.id)!.id;
  store.transaction(() => {
    const ids: string[] = [];
    for (let i = 0; i < monitorCount; i++) {
      const monitor = targets ? mixedMonitor(i, targets, ids) : {
        kind: "http" as const, url: `http://127.0.0.1:${targetPort}/m${i}`, settings: { method: "GET", expected_status: "200-399", follow_redirects: true },
      };
      ids.push(store.monitors.insert({ projectId, name: `m${i}`, intervalSeconds, timeoutSeconds: 10, ...monitor }, Date.now()).id);
    }
  });
  readChildrenWith((id) => store.monitors.byId(id));
  db.$client.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  const bytesBefore = dbBytes(dbPath);

  const lags: number[] = [];
  let measuring = false;
  const { monitors, statusChanges } = createServices(store, systemClock);
  const alerts = withOutbox ? createAlerts({
    store, statusChanges, clock: systemClock, baseUrl: () => "http://127.0.0.1",
    config: { alertRetrySeconds: 30, alertRetryHours: 24, alertRateLimit: 10 },
  }) : null;
  const scheduler = createScheduler({
    store, monitors, statusChanges, clock: systemClock,
    maxConcurrent: Number(values.concurrency),
    onCheckStarted: (lagMs) => { if (measuring) lags.push(lagMs); },
  });
  Bun.gc(true);
  let peakRss = process.memoryUsage.rss();
  const sampler = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage.rss()); }, 250);
  const loadBefore = load();
  scheduler.start();
  alerts?.start();
  await Bun.sleep(warmupSeconds * 1000);
  const startedAt = performance.now();
  const cpuBefore = process.cpuUsage();
  measuring = true;
  await Bun.sleep(seconds * 1000);
  measuring = false;
  const cpu = process.cpuUsage(cpuBefore);
  const elapsedS = (performance.now() - startedAt) / 1000;
  clearInterval(sampler);
  await scheduler.stop(10_000);
  await alerts?.sender.stop(1_000);
  alerts?.stopListening();
  const stored = (db.$client.query("SELECT count(*) AS n FROM checks").get() as { n: number }).n;
  const bytesPerCheck = (dbBytes(dbPath) - bytesBefore) / stored;
  db.$client.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  const bytesPerCheckCheckpointed = (dbBytes(dbPath) - bytesBefore) / stored;
  closeDatabase(db);
  rmSync(dir, { recursive: true, force: true });

  const sorted = Float64Array.from(lags).sort();
  console.log([
    `monitors ${monitorCount.toLocaleString("en")}${targets ? " (mixed kinds)" : ""} @ ${intervalSeconds} s, outbox ${withOutbox ? "on" : "off"}, for ${elapsedS.toFixed(0)} s after ${warmupSeconds} s warm-up (load average ${loadBefore} before, ${load()} after):`,
    `checks/s ${(lags.length / elapsedS).toFixed(1)} (expected ${(monitorCount / intervalSeconds).toFixed(1)})`,
    `lag p50 ${percentile(sorted, 0.5).toFixed(0)} ms, p99 ${percentile(sorted, 0.99).toFixed(0)} ms, max ${(sorted.at(-1) ?? NaN).toFixed(0)} ms`,
    `CPU ${(((cpu.user + cpu.system) / 1e6 / elapsedS) * 100).toFixed(1)} % of one core`,
    `peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MB (from start, warm-up included)`,
    `bytes on disk per stored check: ${bytesPerCheck.toFixed(1)} with the WAL as left, ${bytesPerCheckCheckpointed.toFixed(1)} after a checkpoint (${stored.toLocaleString("en")} rows)`,
  ].join("\n  "));
}

/** Storage once monitors have a history: 1,000 monitors × 720 checks written time-ordered in 1 s batches, as the scheduler does. */
async function storage() {
  const dir = mkdtempSync(join(tmpdir(), "upbeat-bench-"));
  const dbPath = join(dir, "upbeat.db");
  const db = openDatabase(dbPath);
  migrate(db);
  const store = createStore(db);
  const admin = (await bootstrapAdmin(store, "bench@example.com", "bench-password", Date.now()))!;
  const projectId = store.projects.defaultOf(store.organizations.listForUser(admin.id)[0]!.organization.id)!.id;
  const seqs = store.transaction(() => Array.from({ length: 1000 }, (_, i) => store.monitors.insert({
    projectId, name: `m${i}`, kind: "http", url: `http://127.0.0.1/m${i}`, intervalSeconds: 60, timeoutSeconds: 10,
  }, Date.now()).seq));
  db.$client.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  const bytesBefore = dbBytes(dbPath);
  const start = Date.now();
  for (let round = 0; round < 720; round++) {
    const at = start + round * 60_000;
    const rows = seqs.map((seq, i) => ({
      monitorSeq: seq, checkedAt: at + i * 60, isUp: round % 50 !== 0, statusCode: round % 50 !== 0 ? 200 : 503,
      responseTimeMs: 1 + ((round * 7 + i) % 40), errorMessage: round % 50 !== 0 ? null : "expected 200-399, got 503",
    }));
    store.checks.record(rows, rows.map((r) => ({ monitorSeq: r.monitorSeq, lastCheckedAt: r.checkedAt, nextDueAt: r.checkedAt + 60_000, failStreak: 0, successStreak: 0, details: null })));
  }
  db.$client.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  const stored = (db.$client.query("SELECT count(*) AS n FROM checks").get() as { n: number }).n;
  console.log(`storage with history: ${((dbBytes(dbPath) - bytesBefore) / stored).toFixed(1)} bytes per check (${stored.toLocaleString("en")} rows, 2 % down with a message)`);
  closeDatabase(db);
  rmSync(dir, { recursive: true, force: true });
}

const outboxRuns = { on: [true], off: [false], both: [false, true] }[values.outbox] ?? [true];
for (const size of sizes) for (const withOutbox of outboxRuns) await run(size, withOutbox);
if (!values["skip-storage"]) await storage();
target.kill();
