// The CLI run from its sources, as a newcomer does with `npx bun src/main.ts`.
import { afterEach, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FROM_SOURCE, REPO, runCommand, startBinary } from "../e2e/binary.ts";

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function emptyDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "upbeat-cli-"));
  folders.push(dir);
  return dir;
}

const serveEnv = (dataDir: string, extra: Record<string, string> = {}) => ({ UPBEAT_PORT: "0", UPBEAT_HOST: "127.0.0.1", UPBEAT_DATA_DIR: dataDir, ...extra });

test("-h and --help print the help and exit 0", () => {
  for (const flag of ["-h", "--help"]) {
    const result = runCommand(FROM_SOURCE, [flag], {});
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain("usage: upbeat [command] [options]");
  }
});

test("with no user yet, the hint names the command that works from the sources", async () => {
  const server = await startBinary(FROM_SOURCE, serveEnv(emptyDataDir()), REPO);
  const { stdout } = await server.stop();
  expect(stdout).toContain("npx bun src/main.ts user add --email E --password P --admin");
});

test("an admin at a domain without a dot is accepted, from the environment and from the CLI", async () => {
  const dataDir = emptyDataDir();
  const added = runCommand(FROM_SOURCE, ["user", "add", "--email", "ops@homelab", "--password", "long-password"], { UPBEAT_DATA_DIR: dataDir });
  expect(added.stderr).toBe("");
  expect(added.exitCode).toBe(0);
  const fresh = await startBinary(FROM_SOURCE, serveEnv(emptyDataDir(), { UPBEAT_ADMIN_EMAIL: "admin@localhost", UPBEAT_ADMIN_PASSWORD: "long-password" }));
  const { stdout, stderr } = await fresh.stop();
  expect(stderr).toBe("");
  expect(stdout).toContain("created admin admin@localhost");
});

test("admin variables ignored because users exist are reported in one line", async () => {
  const dataDir = emptyDataDir();
  runCommand(FROM_SOURCE, ["user", "add", "--email", "first@example.com", "--password", "long-password"], { UPBEAT_DATA_DIR: dataDir });
  const server = await startBinary(FROM_SOURCE, serveEnv(dataDir, { UPBEAT_ADMIN_EMAIL: "admin@localhost", UPBEAT_ADMIN_PASSWORD: "long-password" }));
  const { stdout } = await server.stop();
  const lines = stdout.split("\n").filter((line) => line.includes("UPBEAT_ADMIN_EMAIL"));
  expect(lines).toEqual([expect.stringContaining("ignored")]);
  expect(stdout).not.toContain("created admin");
});
