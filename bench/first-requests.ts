// Start-up and the first requests of kinds that load code on first use, for several binaries interleaved: spawn →
// /healthz on a fresh data dir, then the first and second GET of each path. Medians, with every run.
//   npx bun bench/first-requests.ts --binary /tmp/before,dist/upbeat [--runs 7] [--path /api/docs/json --path …]
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: { binary: { type: "string" }, runs: { type: "string", default: "7" }, path: { type: "string", multiple: true } },
});
if (!values.binary) {
  console.error("usage: npx bun bench/first-requests.ts --binary A,B [--runs 7] [--path /api/docs/json ...]");
  process.exit(2);
}
const binaries = values.binary.split(",");
const runs = Number(values.runs);
const paths = values.path ?? ["/api/docs/json", "/channel-kinds.json"];
const START_TIMEOUT_MS = 60_000;

function freePort(): number {
  const probe = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const port = probe.port;
  probe.stop(true);
  return port;
}

async function timedGet(url: string): Promise<number> {
  const began = performance.now();
  const answer = await fetch(url);
  await answer.arrayBuffer();
  if (!answer.ok) throw new Error(`${url}: ${answer.status}`);
  return performance.now() - began;
}

/** One start of `binary`: the figures by name, in ms. */
async function measure(binary: string): Promise<Record<string, number>> {
  const dataDir = mkdtempSync(join(tmpdir(), "upbeat-first-"));
  const port = freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: tmpdir(), UPBEAT_PORT: String(port), UPBEAT_HOST: "127.0.0.1", UPBEAT_DATA_DIR: dataDir };
  const began = performance.now();
  const child = Bun.spawn([binary], { env, stdin: "ignore", stdout: "ignore", stderr: "inherit" });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${binary} exited with ${child.exitCode}`);
      if (performance.now() - began > START_TIMEOUT_MS) throw new Error(`${binary} did not answer /healthz`);
      const up = await fetch(`${base}/healthz`).then((r) => r.ok, () => false);
      if (up) break;
      await Bun.sleep(5);
    }
    const figures: Record<string, number> = { start: performance.now() - began };
    for (const path of paths) {
      figures[`${path} first`] = await timedGet(base + path);
      figures[`${path} second`] = await timedGet(base + path);
    }
    return figures;
  } finally {
    child.kill();
    await child.exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const results = new Map(binaries.map((binary) => [binary, new Map<string, number[]>()]));
for (let run = 0; run < runs; run++) {
  for (const binary of binaries) {
    for (const [name, ms] of Object.entries(await measure(binary))) {
      const byName = results.get(binary)!;
      byName.set(name, [...(byName.get(name) ?? []), ms]);
    }
  }
}
const median = (values: number[]) => values.toSorted((a, b) => a - b)[values.length >> 1]!;
for (const [binary, byName] of results) {
  console.log(binary);
  for (const [name, values] of byName) console.log(`  ${name}: ${median(values).toFixed(1)} ms (${values.map((v) => v.toFixed(0)).join(", ")})`);
}
