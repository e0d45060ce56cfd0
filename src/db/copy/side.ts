// One end of a copy between the two stores: it reads a table in batches of domain records, or writes them.
import type { TablePair } from "./tables.ts";

export type Row = Record<string, unknown>;

export interface Side {
  /** where the data is, for people (no password) */
  shownAs: string;
  /** rows in the table */
  count(table: string): number;
  /** the tables that must be empty before a copy into this side (PostgreSQL's cluster tables among them) */
  tableNames: string[];
  /** from here on, reads see one snapshot; writes are one transaction until `commit` */
  begin(): void;
  read(table: TablePair, batchRows: number): Iterable<Row[]>;
  write(table: TablePair, rows: Row[]): void;
  /** after the last row: whatever the side derives from the rows (sequences) */
  finish(): void;
  commit(): void;
  rollBack(): void;
  close(): void;
}

/** A database's raw row (keyed by column name) as the domain's record, decoded by the schema's own columns. */
export function decode(table: TablePair, side: "sqlite" | "postgres", raw: Row): Row {
  const row: Row = {};
  for (const column of table.columns) {
    const value = raw[column[side].name];
    row[column.key] = value === null || value === undefined ? null : column[side].mapFromDriverValue(value);
  }
  return row;
}

/** Rows per INSERT: as many as fit well under both databases' limit on bound parameters (SQLite's 32,766). */
export const batchRowsOf = (table: TablePair) => Math.max(1, Math.floor(30_000 / table.columns.length));
