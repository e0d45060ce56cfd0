// `npm test`: the whole suite (servers under test on SQLite files), then a second pass of the tests that go
// through the store with servers, services and CLI runs on PostgreSQL (UPBEAT_TEST_STORE=postgres).
// Flags (not paths) are passed to both passes; a JUnit --reporter-outfile=X.xml gets X-postgres.xml in the second.
// Left out of the second pass, each for a reason: test/store (runs both stores already), test/db, test/boot.test.ts,
// test/cli/main.test.ts and test/e2e (the SQLite file itself: migrations and upgrades, file modes, WAL, the data
// folder's lock, backup/restore of the file, kill -9 durability, the binary's own data folder — the binary on
// PostgreSQL is test/e2e/binary-postgres.test.ts, in the first pass), and tests that use no store at all.
const POSTGRES_PASS = [
  "test/accounts", "test/alerts", "test/api", "test/as-code", "test/badges", "test/heartbeats", "test/history",
  "test/import/api.test.ts", "test/import/cli.test.ts", "test/maintenance", "test/metrics", "test/monitors",
  "test/organizations", "test/projects", "test/scheduler", "test/status-pages", "test/ui",
  "test/probes/private-targets.test.ts", "test/probes/registry.test.ts",
];

const passArgs = process.argv.slice(2);
const forPostgres = passArgs.map((arg) => arg.replace(/^(--reporter-outfile=.*?)(\.xml)?$/, (_, path, xml = "") => `${path}-postgres${xml}`));

function bunTest(args: string[], env: Record<string, string> = {}): number {
  const run = Bun.spawnSync([process.execPath, "test", "--timeout", "60000", ...args], {
    env: { ...process.env, ...env }, stdin: "inherit", stdout: "inherit", stderr: "inherit",
  });
  return run.exitCode ?? 1;
}

const sqlite = bunTest(passArgs);
console.log("\n== the same tests on PostgreSQL (UPBEAT_TEST_STORE=postgres) ==\n");
const started = Date.now();
const postgres = bunTest([...forPostgres, ...POSTGRES_PASS], { UPBEAT_TEST_STORE: "postgres" });
console.log(`PostgreSQL pass: ${Math.round((Date.now() - started) / 1000)} s`);
process.exit(sqlite !== 0 ? sqlite : postgres);
