// A real MariaDB (Debian's mariadb-server package) on 127.0.0.1, started with or without TLS.
import { SQL } from "bun";
import { join } from "node:path";
import type { Subprocess } from "bun";
import type { TestCert } from "./certs.ts";
import { asUser, runOrThrow, serverDir, stopWhenProcessEnds, waitFor } from "./daemons.ts";
import { closedPort } from "./targets.ts";

export interface TestMariadb {
  port: number;
  user: string;
  password: string;
  database: string;
  /** starts the server again (after stop), with TLS or without */
  start(tls: boolean): Promise<void>;
  stop(): Promise<void>;
  remove(): Promise<void>;
}

export async function startMariadb(cert: TestCert, password = "maria-secret-pw"): Promise<TestMariadb> {
  const dir = serverDir("mysql", "upbeat-maria-");
  const data = join(dir.path, "data");
  const port = await closedPort();
  const pidFile = join(dir.path, "pid");
  // mariadbd outlives us under runuser: without this, a run that dies before remove() leaves it running
  const watch = stopWhenProcessEnds(dir.path, ["pkill", "-KILL", "-F", pidFile]);
  runOrThrow(asUser(dir.owner, ["mariadb-install-db", "--no-defaults", `--datadir=${data}`, "--auth-root-authentication-method=normal", "--skip-test-db"]));
  // run at every start; the user the probes log in as
  const initFile = dir.write("init.sql", `CREATE USER IF NOT EXISTS 'upbeat'@'%' IDENTIFIED BY '${password}';\nCREATE DATABASE IF NOT EXISTS app;\nGRANT ALL ON app.* TO 'upbeat'@'%';\n`);
  const tlsFiles = [`--ssl-cert=${dir.write("cert.pem", cert.cert)}`, `--ssl-key=${dir.write("key.pem", cert.key)}`];
  let server: Subprocess | null = null;

  async function start(tls: boolean) {
    server = Bun.spawn(asUser(dir.owner, [
      "mariadbd", "--no-defaults", `--datadir=${data}`, `--port=${port}`, "--bind-address=127.0.0.1", `--socket=${join(dir.path, "sock")}`,
      `--pid-file=${pidFile}`, `--init-file=${initFile}`, "--skip-log-bin", "--innodb-buffer-pool-size=16M",
      ...(tls ? tlsFiles : ["--skip-ssl"]),
    ]), { stdout: "ignore", stderr: "pipe" });
    await waitFor("mariadbd", async () => {
      const sql = new SQL({ adapter: "mariadb", hostname: "127.0.0.1", port, username: "upbeat", password, database: "app", max: 1 });
      try {
        await sql.unsafe("SELECT 1");
        return true;
      } finally {
        await sql.close({ timeout: 0 });
      }
    });
  }

  async function stop() {
    server?.kill("SIGTERM");
    await server?.exited;
    server = null;
  }

  await start(true);
  return { port, user: "upbeat", password, database: "app", start, stop, remove: async () => { watch.cancel(); await stop(); dir.remove(); } };
}
