// Alert burst: N http monitors go down in the same second with 3 webhook channels (local receivers on
// 127.0.0.1); how many messages carry them (one group per channel with upbeat's default alert_group_seconds),
// the time from each flip to its delivery, from the first flip to the last delivery, and the server's CPU
// (from /proc) and RSS. Prints figures, asserts nothing.
// Usage: npx bun bench/alerts.ts [monitors=1000] [channels=3]; RUNS=3 (medians printed);
// RATE_LIMIT=100000 per channel and minute (upbeat's default, 10, folds most of a burst into summaries)
import { Database } from "bun:sqlite";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { apiClient, createApiKey, json } from "../test/support/http.ts";
import { cpuMicros } from "./support/cpu.ts";
import { freePort, waitForUrl } from "./support/wrk.ts";

const monitorCount = Number(process.argv[2] ?? 1000);
const channelCount = Number(process.argv[3] ?? 3);
const runs = Number(process.env.RUNS ?? 3);
const rateLimit = process.env.RATE_LIMIT ?? "100000";
/** the burst falls due this long after the restart, so the server is idle and measured before it */
const DUE_AFTER_MS = 5_000;
/** CPU and RSS are measured from this long before the burst falls due (start-up done, idle) */
const MEASURE_BEFORE_DUE_MS = 300;
const DELIVERED_WITHIN_MS = 180_000;
const root = join(import.meta.dir, "..");
const load = () => loadavg().map((l) => l.toFixed(2)).join(" ");

/**
 * Webhook receivers: when each (channel path, monitor) alert arrived, in this process's clock (the server's too); a
 * group message brings every monitor it lists. `messages` counts the requests.
 */
function startReceivers() {
  const arrivals = new Map<string, number>();
  let messages = 0;
  const servers = Array.from({ length: channelCount }, () => Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(request) {
      const body = (await request.json()) as { monitor: { id: string } | null; event: string; monitors?: { id: string }[] };
      messages++;
      const ids = body.monitors?.map((m) => m.id) ?? [body.monitor?.id ?? `${body.event}-${arrivals.size}`];
      for (const id of ids) arrivals.set(`${new URL(request.url).port}/${id}`, Date.now());
      return new Response("ok");
    },
  }));
  return {
    arrivals, messages: () => messages, urls: servers.map((s) => `http://127.0.0.1:${s.port}/hook`), stop: () => servers.forEach((s) => s.stop(true)),
  };
}

function startUpbeat(dataDir: string, port: number) {
  const env = {
    ...process.env, UPBEAT_PORT: String(port), UPBEAT_HOST: "127.0.0.1", UPBEAT_DATA_DIR: dataDir,
    UPBEAT_ADMIN_EMAIL: "bench@example.com", UPBEAT_ADMIN_PASSWORD: "bench-password", UPBEAT_RATE_LIMITS: "team=1000000000",
    UPBEAT_ALERT_RATE_LIMIT: rateLimit,
  };
  return Bun.spawn([process.execPath, join(root, "src/main.ts"), "serve"], { env, stdout: "ignore", stderr: "inherit" });
}

const rssKb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
const percentile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * q) - 1)] ?? NaN;
const median = (values: number[]) => values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Channels (default, so linked to every monitor made after them) and paused monitors aimed at a closed port. */
async function setUp(base: string, receiverUrls: string[]) {
  const call = apiClient(base);
  const key = await createApiKey(call, "bench@example.com", "bench-password", { scope: "write" });
  for (const [i, url] of receiverUrls.entries()) {
    const response = await call("POST", "/api/v1/channels", { auth: key, body: { name: `hook ${i}`, kind: "webhook", config: { url }, is_default: true } });
    if (response.status !== 201) throw new Error(`channel: ${response.status} ${await response.text()}`);
  }
  const closed = freePort();
  for (let i = 0; i < monitorCount; i++) {
    const response = await call("POST", "/api/v1/monitors", {
      auth: key, body: { name: `m${i}`, kind: "http", url: `http://127.0.0.1:${closed}/m${i}`, interval_seconds: 3600, is_paused: true },
    });
    if (response.status !== 201) throw new Error(`monitor: ${response.status} ${JSON.stringify(await json(response))}`);
  }
}

async function stop(proc: ReturnType<typeof Bun.spawn>) {
  proc.kill("SIGTERM");
  await proc.exited;
}

