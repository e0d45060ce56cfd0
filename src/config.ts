// Environment (and mirrored flags) → typed Config. Bad input is a ConfigError naming the variable.
import { UserError } from "./errors.ts";
import * as v from "valibot";
import { join, resolve } from "node:path";
import { isIP } from "node:net";
import { PLANS, type Plan } from "./enums.ts";
import { EmailAddress } from "./accounts/email.ts";

export class ConfigError extends UserError {}

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  dbPath: string;
  /** PostgreSQL instead of the SQLite file (UPBEAT_DATABASE_URL): several instances may share it */
  databaseUrl: string | null;
  /** this instance's label among several sharing one database (UPBEAT_REGION) */
  region: string | null;
  baseUrl: string | null;
  adminEmail: string | null;
  adminPassword: string | null;
  /** requests per minute for API-key requests, by plan */
  rateLimits: Record<Plan, number>;
  /** requests per minute for the web UI's session requests, per user */
  sessionRateLimit: number;
  retentionDays: number;
  trustProxy: boolean;
  maxConcurrentChecks: number;
  /** wait after an alert's first failed send; it doubles with each further failure */
  alertRetrySeconds: number;
  /** an alert is retried for this long after it was queued, then failed */
  alertRetryHours: number;
  /** alerts per minute per channel; beyond it they are folded into one summary */
  alertRateLimit: number;
  /** false on a shared instance: monitors may not reach loopback, link-local, private or reserved addresses */
  allowPrivateTargets: boolean;
  /** how long a public status page (HTML, JSON, feed) is served from memory; 0 builds it for every request */
  statusPageCacheSeconds: number;
}

/** An UPBEAT_REGION label, as instances carry it and monitors list it. */
export const REGION_LABEL = /^[a-z0-9][a-z0-9._-]{0,62}$/i;
export const REGION_LABEL_MESSAGE = "must be a short label such as eu-1 (letters, digits, . _ -)";

const DEFAULT_RATE_LIMITS: Record<Plan, number> = { free: 2, pro: 50, team: 500 };
const RATE_LIMIT_PAIR = new RegExp(`^\\s*(${PLANS.join("|")})\\s*=\\s*(\\d+)\\s*$`);

const intIn = (min: number, max: number) =>
  v.pipe(
    v.string(),
    v.trim(),
    v.regex(/^\d+$/, `must be a whole number from ${min} to ${max}`),
    v.transform(Number),
    v.minValue(min, `must be a whole number from ${min} to ${max}`),
    v.maxValue(max, `must be a whole number from ${min} to ${max}`),
  );

const flag = v.pipe(
  v.string(),
  v.trim(),
  v.toLowerCase(),
  v.picklist(["1", "0", "true", "false", "yes", "no", "on", "off", ""], "must be true or false"),
  v.transform((s) => ["1", "true", "yes", "on"].includes(s)),
);

