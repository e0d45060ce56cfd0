// Compiles upbeat into one executable: dist/upbeat for this machine, or with --release
// dist/upbeat-linux-x64 and dist/upbeat-linux-arm64 as well. Migrations and public/ are embedded. The first build
// runs once to record which bytecode a server uses; the second lays that bytecode out together (less resident).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { recordBytecodeOrder } from "./bytecode-order.ts";

const root = new URL("..", import.meta.url).pathname;
const RELEASE_TARGETS = ["bun-linux-x64", "bun-linux-arm64"] as const satisfies Bun.Build.CompileTarget[];

const { values: options } = parseArgs({
  args: Bun.argv.slice(2),
  options: { release: { type: "boolean", default: false }, target: { type: "string", multiple: true } },
});

function run(cmd: string[]): string {
  const result = Bun.spawnSync(cmd, { cwd: root, stderr: "pipe" });
  if (result.exitCode !== 0) throw new Error(`${cmd.join(" ")} failed: ${result.stderr.toString().trim()}`);
  return result.stdout.toString().trim();
}

/** Commit from the environment (Docker builds have no .git), else git, else "unknown". */
function commit(): string {
  if (process.env.UPBEAT_BUILD_COMMIT) return process.env.UPBEAT_BUILD_COMMIT;
  try {
    const sha = run(["git", "rev-parse", "--short", "HEAD"]);
    const dirty = run(["git", "status", "--porcelain", "--untracked-files=no"]) !== "";
    return dirty ? `${sha}-dirty` : sha;
  } catch {
    return "unknown";
  }
}

/** Every migration drizzle-kit made must be embedded, or the binary would ship an old schema. */
function checkMigrationsListed(): void {
  const dir = `${root}src/db/migrations/`;
  const journal = JSON.parse(readFileSync(`${dir}meta/_journal.json`, "utf8")) as { entries: { tag: string }[] };
  const index = readFileSync(`${dir}index.ts`, "utf8");
  const onDisk = readdirSync(dir).filter((f) => f.endsWith(".sql")).map((f) => f.slice(0, -4));
  const journalTags = journal.entries.map((e) => e.tag);
  const missing = [...new Set([...journalTags, ...onDisk])].filter((tag) => !index.includes(`"./${tag}.sql"`) || !journalTags.includes(tag));
  if (missing.length > 0) {
    throw new Error(`src/db/migrations/index.ts is not current (${missing.join(", ")}); run: npm run db:generate`);
  }
}

async function compile(target: Bun.Build.CompileTarget | null, outfile: string, define: Record<string, string>, bytecodeOrder: string | null) {
  const started = performance.now();
  const result = await Bun.build({
    entrypoints: [`${root}src/main.ts`],
    compile: { ...(target ? { target } : {}), outfile, autoloadBunfig: false, bytecodeOrder },
    minify: true,
    // precompiled bytecode: the binary starts without parsing its 1 MB+ bundle
    bytecode: true,
    format: "esm",
    sourcemap: "none",
    define,
  });
  if (!result.success) {
    for (const log of result.logs) console.error(log);
    throw new Error(`build of ${outfile} failed`);
  }
  const sizeMb = Bun.file(outfile).size / 1024 / 1024;
  const how = `${target ?? "this machine"}${bytecodeOrder ? ", bytecode in the order a run used it" : ""}`;
  console.log(`built ${outfile.replace(root, "")} (${how}, ${sizeMb.toFixed(1)} MB) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/** A profile recorded by one run of the binary just built (scripts/bytecode-order.ts), or null if the run failed:
 * the order only saves memory, so a build without it is still a good build. */
async function recordedOrder(binary: string, dir: string): Promise<string | null> {
  const started = performance.now();
  const profile = join(dir, "upbeat.order");
  try {
    await recordBytecodeOrder(binary, profile);
    console.log(`recorded the bytecode order in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return profile;
  } catch (error) {
    console.warn(`build: no bytecode order (the recording run failed: ${(error as Error).message}); building without it`);
    return null;
  }
}

async function main(): Promise<void> {
  run([process.execPath, "scripts/list-assets.ts"]);
  checkMigrationsListed();

  const pkg = JSON.parse(readFileSync(`${root}package.json`, "utf8")) as { version: string };
  const version = pkg.version;
  const sha = commit();
  const define = { UPBEAT_BUILD_VERSION: JSON.stringify(version), UPBEAT_BUILD_COMMIT: JSON.stringify(sha) };
  console.log(`upbeat ${version} (${sha})`);

  const targets = [...(options.release ? RELEASE_TARGETS : []), ...((options.target ?? []) as Bun.Build.CompileTarget[])];
  const binary = `${root}dist/upbeat`;
  await compile(null, binary, define, null);
  const dir = mkdtempSync(join(tmpdir(), "upbeat-build-"));
  try {
    // one profile serves every target
    const order = await recordedOrder(binary, dir);
    if (order) await compile(null, binary, define, order);
    for (const target of new Set(targets)) {
      await compile(target, `${root}dist/upbeat-${target.replace(/^bun-/, "")}`, define, order);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

try {
  await main();
} catch (error) {
  // Bun.build throws an AggregateError holding the compile errors
  for (const cause of error instanceof AggregateError ? error.errors : []) console.error(String(cause));
  console.error(`build: ${(error as Error).message}`);
  process.exit(1);
}
