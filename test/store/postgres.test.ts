// The store suite against PostgreSQL (Debian's postgresql package): a fresh migrated database per test.
import { afterAll, beforeAll } from "bun:test";
import { freshPostgresStore, postgresForStores, type PostgresForStores } from "../support/postgres-store.ts";
import { describeStore } from "./suite.ts";

let postgres: PostgresForStores;
beforeAll(async () => {
  postgres = await postgresForStores();
});
afterAll(() => postgres?.stop());

describeStore("postgres", () => freshPostgresStore(postgres));
