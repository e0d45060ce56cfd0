// Run by leftover-servers.test.ts as its own `bun test`: starts a PostgreSQL as the tests do, says which one,
// then ends as UPBEAT_FIXTURE_END tells it — without ever reaching an afterAll that removes the server.
import { expect, test } from "bun:test";
import { SQL } from "bun";
import { selfSignedCert } from "../support/certs.ts";
import { startPostgres } from "../support/postgres.ts";

test("a PostgreSQL is started and never removed", async () => {
  const pg = await startPostgres(selfSignedCert(1));
  const sql = new SQL(`postgres://${pg.user}:${encodeURIComponent(pg.password)}@127.0.0.1:${pg.port}/${pg.database}?sslmode=disable`);
  const [{ dir, pidFile }] = await sql`SELECT current_setting('data_directory') AS dir, pg_read_file('postmaster.pid') AS "pidFile"`;
  await sql.close();
  console.log(`STARTED ${dir} ${pidFile.split("\n")[0]}`);
  if (process.env.UPBEAT_FIXTURE_END === "exit") process.exit(3);
  if (process.env.UPBEAT_FIXTURE_END === "throw") expect(dir).toBe("a failing assertion: the run ends, afterAll or not");
  else await new Promise(() => {}); // waits to be killed
}, 120_000);
