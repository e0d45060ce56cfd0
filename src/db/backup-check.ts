// Whether a file is an intact upbeat database: restoring anything else would lose everything.
import { Database } from "bun:sqlite";

/** What is wrong with the file as a backup, or null when it is an intact upbeat database. */
export function backupProblem(path: string): string | null {
  let db: Database;
  try {
    db = new Database(path, { readonly: true });
  } catch (error) {
    return `cannot be opened as a database (${(error as Error).message})`;
  }
  try {
    const integrity = db.query("PRAGMA integrity_check").get() as { integrity_check: string };
    const migrations = db.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'").get();
    return integrity.integrity_check === "ok" && migrations ? null : "is not an intact upbeat backup";
  } catch (error) {
    return `is not an upbeat backup (${(error as Error).message})`;
  } finally {
    db.close();
  }
}
