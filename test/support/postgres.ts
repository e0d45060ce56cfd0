// A real PostgreSQL (Debian's postgresql package) on 127.0.0.1, with TLS on from a test certificate.
import { appendFileSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { TestCert } from "./certs.ts";
import { asUser, runOrThrow, serverDir, stopWhenProcessEnds } from "./daemons.ts";
import { closedPort } from "./targets.ts";

export interface TestPostgres {
  port: number;
  user: string;
  password: string;
  database: string;
  start(): void;
  stop(): void;
  /** stops (SIGSTOP) or resumes its processes: connections stay open but nothing answers, as when the network is cut */
  freeze(frozen: boolean): void;
  /** turns TLS off (or on again) with a reload, as a server configured without it */
  setTls(on: boolean): void;
  remove(): void;
}

/** Debian puts each major version's programs in its own folder; the newest installed is used. */
export const PG_BIN = readdirSync("/usr/lib/postgresql").sort((a, b) => Number(b) - Number(a)).map((version) => `/usr/lib/postgresql/${version}/bin`)[0]!;

/**
 * `scratch`: nothing is flushed to disk (fsync, full-page writes off) — for servers whose data dies with the test run,
 * where each CREATE DATABASE would otherwise wait on the disk. `settings`: more `name=value` server settings.
 * `user`: the superuser initdb creates, as POSTGRES_USER does in PostgreSQL's image.
 */
export async function startPostgres(cert: TestCert, { user = "upbeat", password = "pg-secret-pw", scratch = false, settings = [] as string[] } = {}): Promise<TestPostgres> {
  const dir = serverDir("postgres", "upbeat-pg-");
  const data = join(dir.path, "data");
  const port = await closedPort();
  const immediateStop = asUser(dir.owner, [`${PG_BIN}/pg_ctl`, "-D", data, "-m", "immediate", "stop"]);
  // pg_ctl detaches the server from us: without this, a run that dies before remove() leaves it running
  const watch = stopWhenProcessEnds(dir.path, immediateStop);
  const passwordFile = dir.write("password", password);
  runOrThrow(asUser(dir.owner, [`${PG_BIN}/initdb`, "-D", data, "-U", user, "--auth-host=scram-sha-256", "--auth-local=trust", `--pwfile=${passwordFile}`]));
  // in the config file, not on the command line, so that ALTER SYSTEM can turn it off
  appendFileSync(join(data, "postgresql.conf"), `ssl = on\nssl_cert_file = '${dir.write("cert.pem", cert.cert)}'\nssl_key_file = '${dir.write("key.pem", cert.key)}'\n`);
  const scratchOptions = scratch ? " -c fsync=off -c synchronous_commit=off -c full_page_writes=off" : "";
  const options = `-p ${port} -k ${dir.path} -c listen_addresses=127.0.0.1${scratchOptions}${settings.map((s) => ` -c ${s}`).join("")}`;
  const pgCtl = (...args: string[]) => runOrThrow(asUser(dir.owner, [`${PG_BIN}/pg_ctl`, "-D", data, ...args]));
  const start = () => pgCtl("-l", join(dir.path, "log"), "-o", options, "-w", "start");
  start();
  let isFrozen = false;
  const freeze = (frozen: boolean) => {
    const postmaster = readFileSync(join(data, "postmaster.pid"), "utf8").split("\n")[0]!;
    const children = Bun.spawnSync(["pgrep", "-P", postmaster]).stdout.toString().split("\n").filter(Boolean);
    runOrThrow(["kill", frozen ? "-STOP" : "-CONT", postmaster, ...children]);
    isFrozen = frozen;
  };
  const psql = (sql: string) => runOrThrow(asUser(dir.owner, [`${PG_BIN}/psql`, "-h", dir.path, "-p", String(port), "-U", user, "-d", "postgres", "-c", sql]));
  return {
    port, user, password, database: "postgres", start,
    stop: () => pgCtl("-m", "immediate", "-w", "stop"),
    freeze,
    setTls(on) {
      psql(`ALTER SYSTEM SET ssl = ${on ? "on" : "off"}`);
      psql("SELECT pg_reload_conf()");
    },
    remove() {
      // a frozen server would not hear the stop (a test that timed out before it let go)
      if (isFrozen) freeze(false);
      watch.cancel();
      Bun.spawnSync(immediateStop);
      dir.remove();
    },
  };
}
