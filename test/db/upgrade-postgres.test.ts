// PostgreSQL upgrades keep history: from every earlier schema (the first k migrations, applied by the same
// migratePostgres() an instance runs at start), a database with rows in every table is brought to the latest
// and every row is still there as it was; each column added since holds what ADDED_COLUMNS says. A new migration
// extends it by itself; a new table needs fixture rows (upgrade-fixtures.ts), a new column its line below.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { hashPassword } from "../../src/accounts/users.ts";
import { connectPostgres, type PgConnection } from "../../src/db/postgres/connection.ts";
import { migratePostgres } from "../../src/db/postgres/migrate.ts";
import { migrationJournal } from "../../src/db/postgres/migrations/index.ts";
import { createPostgresStore } from "../../src/store/postgres/index.ts";
import { postgresForStores, type PostgresForStores } from "../support/postgres-store.ts";
import { closedPort } from "../support/targets.ts";
import { fixtureRows, heartbeatToken, ids, postgresOnlyRows, type Row } from "./upgrade-fixtures.ts";

const MIGRATIONS = [...migrationJournal.entries];

/**
 * What an upgrade fills each column added after the first migration with, in the rows that were there before
 * ("table.column" → value as PostgreSQL prints it). A new column must be listed here, or the test fails.
 */
const ADDED_COLUMNS: Record<string, string | null> = {
  "monitors.change_seq": "0", // 0001: "no edit since the upgrade"
  "checks.region_id": "0", // 0002: checked by an instance without a region
  "monitor_leases.region": "", // 0002: a monitor listing no regions
  "monitors.regions": "[]", // 0002: any one instance checks it
  "monitors.min_failing_regions": "1",
  "instances.held_shared": "0", // 0003: counted again at its next beat
  "instances.held_regional": "0",
  "region_results.success_streak": "0", // 0005: a failing region's successes since are counted from its next check
};

/**
 * Columns a migration replaced by another holding the same fact ("table.column" → the new column, and SQL on the
 * latest schema that reads the old value back), so the rows are still compared in the columns they had.
 */
const REPLACED_COLUMNS: Record<string, { by: string; readBack: string }> = {
  // 0004: pulses name their monitor by its seq
  "pulses.monitor_id": { by: "monitor_seq", readBack: `(SELECT m.id FROM monitors m WHERE m.seq = "pulses".monitor_seq)` },
};

/** Applies only the first `count` migrations, as an older upbeat would have. */
function migrateFirst(connection: PgConnection, count: number): void {
  migrationJournal.entries.splice(count);
  try {
    migratePostgres(connection);
  } finally {
    migrationJournal.entries.splice(0, Infinity, ...MIGRATIONS);
  }
}

interface Column { name: string; type: string; notNull: boolean; hasDefault: boolean }

function columnsOf(connection: PgConnection, table: string): Column[] {
  return (connection.query(`
    SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS "notNull", a.atthasdef AS "hasDefault"
    FROM pg_attribute a WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`, [`"${table}"`]) as Column[]);
}

