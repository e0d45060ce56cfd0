// Local stand-ins for a Docker Engine (no engine runs in CI): GET /containers/{id}/json answered with the API's
// documented JSON (ContainerState, Health), on a unix socket and on tcp:// with TLS that requires a client
// certificate (a daemon started with --tlsverify); each counts the connections it accepted.
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createTlsServer } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { mutualTls, type MutualTls } from "./certs.ts";

const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString();
const state = (s: Record<string, unknown>) => ({ Status: "running", Running: true, Paused: false, Restarting: false, OOMKilled: false, Dead: false, Pid: 4804, ExitCode: 0, Error: "", StartedAt: minutesAgo(60), FinishedAt: "0001-01-01T00:00:00Z", ...s });

/** web: running; jellyfin: running, healthy; db: unhealthy; backup: exited (137) 3 min ago. */
const containers = (): Record<string, unknown> => ({
  web: { Id: "9f2c", Name: "/web", Config: { Image: "nginx:1.27" }, State: state({}) },
  jellyfin: { Id: "1a2b", Name: "/jellyfin", Config: { Image: "jellyfin/jellyfin" }, State: state({ Health: { Status: "healthy", FailingStreak: 0, Log: [] } }) },
  db: {
    Id: "3c4d", Name: "/db", Config: { Image: "postgres:17" },
    State: state({ Health: { Status: "unhealthy", FailingStreak: 3, Log: [
      { Start: minutesAgo(2), End: minutesAgo(2), ExitCode: 1, Output: "pg_isready: starting\n" },
      { Start: minutesAgo(1), End: minutesAgo(1), ExitCode: 2, Output: "connecting\n/var/run/postgresql:5432 - no response\n" },
    ] } }),
  },
  backup: { Id: "5e6f", Name: "/backup", Config: { Image: "restic" }, State: state({ Status: "exited", Running: false, Pid: 0, ExitCode: 137, FinishedAt: minutesAgo(3) }) },
});

/** Answers GET /containers/{id}/json from the fixed containers, with the State of any that `exited` changed. */
const inspector = (exited: Map<string, Record<string, unknown>>) => (request: IncomingMessage, response: ServerResponse) => {
  const name = decodeURIComponent(/^\/containers\/([^/]+)\/json$/.exec(request.url ?? "")?.[1] ?? "");
  const found = containers()[name] as { State: Record<string, unknown> } | undefined;
  if (found && exited.has(name)) found.State = exited.get(name)!;
  response.writeHead(found ? 200 : 404, { "Content-Type": "application/json" });
  response.end(JSON.stringify(found ?? { message: `No such container: ${name}` }));
};

export interface CountedServer {
  server: Server;
  /** connections accepted so far (TLS: handshakes completed) */
  connections(): number;
}

const counted = (server: Server, event: string): CountedServer => {
  let connections = 0;
  server.on(event, () => connections++);
  return { server, connections: () => connections };
};

export interface DockerEngines {
  /** unix:///…/docker.sock */
  unixHost: string;
  unix: CountedServer;
  /** tcp://127.0.0.1:port, TLS with a client certificate required */
  tlsHost: string;
  tls: CountedServer;
  certs: MutualTls;
  /** from now on the engine reports this container exited with `exitCode`, `minutesAgo` minutes ago */
  exit(name: string, exitCode: number, minutesAgo: number): void;
  stop(): void;
}

export async function startDockerEngines(): Promise<DockerEngines> {
  const dir = mkdtempSync(join(tmpdir(), "upbeat-docker-"));
  const socketPath = join(dir, "docker.sock");
  const exited = new Map<string, Record<string, unknown>>();
  const inspect = inspector(exited);
  const unix = counted(createServer(inspect), "connection");
  await new Promise<void>((resolve) => unix.server.listen(socketPath, resolve));
  const certs = mutualTls();
  const tls = counted(createTlsServer({ ...certs.server, ca: certs.ca, requestCert: true, rejectUnauthorized: true }, inspect), "secureConnection");
  await new Promise<void>((resolve) => tls.server.listen(0, "127.0.0.1", resolve));
  return {
    unixHost: `unix://${socketPath}`,
    unix,
    tlsHost: `tcp://127.0.0.1:${(tls.server.address() as { port: number }).port}`,
    tls,
    certs,
    exit(name, exitCode, ago) {
      exited.set(name, state({ Status: "exited", Running: false, Pid: 0, ExitCode: exitCode, FinishedAt: minutesAgo(ago) }));
    },
    stop() {
      unix.server.close();
      tls.server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
