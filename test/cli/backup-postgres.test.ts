// `upbeat backup` on a PostgreSQL store: pg_dump's archive of the live database, which pg_restore puts back
// elsewhere; one clear line where pg_dump is missing or cannot get in.
import { afterAll, afterEach, beforeAll, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connectPostgres } from "../../src/db/postgres/connection.ts";
import { dumpPostgres } from "../../src/db/postgres/dump.ts";
import { ownerOnlyFile } from "../../src/db/owner-only.ts";
import { UserError } from "../../src/errors.ts";
import { createPostgresStore } from "../../src/store/postgres/index.ts";
import { FROM_SOURCE, runCommand } from "../e2e/binary.ts";
import { PG_BIN } from "../support/postgres.ts";
import { freshPostgresStore, postgresForStores, type PostgresForStores } from "../support/postgres-store.ts";
import { addUser, T0 } from "../store/fixtures.ts";

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

test("`upbeat backup FILE` writes pg_dump's archive, owner-only, which restores into an empty database", () => {
  const live = freshPostgresStore(postgres);
  const user = addUser(live.store);
  live.store.serverSecrets.getOrCreate("ack-key", () => "kept", T0);
  const made = runCommand(FROM_SOURCE, ["backup", path], { PATH: `${PG_BIN}:${process.env.PATH}`, UPBEAT_DATABASE_URL: live.connection.url });
  live.close();
  expect(made.stderr).toBe("");
  expect(made.stdout).toMatch(/^backed up postgres:\/\/upbeat@127\.0\.0\.1:\d+\/upbeat_\d+ to \S+backup\.dump\n$/);
  expect(made.exitCode).toBe(0);
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

test("`upbeat backup FILE` without pg_dump on PATH: one line saying what to install, exit 2, and no file left", () => {
  const database = postgres.freshDatabase();
  try {
    const made = runCommand(FROM_SOURCE, ["backup", path], { PATH: "/nonexistent", UPBEAT_DATABASE_URL: database.url });
    expect([made.exitCode, made.stdout, made.stderr]).toEqual([2, "",
      "upbeat: pg_dump is not on PATH; install PostgreSQL's client programs (Debian: postgresql-client) to back up a PostgreSQL store\n"]);
    expect(existsSync(path)).toBe(false);
  } finally {
    database.drop();
  }
});

test("`upbeat restore FILE` with a database URL says to use pg_restore (exit 2), touching nothing", () => {
  writeFileSync(path, "an archive");
  const made = runCommand(FROM_SOURCE, ["restore", path], { UPBEAT_DATABASE_URL: "postgres://upbeat@127.0.0.1:1/none", UPBEAT_DATA_DIR: dir });
  expect([made.exitCode, made.stdout, made.stderr]).toEqual([2, "",
    "upbeat: restore puts back a SQLite backup; with UPBEAT_DATABASE_URL, restore the pg_dump archive with pg_restore\n"]);
  expect(readdirSync(dir)).toEqual(["backup.dump"]);
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
