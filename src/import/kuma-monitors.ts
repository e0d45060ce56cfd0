// One Uptime Kuma monitor row → the POST /monitors body it becomes (or why upbeat cannot take it), with a note
// for every setting that does not carry over exactly.
import { RECORD_TYPES } from "../probes/dns.ts";

export type KumaMonitor = Record<string, unknown> & { id: number; name: string; type: string };

export interface MappedMonitor {
  body: Record<string, unknown>;
  notes: string[];
  pingToken?: string;
  /** a second, ssl monitor for Kuma's certificate expiry notification */
  certificate?: { body: Record<string, unknown>; notes: string[] };
}

const MAX_INTERVAL_SECONDS = 86_400;
const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));
const text = (value: unknown): string | null => (typeof value === "string" && value.trim() !== "" ? value : null);
const number = (value: unknown, fallback: number): number => (typeof value === "number" && Number.isFinite(value) ? value : fallback);

/** Kuma keeps JSON as text; a value that does not parse is noted and left out. */
function parsedJson(value: unknown, what: string, notes: string[]): unknown {
  if (text(value) === null) return null;
  try {
    return JSON.parse(String(value));
  } catch {
    notes.push(`its ${what} are not valid JSON and were left out`);
    return null;
  }
}

/** interval, timeout, retries, reminders and pause: the fields every kind shares. */
function commonFields(m: KumaMonitor, notes: string[]): Record<string, unknown> {
  const interval = clamp(Math.round(number(m.interval, 60)), 10, MAX_INTERVAL_SECONDS);
  if (interval !== m.interval) notes.push(`interval ${m.interval}s is ${interval}s (upbeat's range is 10 s to 1 day)`);
  // Kuma 1.x without a timeout column used 80 % of the interval
  const timeout = clamp(Math.round(number(m.timeout, interval * 0.8)) || 1, 1, interval);
  const retryInterval = number(m.retry_interval, interval);
  if (number(m.maxretries, 0) > 0 && retryInterval !== m.interval) notes.push(`retries come at the interval, not every ${retryInterval}s`);
  if (text(m.description)) notes.push("its description is not kept (monitors have none)");
  const resend = number(m.resend_interval, 0);
  const upsideDown = m.upside_down === 1 || m.upside_down === true;
  if (upsideDown) notes.push("upside-down mode does not exist in upbeat: imported paused, so it does not alert the wrong way round");
  return {
    name: m.name,
    interval_seconds: interval,
    timeout_seconds: timeout,
    retries: clamp(number(m.maxretries, 0), 0, 100),
    is_paused: !(m.active === 1 || m.active === true) || upsideDown,
    // Kuma resends after this many down checks in a row
    ...(resend > 0 ? { remind_every_minutes: clamp(Math.round((resend * interval) / 60), 1, 10_080) } : {}),
  };
}

function httpFields(m: KumaMonitor, notes: string[]): Record<string, unknown> {
  const headers: Record<string, string> = {};
  const parsed = parsedJson(m.headers, "headers", notes);
  if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) {
    for (const [name, value] of Object.entries(parsed)) headers[name] = String(value);
  } else if (parsed !== null) notes.push("its headers are not a JSON object and were left out");
  if (m.auth_method === "basic" || (!m.auth_method && text(m.basic_auth_user))) {
    headers.Authorization = `Basic ${Buffer.from(`${m.basic_auth_user ?? ""}:${m.basic_auth_pass ?? ""}`).toString("base64")}`;
  } else if (text(m.auth_method)) notes.push(`${m.auth_method} authentication is not supported: the check runs without it`);
  const codes = parsedJson(m.accepted_statuscodes_json, "accepted status codes", notes);
  // Kuma accepts any class with "2XX"-style entries too
  const expected = Array.isArray(codes) && codes.length > 0
    ? codes.map((c) => String(c).replace(/^([1-5])XX$/i, "$100-$199")).join(",")
    : "200-299";
  return {
    url: m.url,
    method: text(m.method) ?? "GET",
    headers,
    body: text(m.body),
    expected_status: expected,
    follow_redirects: number(m.maxredirects, 10) > 0,
    ignore_tls_errors: m.ignore_tls === 1 || m.ignore_tls === true,
  };
}

