// A binary older than its database (a downgrade) refuses to touch it: exit 2, one line, the file byte for byte as it was.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { migrate, openDatabase } from "../../src/db/open.ts";
import { migrationJournal } from "../../src/db/migrations/index.ts";
import { buildOnce, cleanEnv, copyAlone, freePort } from "./binary.ts";

const BUILD_TIMEOUT_MS = 180_000;
/** a refusal is immediate; a binary that wrongly starts serving is killed after this */
const RUN_TIMEOUT_MS = 20_000;

let binary: string;
let dataDir: string;
let env: Record<string, string>;
let dbPath: string;

/** The database as SQLite sees it: the main file and whatever its write-ahead log holds. */
function databaseHash(): string {
  const hasher = new Bun.CryptoHasher("sha256").update(readFileSync(dbPath));
  if (existsSync(`${dbPath}-wal`)) hasher.update(readFileSync(`${dbPath}-wal`));
  return hasher.digest("hex");
}

function run(args: string[]) {
  const result = Bun.spawnSync([binary, ...args], { env: cleanEnv(env), stdin: "ignore", stdout: "pipe", stderr: "pipe", timeout: RUN_TIMEOUT_MS });
  return { exitCode: result.exitCode, stdout: result.stdout.toString(), stderr: result.stderr.toString() };
}

beforeAll(() => {
  binary = copyAlone(buildOnce());
  dataDir = mkdtempSync(join(tmpdir(), "upbeat-newer-db-"));
  dbPath = join(dataDir, "upbeat.db");
  env = { UPBEAT_PORT: String(freePort()), UPBEAT_HOST: "127.0.0.1", UPBEAT_DATA_DIR: dataDir };
  // the database as a later upbeat would leave it: every migration we know, then one we do not
  const db = openDatabase(dbPath);
  migrate(db);
  db.$client.run("INSERT INTO organizations (id, name, created_at) VALUES ('org', 'Homelab', 1)");
  const future = migrationJournal.entries.at(-1)!.when + 86_400_000;
  db.$client.run("INSERT INTO __drizzle_migrations (hash, created_at) VALUES ('from-a-newer-upbeat', ?)", [future]);
  // everything into the main file now: this process may keep the handle open past close(), and so skip the checkpoint
  db.$client.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  db.$client.close();
}, BUILD_TIMEOUT_MS);

afterAll(() => {
  rmSync(dirname(binary), { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
});

for (const args of [["serve"], ["migrate"], ["user", "add", "--email", "late@example.com", "--password", "a-long-password"]]) {
  test(`\`upbeat ${args.join(" ")}\` exits 2 with one line and leaves the database file unchanged`, () => {
    const before = databaseHash();
    const result = run(args);
    expect(result.exitCode).toBe(2);
    const lines = result.stderr.trim().split("\n");
    expect(lines).toEqual(["upbeat: the database was written by a newer version of upbeat; run that version (or restore a backup) instead of downgrading"]);
    expect(result.stdout).not.toContain("listening");
    expect(databaseHash()).toBe(before);
  }, RUN_TIMEOUT_MS + 5_000);
}
