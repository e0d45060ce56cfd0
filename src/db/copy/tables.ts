// The tables both stores keep, paired by name and ordered parents first (by their foreign keys), so a copy
// inserts every row after the rows it points to. Derived from the two schemas: a new table needs no list here.
import { getTableColumns, getTableName, is, type Column } from "drizzle-orm";
import { PgTable, getTableConfig as pgConfig } from "drizzle-orm/pg-core";
import { SQLiteTable, getTableConfig as sqliteConfig } from "drizzle-orm/sqlite-core";
import * as pgSchema from "../postgres/schema.ts";
import * as sqliteSchema from "../schema.ts";

export interface TablePair {
  name: string;
  sqlite: SQLiteTable;
  postgres: PgTable;
  /** the domain's keys (the same on both sides) and each side's column under it */
  columns: { key: string; sqlite: Column; postgres: Column }[];
}

const tablesOf = <T>(schema: object, kind: abstract new (...args: never[]) => T): T[] =>
  Object.values(schema).filter((value): value is T => is(value, kind as never));

export const POSTGRES_TABLES = tablesOf(pgSchema, PgTable);

/** Every table of the SQLite schema with its PostgreSQL twin, parents before children. */
export function sharedTables(): TablePair[] {
  const byName = new Map(POSTGRES_TABLES.map((table) => [getTableName(table), table]));
  const pairs = tablesOf(sqliteSchema, SQLiteTable).map((sqlite): TablePair => {
    const name = getTableName(sqlite);
    const postgres = byName.get(name);
    if (!postgres) throw new Error(`table ${name} has no PostgreSQL twin in src/db/postgres/schema.ts`);
    const pgColumns = getTableColumns(postgres);
    const columns = Object.entries(getTableColumns(sqlite)).map(([key, column]) => {
      const twin = pgColumns[key];
      if (!twin || twin.name !== column.name) throw new Error(`column ${name}.${column.name} differs between the two schemas`);
      return { key, sqlite: column, postgres: twin };
    });
    return { name, sqlite, postgres, columns };
  });
  return parentsFirst(pairs);
}

function parentsFirst(pairs: TablePair[]): TablePair[] {
  const parents = new Map(pairs.map((pair) => [pair.name, new Set(
    sqliteConfig(pair.sqlite).foreignKeys.map((key) => getTableName(key.reference().foreignTable)).filter((parent) => parent !== pair.name),
  )]));
  const ordered: TablePair[] = [];
  const placed = new Set<string>();
  while (ordered.length < pairs.length) {
    const ready = pairs.filter((pair) => !placed.has(pair.name) && [...parents.get(pair.name)!].every((parent) => placed.has(parent)));
    if (ready.length === 0) throw new Error("the schema's foreign keys form a cycle");
    for (const pair of ready) {
      ordered.push(pair);
      placed.add(pair.name);
    }
  }
  return ordered;
}

/** The PostgreSQL columns filled from a sequence (serial), whose next value must follow the copied rows. */
export function serialColumns(): { table: string; column: string }[] {
  return POSTGRES_TABLES.flatMap((table) =>
    pgConfig(table).columns.filter((column) => column.columnType === "PgSerial").map((column) => ({ table: getTableName(table), column: column.name })),
  );
}