/** json-query has no upbeat equivalent until http checks get assertions: the expected value as a keyword. */
function jsonQueryFields(m: KumaMonitor, notes: string[]): Record<string, unknown> {
  const operator = text(m.json_path_operator) ?? "==";
  const expected = text(m.expected_value);
  if (operator === "==" && expected !== null) {
    notes.push(`the JSON query ${m.json_path} == ${expected} is checked as the keyword "${expected}" in the body`);
    return { keyword: expected };
  }
  notes.push(`the JSON query ${m.json_path} ${operator} ${expected ?? ""} is not checked (only the status code is)`);
  return {};
}

const hostPort = (host: string, port: number) => (host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`);

function certificateMonitor(m: KumaMonitor): MappedMonitor["certificate"] {
  if (!(m.expiry_notification === 1 || m.expiry_notification === true) || !String(m.url).startsWith("https://") || !URL.canParse(String(m.url))) return undefined;
  const url = new URL(String(m.url));
  return {
    body: { kind: "ssl", name: `${m.name} (certificate)`, url: url.port ? hostPort(url.hostname, Number(url.port)) : url.hostname, interval_seconds: 3600, is_paused: !(m.active === 1 || m.active === true) },
    notes: ["Kuma's certificate expiry notification: a separate ssl monitor, down 14 days before expiry (Kuma warned at 7, 14 and 21)"],
  };
}

/** The body a monitor becomes, or the reason upbeat cannot take it. */
export function mapMonitor(m: KumaMonitor): MappedMonitor | { skip: string } {
  const notes: string[] = [];
  const common = () => commonFields(m, notes);
  switch (m.type) {
    case "http":
      return { body: { kind: "http", ...common(), ...httpFields(m, notes) }, notes, certificate: certificateMonitor(m) };
    case "keyword":
      return {
        body: { kind: "http", ...common(), ...httpFields(m, notes), keyword: text(m.keyword), keyword_absent: m.invert_keyword === 1 || m.invert_keyword === true },
        notes, certificate: certificateMonitor(m),
      };
    case "json-query":
      return { body: { kind: "http", ...common(), ...httpFields(m, notes), ...jsonQueryFields(m, notes) }, notes, certificate: certificateMonitor(m) };
    case "port":
      return { body: { kind: "tcp", ...common(), url: hostPort(String(m.hostname), number(m.port, 0)) }, notes };
    case "ping":
      return { body: { kind: "ping", ...common(), url: m.hostname }, notes };
    case "dns": {
      const type = String(m.dns_resolve_type ?? "A").toUpperCase();
      if (!(RECORD_TYPES as readonly string[]).includes(type)) return { skip: `upbeat's dns checks resolve ${RECORD_TYPES.join(", ")}, not ${type}` };
      const server = text(m.dns_resolve_server);
      const port = number(m.port, 53);
      const conditions = parsedJson(m.conditions, "conditions", notes);
      if (Array.isArray(conditions) && conditions.length > 0) notes.push("its conditions on the answer are not checked");
      return {
        body: { kind: "dns", ...common(), url: m.hostname, record_type: type, dns_resolver: server === null ? null : port === 53 ? server : hostPort(server, port) },
        notes,
      };
    }
    case "push": {
      const fields = common();
      // Kuma looks for a push once per interval, so a push may be up to one interval late before it alerts
      return {
        body: { kind: "heartbeat", ...fields, grace_seconds: fields.interval_seconds },
        notes,
        pingToken: text(m.push_token) ?? undefined,
      };
    }
    default:
      return { skip: `upbeat has no ${m.type} monitors` };
  }
}
