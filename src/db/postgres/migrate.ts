// Brings a PostgreSQL database's schema up to date from the embedded migrations (drizzle-kit's, from
// ./schema.ts). Several instances may start at once against one database: an advisory lock held for
// the migrating transaction lets one of them migrate and the others find the work done.
import { SchemaTooNewError } from "../open.ts";
import type { PgConnection } from "./connection.ts";
import { migrationJournal, migrationSql } from "./migrations/index.ts";

const MIGRATIONS_TABLE = "__upbeat_migrations";
// any fixed number: the key of upbeat's migration lock among the database's advisory locks
const MIGRATION_LOCK = 7_304_221_915;

export function migratePostgres(connection: PgConnection): { applied: number } {
  const migrations = migrationJournal.entries.map((entry) => {
    const sql = migrationSql[entry.tag];
    if (sql === undefined) throw new Error(`migration ${entry.tag} is not embedded; run npm run db:generate`);
    return { tag: entry.tag, when: entry.when, statements: sql.split("--> statement-breakpoint") };
  });
  connection.query("BEGIN");
  try {
    connection.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK]);
    connection.query(`CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (tag text PRIMARY KEY, created_at bigint NOT NULL, applied_at bigint NOT NULL)`);
    const [newest] = connection.query(`SELECT max(created_at) AS at FROM ${MIGRATIONS_TABLE}`) as { at: string | null }[];
    const before = newest?.at === null || newest === undefined ? null : Number(newest.at);
    if (before !== null && before > (migrations.at(-1)?.when ?? 0)) {
      throw new SchemaTooNewError(
        "the database was written by a newer version of upbeat; run that version (or restore a backup) instead of downgrading",
      );
    }
    const pending = migrations.filter((m) => before === null || m.when > before);
    for (const migration of pending) {
      for (const statement of migration.statements) if (statement.trim()) connection.query(statement);
      connection.query(`INSERT INTO ${MIGRATIONS_TABLE} (tag, created_at, applied_at) VALUES ($1, $2, $3)`, [migration.tag, migration.when, Date.now()]);
    }
    connection.query("COMMIT");
    return { applied: pending.length };
  } catch (error) {
    connection.query("ROLLBACK");
    throw error;
  }
}
