// A docker monitor over tcp:// with TLS client certificates through the API, checked by the server's own scheduler
// against a local engine that requires one: the key never comes back in full, an edit sending the mask keeps it,
// and certificates that are not PEM are refused by their fields.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { startDockerEngines, type DockerEngines } from "../support/docker-engine.ts";
import { expectError, json } from "../support/http.ts";
import { nextCheck as nextCheckOf } from "../support/next-check.ts";
import { useServer } from "../support/server.ts";

const server = useServer();
let key: string;
let engines: DockerEngines;
beforeAll(async () => {
  [key, engines] = await Promise.all([server.adminKey(), startDockerEngines()]);
});
afterAll(() => engines?.stop());

const call = (method: string, path: string, body?: unknown) => server.call(method, `/api/v1${path}`, { auth: key, body });
const nextCheck = (id: string, after = "") => nextCheckOf(call, id, after);

test("a docker monitor with client certificates is checked over TLS; its key is masked and kept on edits", async () => {
  const { ca, client } = engines.certs;
  const created = await json(await call("POST", "/monitors", {
    name: "jellyfin", kind: "docker", url: "jellyfin", docker_host: engines.tlsHost, docker_tls_ca: ca, docker_tls_cert: client.cert, docker_tls_key: client.key,
  }));
  expect(created).toMatchObject({ docker_tls_ca: ca.trim(), docker_tls_cert: client.cert.trim(), docker_tls_key: `…${client.key.trim().slice(-4)}` });
  expect(JSON.stringify(await json(await call("GET", `/monitors/${created.id}`)))).not.toContain(client.key.trim().split("\n")[1]!);
  const first = await nextCheck(created.id);
  expect(first).toMatchObject({ is_up: true, error_message: null });

  // the form sends the masked key back with another container: the stored key still logs in
  const edited = await json(await call("PATCH", `/monitors/${created.id}`, { url: "backup", docker_tls_key: created.docker_tls_key }));
  expect(edited.docker_tls_key).toBe(created.docker_tls_key);
  expect(await nextCheck(created.id, first.checked_at)).toMatchObject({ is_up: false, error_message: expect.stringMatching(/^exited \(137\) /) });
});

test("TLS fields that are not PEM are refused by name", async () => {
  const refused = await expectError(await call("POST", "/monitors", {
    name: "d", kind: "docker", url: "web", docker_host: "tcp://nas.lan:2376", docker_tls_ca: "not a certificate", docker_tls_key: "-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----",
  }), 400);
  expect(refused.details).toEqual([
    { field: "docker_tls_ca", message: "must be a certificate in PEM form" },
    { field: "docker_tls_key", message: "must be a private key in PEM form" },
  ]);
});
