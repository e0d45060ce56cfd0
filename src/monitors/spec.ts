// One validated spec for a monitor's settings, by kind. POST validates it directly; PATCH merges the
// stored monitor with the changes and validates the result, so both paths share every rule.
import * as v from "valibot";
import { Cron } from "croner";
import { isIP } from "node:net";
import { invalid } from "../errors.ts";
import { problemsOf } from "../validation.ts";

export const KINDS = ["http", "tcp", "ping", "ssl", "dns", "heartbeat"] as const;
export const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
export const RECORD_TYPES = ["A", "AAAA", "CNAME", "MX", "TXT", "NS"] as const;

const HOSTNAME = /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9])?)*\.?$/i;

export const isHost = (value: string) => HOSTNAME.test(value) || isIP(value.replace(/^\[|\]$/g, "")) !== 0;

/** `host:port`, `[v6]:port` → parts, or null. */
export function splitHostPort(value: string): { host: string; port: number } | null {
  const match = /^(\[[^\]]+\]|[^:\[\]]+):(\d{1,5})$/.exec(value);
  if (!match) return null;
  const port = Number(match[2]);
  const host = match[1]!.replace(/^\[|\]$/g, "");
  return port >= 1 && port <= 65535 && isHost(host) ? { host, port } : null;
}

/** Parses, and fires at least once (`0 0 30 2 *` parses but never comes). */
const isValidCron = (expression: string) => {
  try {
    return new Cron(expression, { paused: true }).nextRun() !== null;
  } catch {
    return false;
  }
};

/** RFC 9110 token characters: what fetch accepts as a header name. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

const isValidTimezone = (zone: string) => {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

const int = (min: number, max: number) =>
  v.pipe(v.number("must be a number"), v.integer("must be a whole number"), v.minValue(min, `must be at least ${min}`), v.maxValue(max, `must be at most ${max}`));

const optionalText = (max: number) => v.nullish(v.pipe(v.string("must be a string"), v.maxLength(max, `must be at most ${max} characters`)));

const common = {
  name: v.pipe(v.string("must be a string"), v.trim(), v.minLength(1, "must not be empty"), v.maxLength(200, "must be at most 200 characters")),
  project_id: v.optional(v.pipe(v.string("must be a string"), v.uuid("must be a UUID"))),
  interval_seconds: v.optional(int(10, 86400), 60),
  timeout_seconds: v.optional(int(1, 86400), 10),
  retries: v.optional(int(0, 100), 0),
  is_paused: v.optional(v.boolean("must be true or false"), false),
  is_public: v.optional(v.boolean("must be true or false"), false),
};

const expectedStatus = v.pipe(
  v.string("must be a string"),
  v.trim(),
  v.regex(/^[1-5]\d\d(\s*-\s*[1-5]\d\d)?(\s*,\s*[1-5]\d\d(\s*-\s*[1-5]\d\d)?)*$/, 'must be status codes or ranges such as "200-299,301"'),
);

const Http = v.object({
  ...common,
  kind: v.literal("http"),
  url: v.pipe(v.string("must be a string"), v.trim(), v.url("must be an http:// or https:// URL"), v.regex(/^https?:\/\//i, "must be an http:// or https:// URL")),
  method: v.optional(v.pipe(v.string(), v.toUpperCase(), v.picklist(HTTP_METHODS, `must be one of ${HTTP_METHODS.join(", ")}`)), "GET"),
  headers: v.nullish(
    v.record(
      v.pipe(v.string(), v.regex(HEADER_NAME, "header names may only use letters, digits and !#$%&'*+.^_`|~-")),
      v.pipe(v.string("header values must be strings"), v.check((s) => !/[\r\n\0]/.test(s), "header values must be one line")),
    ),
    null,
  ),
  body: optionalText(65536),
  expected_status: v.optional(expectedStatus, "200-399"),
  keyword: optionalText(1024),
  keyword_absent: v.optional(v.boolean("must be true or false"), false),
  follow_redirects: v.optional(v.boolean("must be true or false"), true),
  ignore_tls_errors: v.optional(v.boolean("must be true or false"), false),
});

const Tcp = v.object({
  ...common,
  kind: v.literal("tcp"),
  url: v.pipe(v.string("must be a string"), v.trim(), v.check((s) => splitHostPort(s) !== null, "must be host:port, e.g. db.lan:5432")),
});

const Ping = v.object({
  ...common,
  kind: v.literal("ping"),
  url: v.pipe(v.string("must be a string"), v.trim(), v.check(isHost, "must be a host name or IP address")),
});

const Ssl = v.object({
  ...common,
  kind: v.literal("ssl"),
  url: v.pipe(
    v.string("must be a string"),
    v.trim(),
    v.check((s) => sslTarget(s) !== null, "must be a host, host:port or https:// URL"),
  ),
  ssl_expiry_days: v.optional(int(0, 3650), 14),
});

const Dns = v.object({
  ...common,
  kind: v.literal("dns"),
  url: v.pipe(v.string("must be a string"), v.trim(), v.check((s) => HOSTNAME.test(s), "must be a host name")),
  record_type: v.optional(v.pipe(v.string(), v.toUpperCase(), v.picklist(RECORD_TYPES, `must be one of ${RECORD_TYPES.join(", ")}`)), "A"),
  expected_value: optionalText(1024),
  dns_resolver: v.nullish(
    v.pipe(v.string(), v.trim(), v.check((s) => isIP(s) !== 0 || splitHostPort(s) !== null, "must be an IP address, optionally with :port")),
  ),
});

const Heartbeat = v.object({
  ...common,
  kind: v.literal("heartbeat"),
  interval_seconds: v.optional(int(10, 86400), 86400),
  grace_seconds: v.optional(int(0, 86400), 3600),
  schedule: v.nullish(v.pipe(v.string("must be a string"), v.trim(), v.check(isValidCron, "must be a cron expression that fires, such as \"0 3 * * *\""))),
  timezone: v.optional(v.pipe(v.string("must be a string"), v.check(isValidTimezone, "must be an IANA time zone such as Europe/Berlin")), "UTC"),
});

export const MonitorInput = v.pipe(
  v.variant("kind", [Http, Tcp, Ping, Ssl, Dns, Heartbeat], `must be one of ${KINDS.join(", ")}`),
  v.forward(
    // an interval that is itself out of range has its own error; do not blame the timeout for it
    v.check((m) => m.kind === "heartbeat" || m.interval_seconds < 10 || m.timeout_seconds <= m.interval_seconds, "must not exceed interval_seconds"),
    ["timeout_seconds"],
  ),
);

export type MonitorSpec = v.InferOutput<typeof MonitorInput>;

const CommonFields = v.object(common);

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Validates a whole monitor and names every bad field at once: with an unknown kind the
 * variant stops at `kind`, so the fields every kind shares are checked on their own too.
 */
