// `upbeat restore FILE`: put a backup in place of the database, never under a running server.
import { Database } from "bun:sqlite";
import { isDataDirLocked } from "../db/lock.ts";
import { chmodSync, createReadStream, createWriteStream, existsSync, renameSync } from "node:fs";
import { pipeline } from "node:stream/promises";
import { OWNER_ONLY } from "../db/owner-only.ts";
import { resolve } from "node:path";
import type { Config } from "../config.ts";
import { UsageError, type Parsed } from "./args.ts";

/** A backup must be an intact upbeat database, or restoring it would lose everything. */
function checkBackup(path: string): void {
  let db: Database;
  try {
    db = new Database(path, { readonly: true });
  } catch (error) {
    throw new UsageError(`${path} cannot be opened as a database (${(error as Error).message})`);
  }
  try {
    const integrity = db.query("PRAGMA integrity_check").get() as { integrity_check: string };
    const migrations = db.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'").get();
    if (integrity.integrity_check !== "ok" || !migrations) throw new UsageError(`${path} is not an intact upbeat backup`);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${path} is not an upbeat backup (${(error as Error).message})`);
  } finally {
    db.close();
  }
}

export async function restore(config: Config, { words }: Parsed): Promise<number> {
  const source = words[0];
  if (!source) throw new UsageError("restore needs a backup file: upbeat restore FILE");
  const path = resolve(source);
  if (!existsSync(path)) throw new UsageError(`${path} does not exist`);
  if (isDataDirLocked(config.dataDir)) {
    throw new UsageError(`${config.dbPath} is in use: stop upbeat first, then run "upbeat restore ${source}" again`);
  }
  // a write-ahead log left by a crash holds committed data and would be replayed onto the restored file
  if (existsSync(`${config.dbPath}-wal`)) {
    throw new UsageError(`${config.dbPath} was not closed cleanly: run "upbeat migrate" once to fold in its log, then restore again`);
  }
  checkBackup(path);
  // copy next to the target first, so the swap itself is one atomic rename
  const incoming = `${config.dbPath}.restoring`;
  // streamed into a new 0600 file: copyFile would give the database the backup's mode
  await pipeline(createReadStream(path), createWriteStream(incoming, { mode: OWNER_ONLY }));
  chmodSync(incoming, OWNER_ONLY);
  if (existsSync(config.dbPath)) {
    const kept = `${config.dbPath}.before-restore-${new Date().toISOString().replace(/[:.]/g, "-")}`;
    renameSync(config.dbPath, kept);
    console.log(`kept the previous database as ${kept}`);
  }
  renameSync(incoming, config.dbPath);
  console.log(`restored ${path} to ${config.dbPath}; start upbeat to use it`);
  return 0;
}