const tablesOf = (connection: PgConnection): string[] =>
  (connection.query(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> '__upbeat_migrations' ORDER BY 1`) as
    { name: string }[]).map((t) => t.name);

// Values go in as text cast to the column's type: the SQLite fixtures' 0/1 become booleans, their JSON text json.
const asText = (value: Row[string]) => (value === null ? null : String(value));

/** Inserts the fixture rows of every table the schema has now, with the columns it has now (parents first: the fixtures' order). */
function fill(connection: PgConnection, fixtures: Record<string, Row[]>): void {
  const tables = new Set(tablesOf(connection));
  const missing = [...tables].filter((table) => !fixtures[table]);
  // a new table needs representative rows, or its upgrades would go untested
  if (missing.length > 0) throw new Error(`no fixture rows for ${missing.join(", ")}: add some to test/db/upgrade-fixtures.ts`);
  for (const [table, rows] of Object.entries(fixtures).filter(([table]) => tables.has(table))) {
    const all = columnsOf(connection, table);
    const required = all.filter((c) => c.notNull && !c.hasDefault && !(c.name in rows[0]!));
    if (required.length > 0) throw new Error(`fixture rows of ${table} lack ${required.map((c) => c.name).join(", ")}`);
    const columns = all.filter((c) => c.name in rows[0]!);
    const insert = `INSERT INTO "${table}" (${columns.map((c) => `"${c.name}"`).join(", ")}) VALUES (${columns.map((c, i) => `$${i + 1}::text::${c.type}`).join(", ")})`;
    for (const row of rows) connection.query(insert, columns.map((c) => asText(row[c.name] ?? null)));
  }
}

/** Each table's columns and every row of them as text, in one order. */
function snapshot(connection: PgConnection): Map<string, { columns: string[]; rows: unknown[] }> {
  return new Map(tablesOf(connection).map((table) => {
    const columns = columnsOf(connection, table).map((c) => c.name);
    const rows = connection.query(`SELECT ${columns.map((c) => `"${c}"::text`).join(", ")} FROM "${table}" ORDER BY ${columns.map((_, i) => i + 1).join(", ")}`, [], true);
    return [table, { columns, rows }];
  }));
}

/** Every row as it was before, in the columns it had; each column added since holds what ADDED_COLUMNS says. */
function expectRowsKept(connection: PgConnection, before: ReturnType<typeof snapshot>): void {
  for (const [table, { columns, rows }] of before) {
    const now = new Set(columnsOf(connection, table).map((c) => c.name));
    const read = (c: string) => (now.has(c) ? `"${c}"::text` : REPLACED_COLUMNS[`${table}.${c}`]?.readBack ?? `"${c}"::text`);
    const kept = connection.query(`SELECT ${columns.map(read).join(", ")} FROM "${table}" ORDER BY ${columns.map((_, i) => i + 1).join(", ")}`, [], true);
    expect({ table, rows: kept }).toEqual({ table, rows });
    const replacements = columns.filter((c) => !now.has(c)).map((c) => REPLACED_COLUMNS[`${table}.${c}`]?.by);
    for (const column of [...now].filter((c) => !columns.includes(c) && !replacements.includes(c)).map((c) => `${table}.${c}`)) {
      // a column added since must be listed with the value the upgrade fills it with
      expect({ column, listed: column in ADDED_COLUMNS }).toEqual({ column, listed: true });
      const [{ n }] = connection.query(`SELECT count(*) AS n FROM "${table}" WHERE "${column.split(".")[1]}"::text IS DISTINCT FROM $1`, [ADDED_COLUMNS[column]]) as [{ n: string }];
      expect({ column, otherValues: Number(n) }).toEqual({ column, otherValues: 0 });
    }
  }
}

let postgres: PostgresForStores;
let fixtures: Record<string, Row[]>;
beforeAll(async () => {
  postgres = await postgresForStores();
  fixtures = { ...fixtureRows(await hashPassword("upgrade-password"), await closedPort()), ...postgresOnlyRows() };
});
afterAll(() => postgres?.stop());

describe("PostgreSQL upgrades", () => {
  for (let first = 1; first < MIGRATIONS.length; first++) {
    test(`from ${MIGRATIONS[first - 1]!.tag} to the latest at start: every row kept, the new columns at their defaults`, () => {
      const database = postgres.freshDatabase("template0");
      const connection = connectPostgres(database.url);
      try {
        migrateFirst(connection, first);
        fill(connection, fixtures);
        const before = snapshot(connection);
        expect([...before.values()].every((table) => table.rows.length > 0)).toBe(true);
        expect(migratePostgres(connection)).toEqual({ applied: MIGRATIONS.length - first });
        expectRowsKept(connection, before);
        // and read through the store as an instance would
        const store = createPostgresStore(connection);
        expect(store.heartbeats.byToken(heartbeatToken)?.id).toBe(ids.cron);
        expect(store.monitors.byId(ids.http)?.name).toBe("website");
        expect(store.cluster!.heldIds("instance-a")).toEqual([ids.http]);
      } finally {
        connection.close();
        database.drop();
      }
    });
  }

  test("the latest schema needs no fixture rows it does not have, and a second start applies nothing", () => {
    const database = postgres.freshDatabase("template0");
    const connection = connectPostgres(database.url);
    try {
      migratePostgres(connection);
      fill(connection, fixtures);
      expect(migratePostgres(connection)).toEqual({ applied: 0 });
    } finally {
      connection.close();
      database.drop();
    }
  });
});
