// `upbeat restore FILE`: put a backup in place of the database, never under a running server.
import { backupProblem } from "../db/backup-check.ts";
import { isDataDirLocked } from "../db/lock.ts";
import { chmodSync, createReadStream, createWriteStream, existsSync, renameSync } from "node:fs";
import { pipeline } from "node:stream/promises";
import { OWNER_ONLY } from "../db/owner-only.ts";
import { resolve } from "node:path";
import type { Config } from "../config.ts";
import { UsageError, type Parsed } from "./args.ts";

export async function restore(config: Config, { words }: Parsed): Promise<number> {
  const source = words[0];
  if (!source) throw new UsageError("restore needs a backup file: upbeat restore FILE");
  // PostgreSQL's backups are pg_dump archives, and its own tool puts them back (its users know how)
  if (config.databaseUrl !== null) {
    throw new UsageError("restore puts back a SQLite backup; with UPBEAT_DATABASE_URL, restore the pg_dump archive with pg_restore");
  }
  const path = resolve(source);
  if (!existsSync(path)) throw new UsageError(`${path} does not exist`);
  if (isDataDirLocked(config.dataDir)) {
    throw new UsageError(`${config.dbPath} is in use: stop upbeat first, then run "upbeat restore ${source}" again`);
  }
  // a write-ahead log left by a crash holds committed data and would be replayed onto the restored file
  if (existsSync(`${config.dbPath}-wal`)) {
    throw new UsageError(`${config.dbPath} was not closed cleanly: run "upbeat migrate" once to fold in its log, then restore again`);
  }
  const problem = backupProblem(path);
  if (problem) throw new UsageError(`${path} ${problem}`);
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
