// A SQLite file as either end of a copy: held locked (no upbeat may start on it meanwhile), brought up to date.
import { existsSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { UserError } from "../../errors.ts";
import { lockDataDir } from "../lock.ts";
import { closeDatabase, migrate, openDatabase } from "../open.ts";
import { decode, type Row, type Side } from "./side.ts";
import { sharedTables, type TablePair } from "./tables.ts";

export function sqliteSide(path: string, role: "source" | "target"): Side {
  if (role === "source" && !existsSync(path)) throw new UserError(`no database at ${path}`);
  const dataDir = dirname(path);
  mkdirSync(dataDir, { recursive: true });
  let lock;
  try {
    lock = lockDataDir(dataDir);
  } catch (error) {
    if (error instanceof UserError) throw new UserError(`${path} is in use by a running upbeat; stop it first`);
    throw error;
  }
  let db;
  try {
    db = openDatabase(path);
    migrate(db);
  } catch (error) {
    if (db) closeDatabase(db, { optimize: false });
    lock.release();
    throw error;
  }
  const sqlite = db.$client;
  return {
    shownAs: path,
    tableNames: sharedTables().map((table) => table.name),
    count: (table) => (sqlite.query(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n,
    // a deferred transaction: the source's reads share one snapshot; the target's first write takes the write lock
    begin: () => sqlite.exec(role === "source" ? "BEGIN" : "BEGIN IMMEDIATE"),
    *read(table: TablePair, batchRows: number) {
      let batch: Row[] = [];
      for (const raw of sqlite.query(`SELECT * FROM "${table.name}"`).iterate() as Iterable<Row>) {
        batch.push(decode(table, "sqlite", raw));
        if (batch.length === batchRows) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length > 0) yield batch;
    },
    write: (table, rows) => void db.insert(table.sqlite as never).values(rows as never).run(),
    // AUTOINCREMENT follows the largest id inserted by itself
    finish: () => {},
    commit: () => sqlite.exec("COMMIT"),
    rollBack: () => {
      if (sqlite.inTransaction) sqlite.exec("ROLLBACK");
    },
    close() {
      closeDatabase(db, { optimize: role === "target" });
      lock.release();
    },
  };
}
