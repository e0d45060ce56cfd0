// A real Redis (Debian's redis-server package) on 127.0.0.1 with a password, and a TLS port beside it.
import type { Subprocess } from "bun";
import { connect } from "node:net";
import { join } from "node:path";
import type { TestCert } from "./certs.ts";
import { asUser, serverDir, stopWhenProcessEnds, waitFor } from "./daemons.ts";
import { closedPort } from "./targets.ts";

export interface TestRedis {
  port: number;
  /** the same server over TLS */
  tlsPort: number;
  password: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  remove(): Promise<void>;
}

const answers = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ host: "127.0.0.1", port }, () => socket.write("PING\r\n"));
    socket.once("data", () => { socket.destroy(); resolve(true); });
    socket.once("error", () => resolve(false));
  });

export async function startRedis(cert: TestCert, password = "redis-secret-pw"): Promise<TestRedis> {
  const dir = serverDir("redis", "upbeat-redis-");
  const [port, tlsPort] = [await closedPort(), await closedPort()];
  const pidFile = join(dir.path, "pid");
  // redis-server outlives us under runuser: without this, a run that dies before remove() leaves it running
  const watch = stopWhenProcessEnds(dir.path, ["pkill", "-KILL", "-F", pidFile]);
  const config = dir.write("redis.conf", [
    `port ${port}`, `tls-port ${tlsPort}`, "bind 127.0.0.1", `dir ${dir.path}`, `requirepass ${password}`, 'save ""', "appendonly no", `pidfile ${pidFile}`,
    `tls-cert-file ${dir.write("cert.pem", cert.cert)}`, `tls-key-file ${dir.write("key.pem", cert.key)}`, "tls-auth-clients no",
  ].join("\n"));
  let server: Subprocess | null = null;
  async function start() {
    server = Bun.spawn(asUser(dir.owner, ["redis-server", config]), { stdout: "ignore", stderr: "ignore" });
    await waitFor("redis-server", () => answers(port));
  }
  async function stop() {
    server?.kill("SIGTERM");
    await server?.exited;
    server = null;
  }
  await start();
  return { port, tlsPort, password, start, stop, remove: async () => { watch.cancel(); await stop(); dir.remove(); } };
}
