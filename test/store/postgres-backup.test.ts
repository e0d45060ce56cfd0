// Backups of a PostgreSQL store: pg_dump's archive of the live database, which pg_restore puts back elsewhere;
// a clear error where pg_dump is missing or cannot get in.
import { afterAll, afterEach, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connectPostgres } from "../../src/db/postgres/connection.ts";
import { dumpPostgres } from "../../src/db/postgres/dump.ts";
import { ownerOnlyFile } from "../../src/db/owner-only.ts";
import { UserError } from "../../src/errors.ts";
import { createPostgresStore } from "../../src/store/postgres/index.ts";
import { PG_BIN } from "../support/postgres.ts";
import { freshPostgresStore, postgresForStores, type PostgresForStores } from "../support/postgres-store.ts";
import { addUser, T0 } from "./fixtures.ts";

let postgres: PostgresForStores;
const dir = mkdtempSync(join(tmpdir(), "upbeat-pg-backup-"));
const path = join(dir, "backup.dump");
const pathBefore = process.env.PATH;
beforeAll(async () => {
  postgres = await postgresForStores();
});
afterEach(() => {
  process.env.PATH = pathBefore;
  rmSync(path, { force: true });
});
afterAll(() => {
  postgres?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test("the archive holds what was written, keeps the file owner-only, and restores into an empty database", () => {
  process.env.PATH = `${PG_BIN}:${pathBefore}`;
  const live = freshPostgresStore(postgres);
  const user = addUser(live.store);
  live.store.serverSecrets.getOrCreate("ack-key", () => "kept", T0);
  ownerOnlyFile(path);
  live.store.backupTo(path);
  live.close();
  expect(statSync(path).mode & 0o777).toBe(0o600);

  const empty = postgres.freshDatabase("template0");
  const restore = Bun.spawnSync([`${PG_BIN}/pg_restore`, "--no-owner", `--dbname=${empty.url}`, path], { stderr: "pipe" });
  expect(restore.stderr.toString()).toBe("");
  const connection = connectPostgres(empty.url);
  const restored = createPostgresStore(connection);
  expect(restored.users.byId(user.id)).toEqual(user);
  expect(restored.serverSecrets.getOrCreate("ack-key", () => "new", T0 + 1)).toBe("kept");
  connection.close();
  empty.drop();
});

test("without pg_dump on PATH: one line saying what to install, and nothing written", () => {
  process.env.PATH = "/nonexistent";
  const live = freshPostgresStore(postgres);
  try {
    expect(() => live.store.backupTo(path)).toThrow(new UserError(
      "pg_dump is not on PATH; install PostgreSQL's client programs (Debian: postgresql-client) to back up a PostgreSQL store",
    ));
    expect(() => statSync(path)).toThrow();
  } finally {
    live.close();
  }
});

test("pg_dump turned away: a one-line UserError with its reason, without the password", () => {
  process.env.PATH = `${PG_BIN}:${pathBefore}`;
  const database = postgres.freshDatabase();
  const wrong = new URL(database.url);
  wrong.password = "wrong-password";
  try {
    const error = (() => {
      try {
        dumpPostgres(wrong.href, path);
      } catch (thrown) {
        return thrown as Error;
      }
    })();
    expect(error).toBeInstanceOf(UserError);
    expect(error?.message).toMatch(/^pg_dump failed: .*password authentication failed for user "upbeat"$/);
    expect(error?.message).not.toContain("wrong-password");
  } finally {
    database.drop();
  }
});
