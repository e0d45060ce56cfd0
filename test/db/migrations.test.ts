import { afterEach, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { closeDatabase, migrate, openDatabase, SchemaTooNewError } from "../../src/db/open.ts";
import { migrationJournal, migrationSql } from "../../src/db/migrations/index.ts";

const dirs: string[] = [];
const freshPath = () => {
  const dir = mkdtempSync(join(tmpdir(), "upbeat-db-"));
  dirs.push(dir);
  return join(dir, "upbeat.db");
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

test("every migration drizzle-kit wrote is embedded", () => {
  const folder = join(import.meta.dir, "../../src/db/migrations");
  const files = readdirSync(folder).filter((f) => f.endsWith(".sql")).map((f) => f.replace(/\.sql$/, "")).sort();
  expect(migrationJournal.entries.map((e) => e.tag).sort()).toEqual(files);
  expect(Object.keys(migrationSql).sort()).toEqual(files);
});

test("a fresh file gets the schema and our pragmas; a second run applies nothing", () => {
  const path = freshPath();
  const db = openDatabase(path);
  expect(migrate(db).applied).toBe(migrationJournal.entries.length);
  expect(migrate(db).applied).toBe(0);
  const pragma = (name: string) => Object.values(db.$client.query(`PRAGMA ${name}`).get() as object)[0];
  expect(pragma("journal_mode")).toBe("wal");
  expect(pragma("synchronous")).toBe(1); // NORMAL
  expect(pragma("foreign_keys")).toBe(1);
  expect(pragma("busy_timeout")).toBe(5000);
  expect(pragma("cache_size")).toBe(-512); // KiB
  const checks = db.$client.query("SELECT sql FROM sqlite_master WHERE name = 'checks'").get() as { sql: string };
  expect(checks.sql).toContain("WITHOUT ROWID");
  closeDatabase(db);
});

test("a database written by a newer upbeat is refused, untouched", () => {
  const path = freshPath();
  const db = openDatabase(path);
  migrate(db);
  db.$client.run("INSERT INTO __drizzle_migrations (hash, created_at) VALUES ('future', 99999999999999)");
  closeDatabase(db);
  const again = openDatabase(path);
  expect(() => migrate(again)).toThrow(SchemaTooNewError);
  closeDatabase(again);
  const raw = new Database(path, { readonly: true });
  expect((raw.query("SELECT count(*) AS n FROM __drizzle_migrations WHERE hash = 'future'").get() as { n: number }).n).toBe(1);
  raw.close();
});

test("deleting a monitor deletes its checks (foreign keys are on)", () => {
  const db = openDatabase(freshPath());
  migrate(db);
  const now = Date.now();
  db.$client.run("INSERT INTO organizations (id, name, created_at) VALUES ('o', 'O', ?)", [now]);
  db.$client.run("INSERT INTO projects (id, organization_id, name, is_default, created_at, updated_at) VALUES ('p', 'o', 'P', 1, ?, ?)", [now, now]);
  db.$client.run("INSERT INTO monitors (id, seq, project_id, name, kind, url, interval_seconds, timeout_seconds, created_at, updated_at) VALUES ('m', 1, 'p', 'M', 'ping', 'h', 60, 10, ?, ?)", [now, now]);
  db.$client.run("INSERT INTO checks (monitor_seq, checked_at, is_up, response_time_ms) VALUES (1, ?, 1, 5)", [now]);
  db.$client.run("DELETE FROM monitors WHERE id = 'm'");
  expect((db.$client.query("SELECT count(*) AS n FROM checks").get() as { n: number }).n).toBe(0);
  closeDatabase(db);
});