async function run() {
  const dataDir = mkdtempSync(join(tmpdir(), "upbeat-bench-alerts-"));
  const dbPath = join(dataDir, "upbeat.db");
  const port = freePort();
  const receivers = startReceivers();
  try {
    let proc = startUpbeat(dataDir, port);
    await waitForUrl(`http://127.0.0.1:${port}/healthz`);
    await setUp(`http://127.0.0.1:${port}`, receivers.urls);
    await stop(proc);
    // every monitor up and due in the same second: the restarted scheduler checks them all at once, and all flip down
    const dueAt = Date.now() + DUE_AFTER_MS;
    const db = new Database(dbPath);
    db.run("UPDATE monitors SET is_paused = 0, status = 'up', next_due_at = ?", [dueAt]);
    db.close();

    proc = startUpbeat(dataDir, port);
    await waitForUrl(`http://127.0.0.1:${port}/healthz`);
    await Bun.sleep(dueAt - MEASURE_BEFORE_DUE_MS - Date.now());
    const rssBefore = rssKb(proc.pid);
    let peakRss = rssBefore;
    const sampler = setInterval(() => { peakRss = Math.max(peakRss, rssKb(proc.pid)); }, 100);
    const cpuBefore = cpuMicros(proc.pid);
    const expected = monitorCount * channelCount;
    const deadline = Date.now() + DUE_AFTER_MS + DELIVERED_WITHIN_MS;
    while (receivers.arrivals.size < expected && Date.now() < deadline) await Bun.sleep(20);
    const cpuUsed = cpuMicros(proc.pid) - cpuBefore;
    clearInterval(sampler);
    await stop(proc);

    const read = new Database(dbPath, { readonly: true });
    const rows = read.query(
      `SELECT d.created_at AS flippedAt, d.event, c.config AS config, d.monitor_id AS monitorId FROM deliveries d JOIN channels c ON c.id = d.channel_id`,
    ).all() as { flippedAt: number; event: string; config: string; monitorId: string | null }[];
    read.close();
    const latencies = rows.filter((r) => r.event === "down").map((r) => {
      const port = new URL((JSON.parse(r.config) as { url: string }).url).port;
      return (receivers.arrivals.get(`${port}/${r.monitorId}`) ?? NaN) - r.flippedAt;
    }).sort((a, b) => a - b);
    // a flip's rows, not the groups and summaries made from them later
    const flips = rows.filter((r) => r.monitorId !== null).map((r) => r.flippedAt);
    const firstFlip = Math.min(...flips);
    const lastFlip = Math.max(...flips);
    const lastDelivery = Math.max(...receivers.arrivals.values());
    return {
      delivered: receivers.arrivals.size, expected, messages: receivers.messages(),
      summaries: rows.filter((r) => r.event === "summary").length, groups: rows.filter((r) => r.event === "group").length,
      flipSpreadMs: lastFlip - firstFlip, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99),
      toLastMs: lastDelivery - firstFlip, cpuMs: cpuUsed / 1000, rssBeforeMb: rssBefore / 1024, peakRssMb: peakRss / 1024,
    };
  } finally {
    receivers.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const results: Awaited<ReturnType<typeof run>>[] = [];
for (let i = 0; i < runs; i++) {
  const loadBefore = load();
  const r = await run();
  results.push(r);
  console.log(`run ${i + 1} (load average ${loadBefore} before, ${load()} after): ${r.delivered}/${r.expected} delivered in ${r.messages} messages ` +
    `(${r.groups} groups, ${r.summaries} summaries); ` +
    `flips spread over ${r.flipSpreadMs} ms; flip → delivery p50 ${r.p50} ms, p99 ${r.p99} ms; first flip → last delivery ${r.toLastMs} ms; ` +
    `server CPU ${r.cpuMs.toFixed(0)} ms; RSS ${r.rssBeforeMb.toFixed(1)} MB idle → ${r.peakRssMb.toFixed(1)} MB peak`);
}
const m = (pick: (r: (typeof results)[number]) => number) => median(results.map(pick));
console.log(`median of ${runs} (${monitorCount} monitors × ${channelCount} channels, rate limit ${rateLimit}/min): ` +
  `flip → delivery p50 ${m((r) => r.p50)} ms, p99 ${m((r) => r.p99)} ms; first flip → last delivery ${m((r) => r.toLastMs)} ms; ` +
  `server CPU ${m((r) => r.cpuMs).toFixed(0)} ms from ${MEASURE_BEFORE_DUE_MS} ms before the burst to the last delivery; ` +
  `peak RSS ${m((r) => r.peakRssMb).toFixed(1)} MB (idle ${m((r) => r.rssBeforeMb).toFixed(1)} MB)`);