const fields = {
  UPBEAT_PORT: intIn(0, 65535),
  PORT: intIn(0, 65535),
  UPBEAT_HOST: v.pipe(
    v.string(),
    v.trim(),
    v.check((s) => isIP(s) !== 0 || /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i.test(s), "must be an IP address or host name, such as 0.0.0.0 or 127.0.0.1"),
  ),
  UPBEAT_DATA_DIR: v.pipe(v.string(), v.trim(), v.nonEmpty("must not be empty")),
  UPBEAT_BASE_URL: v.pipe(
    v.string(),
    v.trim(),
    v.url("must be a URL such as https://upbeat.example.com"),
    v.regex(/^https?:\/\//i, "must start with http:// or https://"),
    v.transform((s) => s.replace(/\/+$/, "")),
  ),
  UPBEAT_DATABASE_URL: v.pipe(
    v.string(),
    v.trim(),
    v.check((s) => URL.canParse(s) && /^postgres(ql)?:$/.test(new URL(s).protocol), "must be a URL such as postgres://user:password@host:5432/upbeat"),
  ),
  UPBEAT_REGION: v.pipe(v.string(), v.trim(), v.regex(REGION_LABEL, REGION_LABEL_MESSAGE)),
  UPBEAT_ADMIN_EMAIL: EmailAddress,
  UPBEAT_ADMIN_PASSWORD: v.pipe(v.string(), v.minLength(8, "must be at least 8 characters")),
  UPBEAT_RETENTION_DAYS: intIn(1, 3650),
  UPBEAT_TRUST_PROXY: flag,
  UPBEAT_ALLOW_PRIVATE_TARGETS: flag,
  UPBEAT_MAX_CONCURRENT_CHECKS: intIn(1, 100000),
  UPBEAT_SESSION_RATE_LIMIT: intIn(1, 1_000_000_000),
  UPBEAT_ALERT_RETRY_SECONDS: intIn(1, 86400),
  UPBEAT_ALERT_RETRY_HOURS: intIn(0, 720),
  UPBEAT_ALERT_RATE_LIMIT: intIn(1, 100_000),
  UPBEAT_STATUS_PAGE_CACHE_SECONDS: intIn(0, 3600),
};

type Env = Record<string, string | undefined>;

function read<K extends keyof typeof fields>(env: Env, name: K): v.InferOutput<(typeof fields)[K]> | undefined {
  const raw = env[name];
  if (raw === undefined) return undefined;
  const result = v.safeParse(fields[name], raw);
  // never echo a secret into logs
  const shown = name.endsWith("PASSWORD") || name === "UPBEAT_DATABASE_URL" ? "" : ` (got "${raw}")`;
  if (!result.success) throw new ConfigError(`${name}: ${result.issues[0].message}${shown}`);
  return result.output as v.InferOutput<(typeof fields)[K]>;
}

/** `free=2,pro=50,team=500` (any subset) → limits per plan. */
export function parseRateLimits(raw: string | undefined): Record<Plan, number> {
  const limits = { ...DEFAULT_RATE_LIMITS };
  if (raw === undefined || raw.trim() === "") return limits;
  for (const part of raw.split(",")) {
    const match = RATE_LIMIT_PAIR.exec(part);
    const perMinute = match ? Number(match[2]) : 0;
    if (!match || perMinute < 1 || perMinute > 1_000_000_000) {
      throw new ConfigError(
        `UPBEAT_RATE_LIMITS: expected plan=requests-per-minute pairs like "${PLANS.map((p) => `${p}=${DEFAULT_RATE_LIMITS[p]}`).join(",")}" (got "${raw}")`,
      );
    }
    limits[match[1] as Plan] = perMinute;
  }
  return limits;
}

export function loadConfig(env: Env = process.env): Config {
  const port = read(env, "UPBEAT_PORT") ?? read(env, "PORT") ?? 8080;
  const dataDir = resolve(read(env, "UPBEAT_DATA_DIR") ?? "./data");
  const adminEmail = read(env, "UPBEAT_ADMIN_EMAIL") ?? null;
  const adminPassword = read(env, "UPBEAT_ADMIN_PASSWORD") ?? null;
  if ((adminEmail === null) !== (adminPassword === null)) {
    const missing = adminEmail === null ? "UPBEAT_ADMIN_EMAIL" : "UPBEAT_ADMIN_PASSWORD";
    throw new ConfigError(`${missing}: must be set together with ${missing === "UPBEAT_ADMIN_EMAIL" ? "UPBEAT_ADMIN_PASSWORD" : "UPBEAT_ADMIN_EMAIL"}`);
  }
  return {
    port,
    host: read(env, "UPBEAT_HOST") ?? "0.0.0.0",
    dataDir,
    dbPath: join(dataDir, "upbeat.db"),
    databaseUrl: read(env, "UPBEAT_DATABASE_URL") ?? null,
    region: read(env, "UPBEAT_REGION") ?? null,
    baseUrl: read(env, "UPBEAT_BASE_URL") ?? null,
    adminEmail,
    adminPassword,
    rateLimits: parseRateLimits(env.UPBEAT_RATE_LIMITS),
    sessionRateLimit: read(env, "UPBEAT_SESSION_RATE_LIMIT") ?? 6000,
    retentionDays: read(env, "UPBEAT_RETENTION_DAYS") ?? 30,
    trustProxy: read(env, "UPBEAT_TRUST_PROXY") ?? false,
    // Bun's fetch keeps at most 256 requests in flight (BUN_CONFIG_MAX_HTTP_REQUESTS raises it, set before start)
    maxConcurrentChecks: read(env, "UPBEAT_MAX_CONCURRENT_CHECKS") ?? 256,
    alertRetrySeconds: read(env, "UPBEAT_ALERT_RETRY_SECONDS") ?? 30,
    alertRetryHours: read(env, "UPBEAT_ALERT_RETRY_HOURS") ?? 24,
    alertRateLimit: read(env, "UPBEAT_ALERT_RATE_LIMIT") ?? 10,
    allowPrivateTargets: read(env, "UPBEAT_ALLOW_PRIVATE_TARGETS") ?? true,
    statusPageCacheSeconds: read(env, "UPBEAT_STATUS_PAGE_CACHE_SECONDS") ?? 30,
  };
}
