// Docker: a container, by name or id, is running (and healthy when it has a health check), asked of the Docker
// Engine API (GET /containers/{id}/json) over its unix socket or a tcp:// address, with TLS client certificates
// when given; the connections are kept alive and shared by the monitors of one host (docker-host.ts).
import * as v from "valibot";
import { DEFAULT_DOCKER_HOST, dockerEndpoint, dockerSession, dockerTlsSettings, tlsProblem, usesTls, type DockerTls } from "./docker-host.ts";
import { defineKind, trimmed } from "./kind.ts";
import { deadline, describeError, down, up, type Details, type ProbeResult } from "./result.ts";
import { allowedTarget, resolveTarget } from "./target-guard.ts";

export { DEFAULT_DOCKER_HOST, dockerEndpoint };
/** Container names as Docker allows them, or an id (or its prefix). */
const CONTAINER = /^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]{0,254}$/;

/** The part of the inspect answer this probe reads (Docker Engine API, ContainerState). */
interface Inspected {
  Name?: string;
  Config?: { Image?: string };
  State?: {
    Status?: string;
    ExitCode?: number;
    StartedAt?: string;
    FinishedAt?: string;
    OOMKilled?: boolean;
    Health?: { Status?: string; Log?: { Output?: string }[] };
  };
}

export interface DockerProbeOptions {
  container: string;
  /** unix:///path or tcp://host:port */
  dockerHost: string;
  timeoutMs: number;
  /** absent or all null: plain HTTP */
  tls?: DockerTls;
}

const NO_TLS: DockerTls = { ca: null, cert: null, key: null };

export async function probeDocker(options: DockerProbeOptions, signal?: AbortSignal): Promise<ProbeResult> {
  const startedAt = performance.now();
  const limit = deadline(options.timeoutMs, signal);
  const endpoint = dockerEndpoint(options.dockerHost);
  if (!endpoint) return down(startedAt, `not a Docker host: ${options.dockerHost}`);
  const tls = options.tls ?? NO_TLS;
  const problem = tlsProblem(endpoint, tls);
  if (problem) return down(startedAt, problem);
  const path = `/containers/${encodeURIComponent(options.container.replace(/^\//, ""))}/json`;
  try {
    let url = `http://docker${path}`;
    if ("host" in endpoint) {
      const target = await resolveTarget(endpoint.host, endpoint.port, limit);
      if ("failure" in target) return down(startedAt, target.failure);
      const host = target.address.includes(":") ? `[${target.address}]` : target.address;
      url = `${usesTls(tls) ? "https" : "http"}://${host}:${endpoint.port}${path}`;
    }
    const response = await fetch(url, { session: dockerSession(endpoint, tls), signal: limit.signal });
    if (response.status === 404) {
      await response.body?.cancel();
      return down(startedAt, `no container named ${options.container}`, 404);
    }
    if (!response.ok) return down(startedAt, `Docker answered ${response.status}: ${await messageOf(response)}`, response.status);
    return verdict(startedAt, (await response.json()) as Inspected);
  } catch (error) {
    if (limit.signal.aborted) return down(startedAt, limit.reason());
    return down(startedAt, `Docker at ${options.dockerHost}: ${unreachable(error, usesTls(tls))}`);
  }
}

const messageOf = async (response: Response) => {
  const text = await response.text();
  try {
    return String((JSON.parse(text) as { message?: unknown }).message ?? text);
  } catch {
    return text.slice(0, 200);
  }
};

/** A socket that is not there says so; a refused handshake says what is likely wrong; the rest as any connection error. */
function unreachable(error: unknown, withTls: boolean): string {
  const code = (error as { code?: string }).code;
  if (code === "ENOENT" || code === "FailedToOpenSocket") return "no such socket, or it refused the connection";
  if (code === "EACCES") return "permission denied on the socket";
  if (code === "EPROTO" && withTls) return "the TLS handshake failed: the daemon did not accept the client certificate, or does not speak TLS on this port";
  return describeError(error);
}

/** Running (and healthy, with a health check) is up; anything else says which state, and since when. */
function verdict(startedAt: number, inspected: Inspected): ProbeResult {
  const state = inspected.State ?? {};
  const status = state.Status ?? "unknown";
  const health = state.Health?.Status;
  const details: Details = { state: status, health: health ?? null, image: inspected.Config?.Image ?? null, started_at: state.StartedAt ?? null };
  if (status === "running") {
    if (!health || health === "none" || health === "healthy") return { ...up(startedAt), details };
    const last = state.Health?.Log?.at(-1)?.Output?.trim().split("\n").at(-1)?.trim();
    const why = health === "starting" ? "starting: its health check has not passed yet" : `${health}${last ? `: ${last}` : ""}`;
    return { ...down(startedAt, why), details };
  }
  if (status === "exited" || status === "dead") {
    const oom = state.OOMKilled ? ", out of memory" : "";
    return { ...down(startedAt, `${status} (${state.ExitCode ?? "?"}${oom}) ${ago(state.FinishedAt)}`), details };
  }
  return { ...down(startedAt, status), details };
}

/** "3 min ago", "2 h ago", "5 days ago" from an ISO time; empty when Docker gave none. */
function ago(iso: string | undefined): string {
  const at = iso ? Date.parse(iso) : NaN;
  if (!Number.isFinite(at) || at <= 0) return "";
  const seconds = Math.max(0, Math.round((Date.now() - at) / 1000));
  if (seconds < 120) return `${seconds} s ago`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)} h ago`;
  return `${Math.round(seconds / 86_400)} days ago`;
}

const endpointForGuard = (value: string) => {
  const endpoint = dockerEndpoint(value);
  return endpoint && "host" in endpoint ? endpoint : null;
};

export const dockerKind = defineKind({
  name: "docker",
  label: "docker — a container is running and healthy",
  target: { schema: trimmed(v.regex(CONTAINER, "must be a container name or id")), label: "Container name or id", example: "jellyfin" },
  settings: {
    docker_host: {
      input: v.optional(
        trimmed(v.check((s) => dockerEndpoint(s) !== null, "must be unix:///path/to/docker.sock or tcp://host:port"), allowedTarget(endpointForGuard)),
        DEFAULT_DOCKER_HOST,
      ),
      output: v.string(),
      form: { label: "Docker host", input: "text", help: "unix:///var/run/docker.sock, tcp://host:2375, or tcp://host:2376 with the TLS fields below" },
    },
    ...dockerTlsSettings,
  },
  check: ({ url, timeoutMs, settings: s }) => {
    const tls = { ca: s.docker_tls_ca, cert: s.docker_tls_cert, key: s.docker_tls_key };
    const options = { container: url, dockerHost: s.docker_host, timeoutMs, tls };
    return (signal) => probeDocker(options, signal);
  },
});
