// The docker probe against local HTTP servers answering as the Docker Engine API documents
// GET /containers/{id}/json (ContainerState, Health): running, healthy, unhealthy, exited, missing; over a unix
// socket and over tcp:// with TLS client certificates (each counting its connections); and a socket that is not
// there, and listeners that never answer.
import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { probeDocker, type DockerProbeOptions } from "../../src/probes/docker.ts";
import { mutualTls } from "../support/certs.ts";
import { startDockerEngines } from "../support/docker-engine.ts";
import { silentListener } from "../support/silent-listener.ts";

const engines = await startDockerEngines();
const { certs, tlsHost } = engines;
const clientTls = { ca: certs.ca, cert: certs.client.cert, key: certs.client.key };
const dir = mkdtempSync(join(tmpdir(), "upbeat-docker-test-"));
const silentPath = join(dir, "silent.sock");
const silent = await silentListener(silentPath);
const silentTcp = await silentListener();
afterAll(() => {
  engines.stop();
  silent.stop();
  silentTcp.stop();
  rmSync(dir, { recursive: true, force: true });
});

const check = (container: string, dockerHost = engines.unixHost, timeoutMs = 2000, more: Partial<DockerProbeOptions> = {}) =>
  probeDocker({ container, dockerHost, timeoutMs, ...more });

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

  test("a tcp:// host that never answers times out, and the connection is closed", async () => {
    expect(await check("web", `tcp://127.0.0.1:${silentTcp.port}`, 300)).toMatchObject({ isUp: false, errorMessage: "timeout after 0.3 s" });
    await silentTcp.allClosed();
  });

  test("checks one after another, of several containers, share one kept connection", async () => {
    await check("web");
    const before = engines.unix.connections();
    for (const container of ["web", "jellyfin", "backup", "web", "nope"]) await check(container);
    expect(engines.unix.connections()).toBe(before);
  });
});

describe("docker probe over tcp:// with TLS client certificates", () => {
  test("a daemon that requires a client certificate answers with one", async () => {
    expect(await check("jellyfin", tlsHost, 2000, { tls: clientTls })).toMatchObject({ isUp: true, details: { health: "healthy" } });
    expect(await check("backup", tlsHost, 2000, { tls: clientTls })).toMatchObject({ isUp: false, errorMessage: "exited (137) 3 min ago" });
  });

  test("the TLS connection is kept and reused by later checks", async () => {
    await check("web", tlsHost, 2000, { tls: clientTls });
    const before = engines.tls.connections();
    for (let i = 0; i < 4; i++) expect((await check("web", tlsHost, 2000, { tls: clientTls })).isUp).toBe(true);
    expect(engines.tls.connections()).toBe(before);
  });

  test("without a client certificate the handshake is refused, and the error says why", async () => {
    const result = await check("web", tlsHost, 2000, { tls: { ca: certs.ca, cert: null, key: null } });
    expect(result).toMatchObject({ isUp: false });
    expect(result.errorMessage).toBe(`Docker at ${tlsHost}: the TLS handshake failed: the daemon did not accept the client certificate, or does not speak TLS on this port`);
  });

  test("a daemon certificate from another CA is refused", async () => {
    const other = mutualTls();
    const result = await check("web", tlsHost, 2000, { tls: { ca: other.ca, cert: certs.client.cert, key: certs.client.key } });
    expect(result.errorMessage).toBe(`Docker at ${tlsHost}: TLS: self-signed certificate in chain`);
  });

  test("TLS settings with a unix socket, or a certificate without its key, are down saying so", async () => {
    expect((await check("web", engines.unixHost, 2000, { tls: clientTls })).errorMessage).toBe("TLS settings need a tcp:// Docker host, not a unix socket");
    expect((await check("web", tlsHost, 2000, { tls: { ...clientTls, key: null } })).errorMessage)
      .toBe("docker_tls_cert and docker_tls_key go together: set both or neither");
  });
});
