// Opens the SQLite file with our pragmas and brings its schema up to date from the embedded migrations.
import { UserError } from "../errors.ts";
import { Database } from "bun:sqlite";
import { drizzle, type BunSQLiteDatabase } from "drizzle-orm/bun-sqlite";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import * as schema from "./schema.ts";
import { ownerOnlyFile } from "./owner-only.ts";
import { AUTOCHECKPOINT_PAGES } from "./checkpointer.ts";
import { migrationJournal, migrationSql } from "./migrations/index.ts";

export type Db = BunSQLiteDatabase<typeof schema> & { $client: Database };

const MIGRATIONS_TABLE = "__drizzle_migrations";

export class SchemaTooNewError extends UserError {}

export function openDatabase(path: string): Db {
  if (path !== ":memory:") {
    mkdirSync(dirname(path), { recursive: true });
    ownerOnlyFile(path);
  }
  const sqlite = new Database(path, { create: true, strict: true });
  // first, so the switch to WAL below waits for a lock another process holds instead of failing at once
  sqlite.exec("PRAGMA busy_timeout = 5000");
  sqlite.exec("PRAGMA journal_mode = WAL");
  sqlite.exec("PRAGMA synchronous = NORMAL");
  sqlite.exec("PRAGMA foreign_keys = ON");
  // a 512 KiB page cache (SQLite's default 2 MB): -2 to -4 MB resident at 1,000 monitors, the same check and API
  // CPU (bench/README.md, memory, branch memory-3); pages it drops are still in the OS's file cache
  sqlite.exec("PRAGMA cache_size = -512");
  // Each ping dirties a leaf per monitor: checkpointing every 4,000 pages (default 1,000) copies a hot
  // leaf into the main file once instead of once every few commits (about 1.5x the pings per second).
  // It changes only when pages leave the WAL; a COMMIT is as durable as before. A served database
  // checkpoints on its own thread instead once its writes are busy (checkpointer.ts).
  sqlite.exec(`PRAGMA wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
  return drizzle({ client: sqlite, schema }) as Db;
}

function embeddedMigrations() {
  return migrationJournal.entries.map((entry) => {
    const sql = migrationSql[entry.tag];
    if (sql === undefined) throw new Error(`migration ${entry.tag} is not embedded; run npm run db:generate`);
    return {
      sql: sql.split("--> statement-breakpoint"),
      bps: entry.breakpoints,
      folderMillis: entry.when,
      hash: new Bun.CryptoHasher("sha256").update(sql).digest("hex"),
    };
  });
}

/** Newest migration time recorded in the file, or null for a fresh database. */
function appliedUpTo(sqlite: Database): number | null {
  const table = sqlite.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(MIGRATIONS_TABLE);
  if (!table) return null;
  const row = sqlite.query(`SELECT max(created_at) AS at FROM ${MIGRATIONS_TABLE}`).get() as { at: number | null };
  return row.at === null ? null : Number(row.at);
}

/** Applies pending migrations in one transaction; refuses a database written by a newer upbeat. */
export function migrate(db: Db): { applied: number } {
  const migrations = embeddedMigrations();
  const newestKnown = migrations.at(-1)?.folderMillis ?? 0;
  const before = appliedUpTo(db.$client);
  if (before !== null && before > newestKnown) {
    throw new SchemaTooNewError(
      "the database was written by a newer version of upbeat; run that version (or restore a backup) instead of downgrading",
    );
  }
  const pending = migrations.filter((m) => before === null || m.folderMillis > before).length;
  // drizzle's own migrator, fed from the embedded files instead of a folder on disk
  (db as any).dialect.migrate(migrations, (db as any).session, { migrationsTable: MIGRATIONS_TABLE });
  return { applied: pending };
}

/** `optimize: false` for a database we refused: PRAGMA optimize would write statistics into it. */
export function closeDatabase(db: Db, { optimize = true } = {}): void {
  if (optimize) db.$client.exec("PRAGMA optimize");
  db.$client.close();
}
