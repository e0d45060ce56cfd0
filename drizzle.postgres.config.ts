import { defineConfig } from "drizzle-kit";

// The PostgreSQL store's schema (UPBEAT_DATABASE_URL); drizzle.config.ts is the SQLite file's.
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/db/postgres/schema.ts",
  out: "./src/db/postgres/migrations",
});
