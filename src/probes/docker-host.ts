// Where the docker probe asks: a Docker host (unix socket, tcp:// plain or with TLS client certificates) and the
// one connection pool per host that every monitor of that host shares, so a check reuses a kept-alive connection.
import { nodeCrypto } from "../node-builtins.ts";
import { isIP } from "node:net";
import * as v from "valibot";
import { splitHostPort } from "./hosts.ts";
import { optionalOrNull, trimmed, type Setting } from "./kind.ts";

export const DEFAULT_DOCKER_HOST = "unix:///var/run/docker.sock";

export type DockerEndpoint = { socketPath: string } | { host: string; port: number };

/** PEM text of the daemon's CA, this client's certificate and its key (docker's --tlscacert, --tlscert, --tlskey). */
export interface DockerTls {
  ca: string | null;
  cert: string | null;
  key: string | null;
}

/** `unix:///var/run/docker.sock` → the socket's path; `tcp://host:port` → host and port; else null. */
export function dockerEndpoint(value: string): DockerEndpoint | null {
  if (/^unix:\/\/\/./.test(value)) return { socketPath: value.slice("unix://".length) };
  const tcp = /^tcp:\/\/(.+)$/.exec(value);
  return tcp ? splitHostPort(tcp[1]!) : null;
}

export const usesTls = (tls: DockerTls) => Boolean(tls.ca || tls.cert || tls.key);

/** Why these TLS settings cannot be used with this host, or null. */
export function tlsProblem(endpoint: DockerEndpoint, tls: DockerTls): string | null {
  if (!usesTls(tls)) return null;
  if ("socketPath" in endpoint) return "TLS settings need a tcp:// Docker host, not a unix socket";
  if (Boolean(tls.cert) !== Boolean(tls.key)) return "docker_tls_cert and docker_tls_key go together: set both or neither";
  return null;
}

/** An idle connection is closed after this; a monitor checked at least this often keeps its host's open. */
const IDLE_SECONDS = 90;
/** A host's pool no monitor has used for this long is dropped (its monitor was edited or deleted). */
const UNUSED_MS = 10 * 60_000;

const pools = new Map<string, { session: Bun.FetchSession; usedAt: number }>();

/** The connection pool of this host and these certificates, made on first use; unused ones are closed on the way. */
export function dockerSession(endpoint: DockerEndpoint, tls: DockerTls): Bun.FetchSession {
  const now = Date.now();
  const id = JSON.stringify([endpoint, tls]);
  let pool = pools.get(id);
  if (!pool) {
    for (const [other, { session, usedAt }] of pools) {
      if (now - usedAt > UNUSED_MS) {
        session.close();
        pools.delete(other);
      }
    }
    pool = { session: new Bun.FetchSession(sessionInit(endpoint, tls)), usedAt: now };
    pools.set(id, pool);
  }
  pool.usedAt = now;
  return pool.session;
}

function sessionInit(endpoint: DockerEndpoint, tls: DockerTls): Bun.FetchSessionInit {
  const keepAlive = { idleTimeout: IDLE_SECONDS };
  if ("socketPath" in endpoint) return { unix: endpoint.socketPath, keepAlive };
  if (!usesTls(tls)) return { keepAlive };
  // the check may connect to the checked address of a name: the certificate is still verified against the name
  const serverName = isIP(endpoint.host) ? undefined : endpoint.host;
  const pem = (value: string | null) => value ?? undefined;
  return { keepAlive, tls: { ca: pem(tls.ca), cert: pem(tls.cert), key: pem(tls.key), serverName } };
}

const parses = (parse: (pem: string) => unknown) => (pem: string) => {
  try {
    parse(pem);
    return true;
  } catch {
    return false;
  }
};

const pemSetting = (label: string, what: string, parse: (pem: string) => unknown, help: string) => ({
  input: optionalOrNull(trimmed(v.maxLength(65536, "must be at most 65536 characters"), v.check(parses(parse), `must be ${what} in PEM form`))),
  output: v.nullable(v.string()),
  form: { label, input: "textarea", help },
}) satisfies Setting;

/** The docker kind's TLS settings; the key is a secret, masked in answers like a password. */
export const dockerTlsSettings = {
  docker_tls_ca: pemSetting("Docker CA certificate", "a certificate", (pem) => new (nodeCrypto().X509Certificate)(pem), "tcp:// with TLS: the daemon's certificate is checked against it (ca.pem); empty: the system's roots"),
  docker_tls_cert: pemSetting("Client certificate", "a certificate", (pem) => new (nodeCrypto().X509Certificate)(pem), "cert.pem, for a daemon started with --tlsverify"),
  docker_tls_key: { ...pemSetting("Client key", "a private key", (pem) => nodeCrypto().createPrivateKey(pem), "key.pem; kept secret: shown masked, left as it is when not changed"), secret: true },
} satisfies Record<string, Setting>;
