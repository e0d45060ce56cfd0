// The store a command or the server works on: the SQLite file in the data folder (one upbeat at a time,
// locked), or the PostgreSQL database at UPBEAT_DATABASE_URL (any number of upbeats share it).
// Either way the schema is brought up to date first.
import type { Config } from "../config.ts";
import { startCheckpointer } from "../db/checkpointer.ts";
import { lockDataDir } from "../db/lock.ts";
import { closeDatabase, migrate, openDatabase } from "../db/open.ts";
import { createStore } from "./index.ts";
import type { Store } from "./store.ts";

export interface OpenedStore {
  store: Store;
  /** migrations applied while opening */
  migrated: number;
  /** where the data is, for people: the file, or the database without its password */
  shownAs: string;
  /** upkeep that runs beside a serving store (SQLite's checkpoint thread) */
  startUpkeep(): { stop(): Promise<void> };
  /** Stopping: no database wait goes past `deadline` (Date.now() ms); SQLite's local file has none to bound. */
  giveUpAt(deadline: number): void;
  close(): void;
}

export interface OpenOptions {
  /** the server holds the data folder's lock while it runs; a CLI command writes beside it */
  lock?: boolean;
}

export function openStore(config: Config, { lock = false }: OpenOptions = {}): OpenedStore {
  return config.databaseUrl === null ? openSqlite(config, lock) : openPostgres(config.databaseUrl);
}

function openSqlite(config: Config, lock: boolean): OpenedStore {
  const held = lock ? lockDataDir(config.dataDir) : null;
  const db = openDatabase(config.dbPath);
  let migrated: number;
  try {
    migrated = migrate(db).applied;
  } catch (error) {
    closeDatabase(db, { optimize: false }); // PRAGMA optimize would write into a database we refused
    held?.release();
    throw error;
  }
  return {
    store: createStore(db),
    migrated,
    shownAs: config.dbPath,
    startUpkeep: () => startCheckpointer(db, config.dbPath),
    giveUpAt: () => {},
    close() {
      closeDatabase(db);
      held?.release();
    },
  };
}

// loaded when a database URL is given: a server on SQLite never holds the PostgreSQL store's code
const postgres = () => ({
  ...(require("../db/postgres/connection.ts") as typeof import("../db/postgres/connection.ts")),
  ...(require("../db/postgres/migrate.ts") as typeof import("../db/postgres/migrate.ts")),
  ...(require("./postgres/index.ts") as typeof import("./postgres/index.ts")),
});

function openPostgres(url: string): OpenedStore {
  const { connectPostgres, migratePostgres, createPostgresStore } = postgres();
  const connection = connectPostgres(url);
  let migrated: number;
  try {
    migrated = migratePostgres(connection).applied;
  } catch (error) {
    connection.close();
    throw error;
  }
  const { username, host, pathname } = new URL(url);
  return {
    store: createPostgresStore(connection),
    migrated,
    shownAs: `postgres://${username ? `${username}@` : ""}${host}${pathname}`,
    startUpkeep: () => ({ stop: async () => {} }),
    giveUpAt: (deadline) => connection.giveUpAt(deadline),
    close: () => connection.close(),
  };
}

/** Opens the store for one command's work and closes it after, whatever happens. */
export async function withStore<T>(config: Config, use: (store: Store) => Promise<T> | T): Promise<T> {
  const opened = openStore(config);
  try {
    return await use(opened.store);
  } finally {
    opened.close();
  }
}
