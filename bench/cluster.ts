// Cluster benchmark: N http monitors every I seconds, shared by 1, 2 or 3 upbeat instances on one PostgreSQL,
// against a local target in its own process. Each instance is a process of its own (this script with --instance:
// scheduler, cluster member and alert outbox as boot() wires them); prints figures, asserts nothing. Steady state:
// the monitors were last edited long ago, and measuring starts --warmup seconds (one interval) after the shares are
// even, so the claims' backlog is gone; it lasts --seconds (two intervals). --warmup 0 measures the first minute.
//   npx bun bench/cluster.ts --monitors 10000,100000 --instances 1,2,3 --interval 60
// --statements: PostgreSQL's costliest statements over the measured window (pg_stat_statements).
// Each instance also reports how late a 20 ms timer fired: how long its event loop was held (or starved of CPU).
import { loadavg } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { bootstrapAdmin } from "../src/accounts/users.ts";
import { createAlerts } from "../src/alerts/pipeline.ts";
import { createClusterMember } from "../src/cluster/member.ts";
import { connectPostgres } from "../src/db/postgres/connection.ts";
import { newId } from "../src/ids.ts";
import { createScheduler } from "../src/scheduler/scheduler.ts";
import { createServices } from "../src/services.ts";
import { createPostgresStore } from "../src/store/postgres/index.ts";
import { systemClock } from "../src/time.ts";
import { postgresForStores } from "../test/support/postgres-store.ts";
import { postgresPid, treeCpuMicros } from "./support/cpu.ts";

const { values } = parseArgs({
  options: {
    monitors: { type: "string", default: "10000,100000" },
    instances: { type: "string", default: "1,2,3" },
    interval: { type: "string", default: "60" },
    /** default: two intervals */
    seconds: { type: "string" },
    /** default: one interval */
    warmup: { type: "string" },
    statements: { type: "boolean", default: false },
    concurrency: { type: "string", default: "256" },
    /** run as one instance on this database (the parent starts these) */
    instance: { type: "string" },
  },
});

interface InstanceFigures {
  checks: number;
  lags: number[];
  cpuMicros: number;
  peakRss: number;
  /** how late each tick of a TICK_MS timer fired: the event loop held (a synchronous query) or starved of CPU */
  loopDelays: number[];
}

const TICK_MS = 20;
/** ticks later than this count as the event loop held */
const HELD_MS = 50;

/** One upbeat's checking side on a shared database: measures between "start" and "stop" on stdin. */
async function runInstance(url: string): Promise<void> {
  const store = createPostgresStore(connectPostgres(url));
  const { monitors, statusChanges } = createServices(store, systemClock);
  const alerts = createAlerts({
    store, statusChanges, clock: systemClock, baseUrl: () => "http://127.0.0.1",
    config: { alertRetrySeconds: 30, alertRetryHours: 24, alertRateLimit: 10 },
  });
  const member = createClusterMember({ cluster: store.cluster!, instanceId: newId(), region: null });
  const lags: number[] = [];
  let measuring = false;
  const scheduler = createScheduler({
    store, monitors, statusChanges, clock: systemClock, maxConcurrent: Number(values.concurrency), shared: member,
    onCheckStarted: (lagMs) => { if (measuring) lags.push(lagMs); },
  });
  scheduler.start();
  member.start(scheduler);
  alerts.start();
  let cpuBefore = process.cpuUsage();
  let peakRss = 0;
  const sampler = setInterval(() => { if (measuring) peakRss = Math.max(peakRss, process.memoryUsage.rss()); }, 250);
  const loopDelays: number[] = [];
  let tickAt = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    if (measuring) loopDelays.push(now - tickAt - TICK_MS);
    tickAt = now;
  }, TICK_MS);
  for await (const line of console) {
    if (line === "start") {
      cpuBefore = process.cpuUsage();
      measuring = true;
    } else if (line === "stop") {
      measuring = false;
      const cpu = process.cpuUsage(cpuBefore);
      const figures: InstanceFigures = { checks: lags.length, lags, cpuMicros: cpu.user + cpu.system, peakRss, loopDelays };
      console.log(JSON.stringify(figures));
      clearInterval(sampler);
      clearInterval(ticker);
      member.halt();
      await Promise.all([scheduler.stop(5_000), alerts.sender.stop(1_000)]);
      member.leave();
      alerts.stopListening();
      process.exit(0);
    }
  }
}

if (values.instance) {
  await runInstance(values.instance);
} else {
  await runAll();
}

