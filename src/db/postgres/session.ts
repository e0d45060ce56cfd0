// drizzle's pg-core query builders, run through the synchronous connection: a prepared query here
// answers at once instead of with a promise, so the PostgreSQL store keeps the Store interface's
// synchronous shape. `run(query)` is how the store executes one.
import * as drizzle from "drizzle-orm";
import { entityKind, fillPlaceholders, type Query } from "drizzle-orm";
import { PgDatabase, PgDialect, PgPreparedQuery, PgSession, type PgQueryResultHKT, type SelectedFieldsOrdered } from "drizzle-orm/pg-core";
import type { PgConnection } from "./connection.ts";
import * as schema from "./schema.ts";

// drizzle's own row mapping (as its drivers use it), exported but left out of its type declarations
type RowMapper = (fields: SelectedFieldsOrdered, row: unknown[], joinsNotNullable: Record<string, boolean> | undefined) => unknown;
const mapResultRow = (drizzle as unknown as { mapResultRow: RowMapper }).mapResultRow;

class SyncPreparedQuery extends PgPreparedQuery<never> {
  static override readonly [entityKind] = "UpbeatSyncPreparedQuery";

  constructor(
    private readonly connection: PgConnection,
    query: Query,
    private readonly fields: SelectedFieldsOrdered | undefined,
    private readonly customResultMapper?: (rows: unknown[][]) => unknown,
  ) {
    super(query, undefined, undefined, undefined);
  }

  override execute(placeholderValues: Record<string, unknown> = {}): never {
    const { sql, params } = this.getQuery();
    const values = fillPlaceholders(params, placeholderValues);
    if (!this.fields && !this.customResultMapper) return this.connection.query(sql, values) as never;
    const rows = this.connection.query(sql, values, true) as unknown[][];
    if (this.customResultMapper) return this.customResultMapper(rows) as never;
    return rows.map((row) => mapResultRow(this.fields!, row, (this as { joinsNotNullableMap?: Record<string, boolean> }).joinsNotNullableMap)) as never;
  }

  all(): never {
    return this.execute();
  }

  isResponseInArrayMode(): boolean {
    return true;
  }
}

class SyncSession extends PgSession<PgQueryResultHKT, typeof schema, never> {
  static override readonly [entityKind] = "UpbeatSyncSession";

  constructor(private readonly connection: PgConnection, dialect: PgDialect) {
    super(dialect);
  }

  override prepareQuery(
    query: Query,
    fields: SelectedFieldsOrdered | undefined,
    _name: string | undefined,
    _isResponseInArrayMode: boolean,
    customResultMapper?: (rows: unknown[][]) => unknown,
  ): never {
    return new SyncPreparedQuery(this.connection, query, fields, customResultMapper) as never;
  }

  override transaction(): never {
    throw new Error("the PostgreSQL store runs transactions itself (store/postgres/transactions.ts)");
  }
}

export type PgDb = PgDatabase<PgQueryResultHKT, typeof schema>;

export function pgDatabase(connection: PgConnection): PgDb {
  const dialect = new PgDialect();
  return new PgDatabase(dialect, new SyncSession(connection, dialect), undefined) as PgDb;
}

/** Runs a query builder now and returns its rows (or its result), not a promise of them. */
export function run<T>(query: { execute(): Promise<T> }): T {
  const result = query.execute();
  if (result instanceof Promise) throw new Error("a PostgreSQL query answered with a promise: it was not built on pgDatabase()");
  return result as T;
}

/** The first row of a query builder's answer, or undefined. */
export function first<T>(query: { execute(): Promise<T[]> }): T | undefined {
  return run(query)[0];
}
