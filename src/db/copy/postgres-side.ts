// A PostgreSQL database as either end of a copy, its schema brought up to date first. As the target it is
// locked for the copy (one transaction: a failed copy leaves it empty); as the source it is read in one snapshot.
import { getTableName } from "drizzle-orm";
import { LEASE_TIMEOUT_MS } from "../../cluster/member.ts";
import { UserError } from "../../errors.ts";
import { PostgresError, connectPostgres, type PgConnection } from "../postgres/connection.ts";
import { migratePostgres } from "../postgres/migrate.ts";
import { pgDatabase, run } from "../postgres/session.ts";
import { decode, type Row, type Side } from "./side.ts";
import { POSTGRES_TABLES, serialColumns, type TablePair } from "./tables.ts";

export function postgresSide(url: string, role: "source" | "target"): Side {
  const { username, host, pathname } = new URL(url);
  const shownAs = `postgres://${username ? `${username}@` : ""}${host}${pathname}`;
  const connection = connectPostgres(url);
  try {
    migratePostgres(connection);
    if (role === "source") refuseRunningInstances(connection);
  } catch (error) {
    connection.close();
    // the first query reaches the server: a wrong address or password is the user's to fix
    if (error instanceof PostgresError) throw new UserError(`${shownAs}: ${error.message}`);
    throw error;
  }
  const db = pgDatabase(connection);
  const tableNames = POSTGRES_TABLES.map((table) => getTableName(table));
  return {
    shownAs,
    tableNames,
    count: (table) => Number((connection.query(`SELECT count(*) AS n FROM "${table}"`) as { n: string }[])[0]!.n),
    begin() {
      if (role === "source") {
        connection.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
        return;
      }
      connection.query("BEGIN");
      // an upbeat started on the target meanwhile waits until the copy is in (or rolled back)
      connection.query(`LOCK TABLE ${tableNames.map((name) => `"${name}"`).join(", ")} IN EXCLUSIVE MODE`);
    },
    *read(table: TablePair, batchRows: number) {
      connection.query(`DECLARE copy_rows NO SCROLL CURSOR FOR SELECT * FROM "${table.name}"`);
      try {
        for (;;) {
          const raws = connection.query(`FETCH ${batchRows} FROM copy_rows`) as Row[];
          if (raws.length === 0) return;
          yield raws.map((raw) => decode(table, "postgres", raw));
        }
      } finally {
        connection.query("CLOSE copy_rows");
      }
    },
    write: (table, rows) => void run(db.insert(table.postgres).values(rows as never)),
    finish() {
      // the copied rows took the numbers a serial column hands out: its sequence goes on after the largest
      for (const { table, column } of serialColumns()) {
        connection.query(`SELECT setval(pg_get_serial_sequence($1, $2), coalesce(max("${column}"), 0) + 1, false) FROM "${table}"`, [table, column]);
      }
    },
    commit: () => void connection.query("COMMIT"),
    rollBack: () => void connection.query("ROLLBACK"),
    close: () => connection.close(),
  };
}

/** Instances still beating share this database: a copy would miss what they write after it. */
function refuseRunningInstances(connection: PgConnection): void {
  const [live] = connection.query("SELECT count(*) AS n FROM instances WHERE beat_at > $1", [Date.now() - LEASE_TIMEOUT_MS]) as { n: string }[];
  if (Number(live!.n) > 0) throw new UserError(`the database is in use by ${live!.n} running upbeat instance(s); stop them first`);
}
