// The database holds password hashes and ping tokens: its files are for their owner only (0600).
import { chmodSync, closeSync, openSync } from "node:fs";

export const OWNER_ONLY = 0o600;

/**
 * Creates `path` empty and 0600, or narrows an existing file to 0600, before anything is written to it.
 * SQLite gives the -wal, -shm and -journal files it creates the mode of their database file.
 */
export function ownerOnlyFile(path: string): void {
  closeSync(openSync(path, "a", OWNER_ONLY));
  chmodSync(path, OWNER_ONLY);
}
