import { afterEach, expect, test } from "bun:test";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { boot, ListenError, type Running } from "../src/boot.ts";
import { loadConfig } from "../src/config.ts";
import { DataDirInUseError } from "../src/db/lock.ts";

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function freshConfig(port = 0) {
  const dataDir = mkdtempSync(join(tmpdir(), "upbeat-boot-"));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  return loadConfig({ UPBEAT_PORT: String(port), UPBEAT_HOST: "127.0.0.1", UPBEAT_DATA_DIR: dataDir });
}

async function started(config: ReturnType<typeof freshConfig>): Promise<Running> {
  const running = await boot(config);
  cleanups.push(() => running.stop());
  return running;
}

test("a second upbeat on the same data folder is refused while the first runs, and allowed after", async () => {
  const config = freshConfig();
  const first = await boot(config);
  await expect(boot({ ...config, port: 0 })).rejects.toBeInstanceOf(DataDirInUseError);
  await first.stop();
  await started({ ...config, port: 0 });
});

test("a port already in use fails start-up with a ListenError and leaves the folder free", async () => {
  const first = await started(freshConfig());
  const config = freshConfig(first.port);
  const error = await boot(config).catch((e) => e);
  expect(error).toBeInstanceOf(ListenError);
  expect(error.message).toContain("already in use");
  // no database was created for a server that never listened, and nothing is left holding the folder
  expect(existsSync(config.dbPath)).toBe(false);
  await started({ ...config, port: 0 });
});
