// Fresh, migrated PostgreSQL databases for the store suite (and servers under test): one real server per
// test file, the schema migrated once into a template, and each store on a copy of it (CREATE DATABASE … TEMPLATE).
import { connectPostgres, type PgConnection } from "../../src/db/postgres/connection.ts";
import { migratePostgres } from "../../src/db/postgres/migrate.ts";
import { createPostgresStore } from "../../src/store/postgres/index.ts";
import type { Store } from "../../src/store/store.ts";
import { selfSignedCert } from "./certs.ts";
import { startPostgres, type TestPostgres } from "./postgres.ts";

export interface PostgresForStores {
  /** A new database with upbeat's schema (or a copy of another template: "template0" for an empty one), and its URL. */
  freshDatabase(template?: string): { url: string; drop(): void };
  stop(): void;
}

/** `settings`: extra server settings; `durable`: fsync on, as a real server (benchmarks) — tests' data dies with the run. */
export async function postgresForStores(settings: string[] = [], { durable = false } = {}): Promise<PostgresForStores> {
  const server: TestPostgres = await startPostgres(selfSignedCert(30), { scratch: !durable, settings });
  const urlOf = (database: string) =>
    `postgres://${server.user}:${encodeURIComponent(server.password)}@127.0.0.1:${server.port}/${database}?sslmode=disable`;
  const admin = connectPostgres(urlOf(server.database));
  admin.query("CREATE DATABASE upbeat_template");
  const template = connectPostgres(urlOf("upbeat_template"));
  migratePostgres(template);
  template.close();
  let made = 0;
  return {
    freshDatabase(template = "upbeat_template") {
      const name = `upbeat_${++made}`;
      admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
      return { url: urlOf(name), drop: () => void admin.query(`DROP DATABASE ${name} WITH (FORCE)`) };
    },
    stop() {
      admin.close();
      server.remove();
    },
  };
}

/** A store on a fresh database, closed (and dropped) by `close()`. */
export function freshPostgresStore(postgres: PostgresForStores): { store: Store; connection: PgConnection; close(): void } {
  const database = postgres.freshDatabase();
  const connection = connectPostgres(database.url);
  return {
    store: createPostgresStore(connection),
    connection,
    close() {
      connection.close();
      database.drop();
    },
  };
}

let shared: Promise<PostgresForStores> | undefined;

/**
 * With UPBEAT_TEST_STORE=postgres, servers under test keep their data in PostgreSQL: one server for the
 * whole run (started on first use, stopped at exit) and a fresh database for each upbeat. Else null.
 */
export async function testDatabaseUrl(): Promise<{ url: string; drop(): void } | null> {
  if (process.env.UPBEAT_TEST_STORE !== "postgres") return null;
  if (!shared) {
    shared = postgresForStores();
    const started = await shared;
    process.once("exit", () => started.stop());
  }
  return (await shared).freshDatabase();
}
