// The docker probe against a local HTTP server on a unix socket answering as the Docker Engine API documents
// GET /containers/{id}/json (ContainerState, Health): running, healthy, unhealthy, exited, missing; and a
// socket that is not there, and one that never answers.
import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { probeDocker } from "../../src/probes/docker.ts";
import { silentListener } from "../support/silent-listener.ts";

const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString();
const state = (s: Record<string, unknown>) => ({ Status: "running", Running: true, Paused: false, Restarting: false, OOMKilled: false, Dead: false, Pid: 4804, ExitCode: 0, Error: "", StartedAt: minutesAgo(60), FinishedAt: "0001-01-01T00:00:00Z", ...s });
const containers: Record<string, unknown> = {
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
};

const dir = mkdtempSync(join(tmpdir(), "upbeat-docker-"));
const socketPath = join(dir, "docker.sock");
const engine = Bun.serve({
  unix: socketPath,
  fetch(request) {
    const name = /^\/containers\/([^/]+)\/json$/.exec(new URL(request.url).pathname)?.[1];
    const found = name && containers[decodeURIComponent(name)];
    return found ? Response.json(found) : Response.json({ message: `No such container: ${name}` }, { status: 404 });
  },
});
const silentPath = join(dir, "silent.sock");
const silent = await silentListener(silentPath);
afterAll(() => {
  engine.stop(true);
  silent.stop();
  rmSync(dir, { recursive: true, force: true });
});

const check = (container: string, dockerHost = `unix://${socketPath}`, timeoutMs = 2000) => probeDocker({ container, dockerHost, timeoutMs });

describe("docker probe", () => {
  test("a running container is up, with its state as details", async () => {
    expect(await check("web")).toMatchObject({ isUp: true, errorMessage: null, details: { state: "running", health: null, image: "nginx:1.27" } });
  });

  test("a running, healthy container is up", async () => {
    expect(await check("jellyfin")).toMatchObject({ isUp: true, details: { health: "healthy" } });
  });

  test("an unhealthy one is down with the last line of its last health check", async () => {
    expect(await check("db")).toMatchObject({ isUp: false, errorMessage: "unhealthy: /var/run/postgresql:5432 - no response" });
  });

  test("an exited one says its exit code and since when", async () => {
    expect(await check("backup")).toMatchObject({ isUp: false, errorMessage: "exited (137) 3 min ago", details: { state: "exited" } });
  });

  test("a container that does not exist says so", async () => {
    expect(await check("nope")).toMatchObject({ isUp: false, statusCode: 404, errorMessage: "no container named nope" });
  });

  test("no Docker at the socket says so", async () => {
    const result = await check("web", `unix://${join(dir, "missing.sock")}`);
    expect(result.errorMessage).toStartWith(`Docker at unix://${join(dir, "missing.sock")}: `);
  });

  test("a socket that never answers times out, and the connection is closed", async () => {
    expect(await check("web", `unix://${silentPath}`, 300)).toMatchObject({ isUp: false, errorMessage: "timeout after 0.3 s" });
    await silent.allClosed();
  });
});
