// What postgres and mysql checks share, through Bun's SQL client: log in, run the monitor's query, read its first
// value. A monitor keeps its one connection between checks while they succeed; any failure or the deadline closes it.
import { SQL } from "bun";
import * as v from "valibot";
import { optionalText, trimmed, unusable, type CheckedMonitor, type MonitorCheck, type Settings } from "./kind.ts";
import { assertionsSetting, compileAssertion, firstFailure, type Rule } from "./assertions.ts";
import { deadline, down, elapsedMs, up, type ProbeResult } from "./result.ts";
import { DB_TLS_MODES, KEEP_IDLE_MS, loginSettings, serviceEndpoint, shownValue, stalled, tlsModeSetting, type DbTlsMode } from "./service.ts";
import { resolveTarget } from "./target-guard.ts";

export interface SqlProbeOptions {
  adapter: "postgres" | "mysql";
  host: string;
  port: number;
  username: string;
  password: string | null;
  /** null: the server's default for the user */
  database: string | null;
  query: string;
  tlsMode: DbTlsMode;
  timeoutMs: number;
  /** extra trusted roots (PEM) for `verify`, e.g. a private CA */
  ca?: string[];
  /** assertions on the first value and the response time, compiled; all must hold */
  rules?: Rule[];
}

/** What assertions on a postgres or mysql check read. */
export const SQL_SOURCES = ["value", "response_time_ms"] as const;

/** A check's result with the query's first value (undefined when it returned no row). */
export type SqlResult = ProbeResult & { value?: unknown };

const VERSION_QUERY = { postgres: "SHOW server_version", mysql: "SELECT VERSION()" };

interface KeptClient {
  sql: SQL;
  /** set once logged in: a failure before is the login's, after it the query's */
  loggedIn: boolean;
  version: string | null;
}

/** The check of one monitor, keeping its connection between checks. */
export function sqlCheck(options: SqlProbeOptions): (signal?: AbortSignal) => Promise<SqlResult> {
  let kept: KeptClient | null = null;
  return async (signal) => {
    const startedAt = performance.now();
    const limit = deadline(options.timeoutMs, signal);
    if (!kept) {
      const resolved = await resolveTarget(options.host, options.port, limit);
      if ("failure" in resolved) return down(startedAt, resolved.failure);
      kept = openClient(options, resolved.address);
    }
    const client = kept;
    const close = () => void client.sql.close({ timeout: 0 }).catch(() => {});
    limit.signal.addEventListener("abort", close, { once: true });
    try {
      client.version ??= String((await client.sql.unsafe(VERSION_QUERY[options.adapter]).values())[0]?.[0] ?? "");
      const rows = (await client.sql.unsafe(options.query).values()) as unknown[][];
      const value = rows[0]?.[0];
      const details = { server_version: client.version, value: shownValue(value) };
      const responseTimeMs = elapsedMs(startedAt);
      const failure = firstFailure(options.rules ?? [], (source) => (source === "value" ? value : responseTimeMs));
      return { ...(failure === null ? up(startedAt) : down(startedAt, failure)), value, details };
    } catch (error) {
      if (kept === client) kept = null;
      close();
      if (limit.signal.aborted) return down(startedAt, stalled(limit, client.loggedIn ? "waiting for the query" : "logging in"));
      return down(startedAt, describeSqlError(error, client.loggedIn, options));
    } finally {
      limit.signal.removeEventListener("abort", close);
    }
  };
}

function openClient(options: SqlProbeOptions, address: string): KeptClient {
  const client: KeptClient = { loggedIn: false, version: null, sql: undefined! };
  client.sql = new SQL({
    adapter: options.adapter,
    hostname: address,
    port: options.port,
    username: options.username,
    // explicit, so that Bun does not fall back to PGPASSWORD or MYSQL_PWD from upbeat's own environment
    password: options.password ?? "",
    database: options.database ?? (options.adapter === "postgres" ? options.username : ""),
    tls: tlsOption(options),
    max: 1,
    idleTimeout: KEEP_IDLE_MS / 1000,
    // the check's own deadline comes first; this only bounds a connection nobody waits for any more
    connectionTimeout: Math.ceil(options.timeoutMs / 1000) + 1,
    ...(options.adapter === "postgres" ? { prepare: false } : {}),
    onconnect: () => { client.loggedIn = true; },
  });
  return client;
}

