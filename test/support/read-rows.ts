// One read-only query, as an operator would run it, on the data a CLI run wrote: the SQLite file in its
// data folder, or its PostgreSQL database. Write the SQL both understand (CAST(count(*) AS integer), not count(*)::int).
import { Database } from "bun:sqlite";
import { join } from "node:path";
import { connectPostgres } from "../../src/db/postgres/connection.ts";

export interface DataOf {
  dataDir: string;
  databaseUrl: string | null;
}

export function readRows(data: DataOf, sql: string): unknown[] {
  if (data.databaseUrl !== null) {
    const connection = connectPostgres(data.databaseUrl);
    try {
      return connection.query(sql);
    } finally {
      connection.close();
    }
  }
  const db = new Database(join(data.dataDir, "upbeat.db"), { readonly: true });
  try {
    return db.query(sql).all();
  } finally {
    db.close();
  }
}
