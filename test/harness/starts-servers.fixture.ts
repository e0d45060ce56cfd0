// Run by leftover-servers.test.ts as its own `bun test`: starts a PostgreSQL, a MariaDB and a Redis as the tests do,
// says which ones (each server's own answer: its dir and pid), then ends as UPBEAT_FIXTURE_END tells it — without
// ever reaching an afterAll that removes them.
import { expect, test } from "bun:test";
import { RedisClient, SQL } from "bun";
import { readFileSync } from "node:fs";
import { dirname } from "node:path";
import { selfSignedCert } from "../support/certs.ts";
import { startMariadb } from "../support/mariadb.ts";
import { startPostgres } from "../support/postgres.ts";
import { startRedis } from "../support/redis.ts";

async function startedPostgres() {
  const pg = await startPostgres(selfSignedCert(1));
  const sql = new SQL(`postgres://${pg.user}:${encodeURIComponent(pg.password)}@127.0.0.1:${pg.port}/${pg.database}?sslmode=disable`);
  const [{ dir, pidFile }] = await sql`SELECT current_setting('data_directory') AS dir, pg_read_file('postmaster.pid') AS "pidFile"`;
  await sql.close();
  return { dir: dirname(dir), pid: Number(pidFile.split("\n")[0]) };
}

async function startedMariadb() {
  const maria = await startMariadb(selfSignedCert(1));
  const sql = new SQL({ adapter: "mariadb", hostname: "127.0.0.1", port: maria.port, username: maria.user, password: maria.password, database: maria.database });
  const [{ pidFile }] = await sql`SELECT @@pid_file AS pidFile`;
  await sql.close();
  return { dir: dirname(pidFile), pid: Number(readFileSync(pidFile, "utf8")) };
}

async function startedRedis() {
  const redis = await startRedis(selfSignedCert(1));
  const client = new RedisClient(`redis://:${redis.password}@127.0.0.1:${redis.port}`);
  const info: string = await client.send("INFO", ["server"]);
  client.close();
  const field = (name: string) => new RegExp(`^${name}:(.*?)\r?$`, "m").exec(info)![1]!;
  return { dir: dirname(field("config_file")), pid: Number(field("process_id")) };
}

test("servers are started and never removed", async () => {
  const servers = { postgres: await startedPostgres(), mariadb: await startedMariadb(), redis: await startedRedis() };
  console.log(`STARTED ${JSON.stringify(servers)}`);
  if (process.env.UPBEAT_FIXTURE_END === "exit") process.exit(3);
  if (process.env.UPBEAT_FIXTURE_END === "throw") expect(servers.postgres.dir).toBe("a failing assertion: the run ends, afterAll or not");
  else await new Promise(() => {}); // waits to be killed
}, 120_000);
