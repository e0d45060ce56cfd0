// One upbeat per data folder: an exclusive SQLite lock on a small side file, held while we run.
// The OS drops it when the process dies, so a crash never leaves a stale lock behind.
import { UserError } from "../errors.ts";
import { Database } from "bun:sqlite";
import { join } from "node:path";
import { ownerOnlyFile } from "./owner-only.ts";

export class DataDirInUseError extends UserError {}

export interface DataDirLock {
  release(): void;
}

export function lockDataDir(dataDir: string): DataDirLock {
  const path = join(dataDir, "upbeat.lock");
  ownerOnlyFile(path);
  const db = new Database(path, { create: true });
  try {
    db.exec("PRAGMA busy_timeout = 0");
    db.exec("PRAGMA locking_mode = EXCLUSIVE");
    db.exec("BEGIN EXCLUSIVE");
  } catch {
    db.close();
    throw new DataDirInUseError(`UPBEAT_DATA_DIR: ${dataDir} is in use by another running upbeat; stop it first or choose another folder`);
  }
  return {
    release() {
      db.exec("ROLLBACK");
      db.close();
    },
  };
}

/** true while a running upbeat holds the folder */
export function isDataDirLocked(dataDir: string): boolean {
  try {
    lockDataDir(dataDir).release();
    return false;
  } catch (error) {
    if (error instanceof DataDirInUseError) return true;
    throw error;
  }
}
