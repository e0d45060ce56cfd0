// The database holds password hashes and ping tokens: every file upbeat writes is for its owner only.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { chmodSync, existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FROM_SOURCE, runCommand, startBinary, type RunningBinary } from "../e2e/binary.ts";

let dataDir: string;
let running: RunningBinary;
const env = () => ({ UPBEAT_PORT: "0", UPBEAT_HOST: "127.0.0.1", UPBEAT_DATA_DIR: dataDir });
const modeOf = (path: string) => (statSync(path).mode & 0o777).toString(8);

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "upbeat-modes-"));
  running = await startBinary(FROM_SOURCE, { ...env(), UPBEAT_ADMIN_EMAIL: "a@example.com", UPBEAT_ADMIN_PASSWORD: "long-password" });
});

afterAll(async () => {
  if (running?.process.exitCode === null) await running.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

test("the database, its WAL and shared memory, and the lock file are 0600", () => {
  const files = ["upbeat.db", "upbeat.db-wal", "upbeat.db-shm", "upbeat.lock"].map((name) => join(dataDir, name));
  for (const file of files) {
    expect(existsSync(file)).toBe(true);
    expect(`${file} ${modeOf(file)}`).toBe(`${file} 600`);
  }
});

test("a backup, and the database restored from it, are 0600", async () => {
  await running.stop();
  const backupFile = join(dataDir, "copy.db");
  const made = runCommand(FROM_SOURCE, ["backup", backupFile], env());
  expect(made.exitCode).toBe(0);
  expect(modeOf(backupFile)).toBe("600");
  // a backup copied around may have lost its mode; the restored database must not inherit that
  chmodSync(backupFile, 0o644);
  const restored = runCommand(FROM_SOURCE, ["restore", backupFile], env());
  expect(restored.exitCode).toBe(0);
  expect(modeOf(join(dataDir, "upbeat.db"))).toBe("600");
});
