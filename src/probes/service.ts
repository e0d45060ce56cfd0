// What the service kinds (postgres, mysql, redis, smtp) share: a `host[:port]` target with the service's usual
// port, login settings with the password kept secret, a TLS mode, and the small `details` a check reports.
import * as v from "valibot";
import { isHost, splitHostPort } from "./hosts.ts";
import { optionalText, trimmed, type Setting } from "./kind.ts";
import type { deadline } from "./result.ts";
import { allowedTarget } from "./target-guard.ts";

/** A kept connection idle longer than this is closed: monitors checked at least this often reuse theirs. */
export const KEEP_IDLE_MS = 90_000;

/** `host`, `host:port` or `[v6]:port` → host and port (`defaultPort` when left out), or null. */
export function serviceEndpoint(value: string, defaultPort: number): { host: string; port: number } | null {
  if (isHost(value)) return { host: value.replace(/^\[|\]$/g, ""), port: defaultPort };
  return splitHostPort(value);
}

/** The target of a service kind: a host, with its port when not the usual one. */
export const serviceTarget = (defaultPort: number, example: string) => ({
  schema: trimmed(
    v.check((s: string) => serviceEndpoint(s, defaultPort) !== null, `must be a host or host:port, e.g. ${example}`),
    allowedTarget((s) => serviceEndpoint(s, defaultPort)),
  ),
  label: "Host (and port)",
  example,
});

/** The login a service kind may use; the password is a secret: masked in the API's answers, never in an error. */
export const loginSettings = (usernameHelp: string) => ({
  username: {
    input: optionalText(200, true),
    output: v.nullable(v.string()),
    form: { label: "Username", input: "text", help: usernameHelp },
  },
  password: {
    input: optionalText(1000, true),
    output: v.nullable(v.string()),
    secret: true,
    form: { label: "Password", input: "password", help: "kept secret: shown masked, left as it is when not changed" },
  },
}) satisfies Record<string, Setting>;

export const DB_TLS_MODES = ["disable", "prefer", "require", "verify"] as const;
export type DbTlsMode = (typeof DB_TLS_MODES)[number];

const TLS_HELP: Record<string, string> = {
  disable: "never",
  prefer: "when the server offers it, certificate not checked",
  require: "or down, certificate not checked",
  verify: "or down, certificate checked against the host name",
};

/** How a service kind uses TLS: one of `modes`, worded for the form (`help` words a mode otherwise). */
export const tlsModeSetting = <const T extends readonly string[]>(modes: T, fallback: T[number], help: Record<string, string> = {}) => ({
  input: v.optional(v.pipe(v.string("must be a string"), v.toLowerCase(), v.picklist(modes, `must be one of ${modes.join(", ")}`)), fallback),
  output: v.string(),
  form: { label: "TLS", input: "select", options: modes, help: modes.map((m) => `${m}: ${help[m] ?? TLS_HELP[m]}`).join("; ") },
}) satisfies Setting;

/** A value read from a service, as details show it: short text, numbers and booleans as they are. */
export function shownValue(value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "number" || typeof value === "boolean") return value;
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return `${value.byteLength} bytes`;
  const text = typeof value === "string" ? value : typeof value === "object" ? JSON.stringify(value) : String(value);
  return text.length > MAX_SHOWN_CHARS ? `${text.slice(0, MAX_SHOWN_CHARS)}…` : text;
}

const MAX_SHOWN_CHARS = 200;

/** The deadline's failure, saying what the check was waiting for when it fired ("timeout after 5 s logging in"). */
export function stalled(limit: ReturnType<typeof deadline>, waitingFor: string): string {
  const reason = limit.reason();
  return reason.startsWith("timeout") ? `${reason} ${waitingFor}` : reason;
}