export function parseMonitorSpec(input: unknown): MonitorSpec {
  if (!isObject(input)) throw invalid([{ field: "body", message: "must be a JSON object" }]);
  const result = v.safeParse(MonitorInput, input);
  if (result.success) return result.output;
  const kindKnown = (KINDS as readonly unknown[]).includes(input.kind);
  const issues = kindKnown ? result.issues : [...result.issues, ...(v.safeParse(CommonFields, input).issues ?? [])];
  throw invalid(problemsOf(issues));
}

/** A PATCH: the changes laid over the stored settings, then validated like a new monitor. */
export function parseMonitorChanges(current: Record<string, unknown>, changes: unknown): MonitorSpec {
  if (!isObject(changes)) throw invalid([{ field: "body", message: "must be a JSON object" }]);
  return parseMonitorSpec({ ...current, ...changes });
}

/** The PATCH body as documented: any subset of the fields (parseMonitorChanges does the checking). */
export const MonitorPatch = v.object({
  name: v.optional(v.string()),
  project_id: v.optional(v.string()),
  kind: v.optional(v.picklist(KINDS, `must be one of ${KINDS.join(", ")}`)),
  url: v.optional(v.string()),
  interval_seconds: v.optional(v.number()),
  timeout_seconds: v.optional(v.number()),
  retries: v.optional(v.number()),
  is_paused: v.optional(v.boolean()),
  is_public: v.optional(v.boolean()),
  method: v.optional(v.string()),
  headers: v.nullish(v.record(v.string(), v.string())),
  body: v.nullish(v.string()),
  expected_status: v.optional(v.string()),
  keyword: v.nullish(v.string()),
  keyword_absent: v.optional(v.boolean()),
  follow_redirects: v.optional(v.boolean()),
  ignore_tls_errors: v.optional(v.boolean()),
  ssl_expiry_days: v.optional(v.number()),
  record_type: v.optional(v.string()),
  expected_value: v.nullish(v.string()),
  dns_resolver: v.nullish(v.string()),
  grace_seconds: v.optional(v.number()),
  schedule: v.nullish(v.string()),
  timezone: v.optional(v.string()),
});


/** ssl targets: `host`, `host:port` or `https://host[:port]/…` → host and port (443 by default). */
export function sslTarget(value: string): { host: string; port: number } | null {
  let rest = value;
  if (/^https:\/\//i.test(value)) {
    try {
      const url = new URL(value);
      rest = url.port ? `${url.hostname}:${url.port}` : url.hostname;
    } catch {
      return null;
    }
  }
  if (isHost(rest)) return { host: rest.replace(/^\[|\]$/g, ""), port: 443 };
  return splitHostPort(rest);
}