/** The TLS mode as Bun's client takes it: verification names the monitor's host even when connecting to its checked address. */
function tlsOption(options: SqlProbeOptions) {
  switch (options.tlsMode) {
    case "disable":
      return "disable";
    case "prefer":
      return "prefer";
    case "require":
      return "require";
    case "verify":
      return { rejectUnauthorized: true, serverName: options.host, ...(options.ca ? { ca: options.ca } : {}) };
  }
}

const CONNECTION_ERRORS: Record<string, string> = {
  CONNECTION_REFUSED: "connection refused",
  CONNECTION_CLOSED: "connection closed by the server",
  CONNECTION_TIMEOUT: "no answer from the server",
  TLS_NOT_AVAILABLE: "TLS required, but the server does not offer it",
};

const TLS_ERRORS: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: "self-signed certificate",
  SELF_SIGNED_CERT_IN_CHAIN: "self-signed certificate in chain",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "unable to verify the certificate chain",
  CERT_HAS_EXPIRED: "certificate has expired",
  ERR_TLS_CERT_ALTNAME_INVALID: "certificate is not valid for this host name",
};

/** Bun's SQL errors → a plain sentence; the server's own message is kept, the password never is. */
export function describeSqlError(error: unknown, loggedIn: boolean, options: SqlProbeOptions): string {
  const e = error as { code?: string; message?: string };
  const code = (e.code ?? "").replace(/^ERR_(POSTGRES|MYSQL)_/, "");
  const message = (e.message ?? String(error)).split("\n")[0]!.trim();
  let text: string;
  if (TLS_ERRORS[code]) text = `TLS: ${TLS_ERRORS[code]}`;
  else if (CONNECTION_ERRORS[code]) text = CONNECTION_ERRORS[code]!;
  // Bun's MySQL client says only this when a server without TLS is asked for it
  else if (code === "AUTHENTICATION_FAILED" && !loggedIn && (options.tlsMode === "require" || options.tlsMode === "verify")) {
    text = "TLS required, but the server does not offer it (or refused the login)";
  } else text = `${loggedIn ? "query failed" : "login failed"}: ${message || code}`;
  return options.password ? text.replaceAll(options.password, "…") : text;
}

/** The settings postgres and mysql monitors share; `defaultUser` is the server's usual administrator. */
export const sqlSettings = (defaultUser: string) => ({
  ...loginSettings(`default ${defaultUser}`),
  database: {
    input: optionalText(200, true),
    output: v.nullable(v.string()),
    form: { label: "Database", input: "text", help: "the server's default for the user when empty" },
  },
  query: {
    input: v.optional(trimmed(v.minLength(1, "must not be empty"), v.maxLength(2000, "must be at most 2000 characters")), "SELECT 1"),
    output: v.string(),
    form: { label: "Query", input: "textarea", help: "run at every check; its first value is what an assertion tests" },
  },
  tls_mode: tlsModeSetting(DB_TLS_MODES, "prefer"),
  assertions: assertionsSetting(SQL_SOURCES, "value == 1"),
}) satisfies Settings;

/** A postgres or mysql monitor's check, from its target and settings. */
export function sqlMonitorCheck(
  adapter: SqlProbeOptions["adapter"],
  defaults: { port: number; user: string },
  { url, timeoutMs, settings: s }: CheckedMonitor<ReturnType<typeof sqlSettings>>,
): MonitorCheck {
  const target = serviceEndpoint(url, defaults.port);
  if (!target) return unusable(`not a host or host:port: ${url}`);
  return sqlCheck({
    adapter, ...target, username: s.username ?? defaults.user, password: s.password, database: s.database, query: s.query,
    tlsMode: s.tls_mode as DbTlsMode, timeoutMs, rules: s.assertions.map((a) => compileAssertion(a)),
  });
}