async function runAll(): Promise<void> {
  const sizes = values.monitors.split(",").map(Number);
  const counts = values.instances.split(",").map(Number);
  const intervalSeconds = Number(values.interval);
  const seconds = Number(values.seconds ?? 2 * intervalSeconds);
  const warmupSeconds = Number(values.warmup ?? intervalSeconds);
  const load = () => loadavg().map((l) => l.toFixed(2)).join(" ");
  const percentile = (sorted: Float64Array, q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * q) - 1)] ?? NaN;

  const target = Bun.spawn([process.execPath, join(import.meta.dir, "checks-target.ts")], { stdout: "pipe" });
  const targetPort = Number(new TextDecoder().decode((await target.stdout.getReader().read()).value).trim());
  const postgres = await postgresForStores(values.statements ? ["shared_preload_libraries=pg_stat_statements"] : []);

  for (const monitorCount of sizes) {
    for (const instanceCount of counts) {
      const database = postgres.freshDatabase();
      const connection = connectPostgres(database.url);
      const store = createPostgresStore(connection);
      const admin = (await bootstrapAdmin(store, "bench@example.com", "bench-password", Date.now()))!;
      const projectId = store.projects.defaultOf(store.organizations.listForUser(admin.id)[0]!.organization.id)!.id;
      // up already (no first flip to measure), last edited an hour ago, first checks spread over one interval from now
      connection.query(
        `INSERT INTO monitors (id, project_id, name, kind, url, status, interval_seconds, timeout_seconds, created_at, updated_at, next_due_at, settings)
         SELECT gen_random_uuid()::text, $1, 'm' || g, 'http', $2 || g, 'up', $3, 10, $4, $4, $5 + (g % 1000) * $3, $6::jsonb FROM generate_series(1, $7) g`,
        [projectId, `http://127.0.0.1:${targetPort}/m`, intervalSeconds, Date.now() - 3_600_000, Date.now() + 5_000,
          JSON.stringify({ method: "GET", expected_status: "200-399", follow_redirects: true }), monitorCount],
      );
      connection.query("ANALYZE"); // as autovacuum would have long since: plans chosen on a table's real size
      if (values.statements) connection.query("CREATE EXTENSION pg_stat_statements");
      const pgPid = postgresPid(Number(new URL(database.url).port));

      const children = Array.from({ length: instanceCount }, () =>
        Bun.spawn([process.execPath, import.meta.path, "--instance", database.url, "--concurrency", values.concurrency], { stdin: "pipe", stdout: "pipe", stderr: "inherit" }));
      // measure once every monitor is held and the shares are even
      const shares = () => (connection.query("SELECT count(*)::int AS n FROM monitor_leases GROUP BY instance_id") as { n: number }[]).map((r) => r.n);
      const startedAt = performance.now();
      for (let s = shares(); s.length !== instanceCount || s.reduce((a, b) => a + b, 0) !== monitorCount || Math.max(...s) - Math.min(...s) > 1; s = shares()) {
        await Bun.sleep(500);
      }
      const settledS = (performance.now() - startedAt) / 1000;
      await Bun.sleep(Math.max(5, warmupSeconds) * 1000);
      if (values.statements) connection.query("SELECT pg_stat_statements_reset()");
      const loadBefore = load();
      const pgCpuBefore = treeCpuMicros(pgPid);
      for (const child of children) child.stdin.write("start\n");
      const measuredAt = performance.now();
      await Bun.sleep(seconds * 1000);
      for (const child of children) child.stdin.write("stop\n");
      const pgCpu = treeCpuMicros(pgPid) - pgCpuBefore;
      const elapsedS = (performance.now() - measuredAt) / 1000;
      const statements = values.statements ? costliestStatements(connection) : [];
      const figures = await Promise.all(children.map(async (child) => JSON.parse((await new Response(child.stdout).text()).trim()) as InstanceFigures));
      connection.close();
      database.drop();

      const percent = (micros: number) => `${((micros / 1e6 / elapsedS) * 100).toFixed(1)} %`;
      const all = Float64Array.from(figures.flatMap((f) => f.lags)).sort();
      const total = figures.reduce((sum, f) => sum + f.checks, 0);
      const instancesCpu = figures.reduce((sum, f) => sum + f.cpuMicros, 0);
      console.log([
        `${monitorCount.toLocaleString("en")} monitors @ ${intervalSeconds} s on ${instanceCount} instance(s), ${elapsedS.toFixed(0)} s measured `
          + `(shares even ${settledS.toFixed(0)} s after start; load average ${loadBefore} before, ${load()} after):`,
        `checks/s ${(total / elapsedS).toFixed(1)} (expected ${(monitorCount / intervalSeconds).toFixed(1)}), lag p50 ${percentile(all, 0.5).toFixed(0)} ms, p99 ${percentile(all, 0.99).toFixed(0)} ms`,
        ...figures.map((f, i) => {
          const own = Float64Array.from(f.lags).sort();
          const delays = Float64Array.from(f.loopDelays).sort();
          const heldS = f.loopDelays.filter((d) => d > HELD_MS).reduce((sum, d) => sum + d, 0) / 1000;
          return `instance ${i + 1}: ${(f.checks / elapsedS).toFixed(1)} checks/s, lag p99 ${percentile(own, 0.99).toFixed(0)} ms, CPU ${percent(f.cpuMicros)} of one core, peak RSS ${(f.peakRss / 2 ** 20).toFixed(0)} MB`
            + `; event loop late p99 ${percentile(delays, 0.99).toFixed(0)} ms, max ${(delays.at(-1) ?? 0).toFixed(0)} ms, held ${(heldS * 60 / elapsedS).toFixed(1)} s a minute (ticks > ${HELD_MS} ms late)`;
        }),
        `PostgreSQL: CPU ${percent(pgCpu)} of one core (all its processes)`,
        `CPU per check: ${(instancesCpu / total).toFixed(0)} µs on the instances, ${(pgCpu / total).toFixed(0)} µs on PostgreSQL`,
        ...statements,
      ].join("\n  "));
    }
  }
  postgres.stop();
  target.kill();
}

/** The statements that took most of PostgreSQL's time since the last reset, one line each. */
function costliestStatements(connection: ReturnType<typeof connectPostgres>): string[] {
  const rows = connection.query(
    `SELECT calls::int, total_exec_time AS ms, rows::int, left(regexp_replace(query, '\\s+', ' ', 'g'), 110) AS query
     FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 8`) as { calls: number; ms: number; rows: number; query: string }[];
  return rows.map((r) => `${r.ms.toFixed(0).padStart(7)} ms ${String(r.calls).padStart(6)} calls ${String(r.rows).padStart(8)} rows  ${r.query}`);
}
