// Service probes' cost: CPU per check of postgres, mysql, redis and smtp against real local servers, with the kept
// connection (or, for smtp, a new session each time), and the memory `monitors` kept connections hold. Prints figures.
//   npx bun bench/service-checks.ts --checks 2000 --monitors 200
import { parseArgs } from "node:util";
import { redisCheck } from "../src/probes/redis.ts";
import { probeSmtp } from "../src/probes/smtp.ts";
import { sqlCheck } from "../src/probes/sql-probe.ts";
import { selfSignedCert } from "../test/support/certs.ts";
import { startMariadb } from "../test/support/mariadb.ts";
import { startPostgres } from "../test/support/postgres.ts";
import { startRedis } from "../test/support/redis.ts";
import { SMTP_USER } from "../test/support/smtp.ts";
import { cpuMicros } from "./support/cpu.ts";

const { values } = parseArgs({ options: { checks: { type: "string", default: "2000" }, monitors: { type: "string", default: "200" } } });
const checks = Number(values.checks);
const monitors = Number(values.monitors);

const cert = selfSignedCert(30);
const [pg, maria, redis, mail] = await Promise.all([startPostgres(cert), startMariadb(cert), startRedis(cert), smtpInChild()]);
/** The SMTP server in a child process, so that its CPU is not counted as the probe's. */
async function smtpInChild() {
  const script = `const { startSmtp } = await import(${JSON.stringify(new URL("../test/support/smtp.ts", import.meta.url).pathname)});
    const { selfSignedCert } = await import(${JSON.stringify(new URL("../test/support/certs.ts", import.meta.url).pathname)});
    const mail = await startSmtp(selfSignedCert(30), { allowInsecureAuth: true, disableReverseLookup: true });
    console.log(mail.port);`;
  const child = Bun.spawn([process.execPath, "-e", script], { stdout: "pipe", stderr: "inherit" });
  const reader = child.stdout.getReader();
  const port = Number(new TextDecoder().decode((await reader.read()).value).trim());
  return { port, stop: async () => { child.kill(); await child.exited; } };
}

const sql = (adapter: "postgres" | "mysql", port: number, username: string, password: string, database: string) =>
  sqlCheck({ adapter, host: "127.0.0.1", port, username, password, database, query: "SELECT 1", tlsMode: "disable", timeoutMs: 5000 });
const redisOptions = { host: "127.0.0.1", port: redis.port, username: null, password: redis.password, command: ["PING"], tlsMode: "disable" as const, timeoutMs: 5000 };

const kinds: Record<string, () => () => Promise<{ isUp: boolean }>> = {
  "postgres (kept connection)": () => sql("postgres", pg.port, pg.user, pg.password, pg.database),
  "mysql (kept connection)": () => sql("mysql", maria.port, maria.user, maria.password, maria.database),
  "redis (kept connection)": () => redisCheck(redisOptions),
  "smtp (new session, no TLS, AUTH)": () => () =>
    probeSmtp({ host: "127.0.0.1", port: mail.port, tlsMode: "disable", ignoreTlsErrors: false, ...SMTP_USER, timeoutMs: 5000 }),
};

try {
  console.log(`CPU of this process per check, ${checks} checks each, one after another (the servers' own CPU not counted)`);
  for (const [name, make] of Object.entries(kinds)) {
    const check = make();
    if (!(await check()).isUp) throw new Error(`${name}: not up`);
    const before = cpuMicros(process.pid);
    const startedAt = performance.now();
    for (let i = 0; i < checks; i++) await check();
    const perCheckUs = (cpuMicros(process.pid) - before) / checks;
    const wallMs = (performance.now() - startedAt) / checks;
    console.log(`  ${name.padEnd(36)} ${perCheckUs.toFixed(0).padStart(5)} µs CPU, ${wallMs.toFixed(2)} ms each; 50 checks/s ≈ ${(perCheckUs * 50 / 10_000).toFixed(2)} % of a core`);
  }
  Bun.gc(true);
  const before = process.memoryUsage();
  const kept = Array.from({ length: monitors }, () => redisCheck(redisOptions));
  await Promise.all(kept.map((check) => check()));
  Bun.gc(true);
  const after = process.memoryUsage();
  const each = (bytes: number) => `${(bytes / monitors / 1024).toFixed(1)} KB`;
  console.log(`memory: ${monitors} redis monitors each keeping its connection: ${each(after.rss - before.rss)} resident, ${each(after.heapUsed - before.heapUsed)} of JS heap each`);
} finally {
  pg.remove();
  await Promise.all([maria.remove(), redis.remove(), mail.stop()]);
}
process.exit(0);
