// Who is calling, may they, and how fast: runs once per API request before its body is read.
import type { Config } from "../config.ts";
import type { UserRow } from "../domain/types.ts";
import type { Scope } from "../enums.ts";
import { looksLikeApiKey } from "../accounts/secrets.ts";
import { sha256Hex } from "../ids.ts";
import type { Store } from "../store/index.ts";
import type { Clock } from "../time.ts";
import { errorResponse } from "./errors.ts";
import { TokenBuckets, rateLimitHeaders, type RateDecision } from "./rate-limit.ts";

export const SESSION_COOKIE = "upbeat_session";
export const MAX_API_BODY_BYTES = 1024 * 1024;
const API_PREFIXES = ["/api/v1/", "/v1/"];
const LOGIN_PATHS = new Set(["/api/v1/auth/login", "/v1/auth/login"]);
/** first-run setup: answered without credentials, refused by the route once a user exists */
const SETUP_PATHS = new Set(["/api/v1/setup", "/v1/setup"]);
const ANONYMOUS_PER_MINUTE = 60;
const FAILED_LOGINS_PER_MINUTE = 10;
const KEY_TOUCH_EVERY_MS = 60_000;

export interface Principal {
  user: UserRow;
  scope: Scope;
  via: "key" | "session";
  /** hash of the session cookie, for logout */
  sessionId?: string;
}

/** What the gate learned about an admitted request. */
export interface RequestContext {
  principal: Principal | null;
  /** known for logins only */
  ip?: string;
  headers: Record<string, string>;
}

export const isApiPath = (path: string) => API_PREFIXES.some((p) => path.startsWith(p)) || path === "/api/v1" || path === "/v1";

/**
 * The path of an API request's URL, or null for any other request. Runs for every request (pings
 * too), so it reads the string Bun has already normalized instead of building a URL object.
 */
export function apiPathOf(url: string): string | null {
  const start = url.indexOf("/", url.indexOf("//") + 2);
  if (start === -1 || !(url.startsWith("/api/v1", start) || url.startsWith("/v1", start))) return null;
  const query = url.indexOf("?", start);
  const path = query === -1 ? url.slice(start) : url.slice(start, query);
  return isApiPath(path) ? path : null;
}

export function readCookie(request: Request, name: string): string | null {
  const header = request.headers.get("cookie");
  if (!header) return null;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
}

/** The key of `Authorization: Bearer <key>` if it looks like one; the usual spelling skips the regex (every API request). */
function bearerKey(authorization: string): string | null {
  if (authorization.startsWith("Bearer ")) {
    const key = authorization.slice(7);
    if (looksLikeApiKey(key)) return key;
  }
  const key = /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
  return key !== undefined && looksLikeApiKey(key) ? key : null;
}

const isUnsafe = (request: Request) => request.method !== "GET" && request.method !== "HEAD" && request.method !== "OPTIONS";

/** A cookie rides along on requests other sites start; the browser says where they came from. */
function isCrossSite(request: Request): boolean {
  const fetchSite = request.headers.get("sec-fetch-site");
  if (fetchSite === "cross-site" || fetchSite === "same-site") return true;
  const origin = request.headers.get("origin");
  if (!origin) return false;
  try {
    return new URL(origin).host !== request.headers.get("host");
  } catch {
    return true;
  }
}

/** A session write, or a login (which would plant the caller's session), started by another site. */
function crossSiteProblem(request: Request, headers: Record<string, string>): Response | undefined {
  if (isUnsafe(request) && isCrossSite(request)) return errorResponse(403, "forbidden", "Cross-site request refused", headers);
  return undefined;
}

/** Uploads of another tool's files (a Kuma database is no JSON): multipart, and larger than other bodies. */
export const MAX_IMPORT_BYTES = 64 * 1024 * 1024;
const UPLOAD_PATHS = new Set(["/api/v1/import", "/v1/import"]);

/**
 * JSON only, and at most 1 MiB: a form post (which any page can send) never reaches a route. Uploads are the
 * exception; they need a session or key like any write, and a session's cross-site post is refused below.
 */
function bodyProblem(request: Request, path: string, headers: Record<string, string>): Response | undefined {
  const upload = UPLOAD_PATHS.has(path);
  const limit = upload ? MAX_IMPORT_BYTES : MAX_API_BODY_BYTES;
  const length = Number(request.headers.get("content-length") ?? 0);
  if (length > limit) {
    return errorResponse(413, "payload_too_large", `Request body is larger than ${limit} bytes`, headers);
  }
  const hasBody = length > 0 || request.headers.has("transfer-encoding");
  const type = request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (upload && hasBody && type !== "multipart/form-data") {
    return errorResponse(400, "invalid_content_type", "Send the file as multipart/form-data (a field named file)", headers);
  }
  if (!upload && hasBody && isUnsafe(request) && type !== "application/json") {
    return errorResponse(400, "invalid_content_type", "Send the body as JSON with Content-Type: application/json", headers);
  }
  return undefined;
}

export function createGate(store: Store, config: Config, clock: Clock) {
  // per user, a key's and a session's apart; keyed by the user's id as it is (no string built per request)
  const keyBuckets = new TokenBuckets(clock);
  const sessionBuckets = new TokenBuckets(clock);
  const ipBuckets = new TokenBuckets(clock);
  const contexts = new WeakMap<Request, RequestContext>();

  /** undefined: no credentials at all; null: credentials that do not match. `now` if the caller has read the clock (~0.3 µs a read). */
  function authenticate(request: Request, now = clock()): Principal | null | undefined {
    const authorization = request.headers.get("authorization");
    if (authorization !== null) {
      const key = bearerKey(authorization);
      if (key === null) return null;
      const found = store.apiKeys.findByKey(key);
      if (!found) return null;
      if (found.key.lastUsedAt === null || now - found.key.lastUsedAt > KEY_TOUCH_EVERY_MS) store.apiKeys.touch(found.key, now);
      return { user: found.user, scope: found.key.scope, via: "key" };
    }
    const token = readCookie(request, SESSION_COOKIE);
    if (token === null) return undefined;
    const sessionId = sha256Hex(token);
    const found = store.sessions.findValid(sessionId, now);
    return found ? { user: found.user, scope: "write", via: "session", sessionId } : null;
  }

  function refuse(decision: RateDecision): Response {
    return errorResponse(429, "rate_limited", `Rate limit of ${decision.limit} requests per minute exceeded; retry in ${decision.retryAfter} s`, rateLimitHeaders(decision));
  }

  /** A route open to anyone: JSON bodies only, never started by another site. */
  function letThroughWithout(request: Request, decision: RateDecision, ip?: string): Response | RequestContext {
    const headers = rateLimitHeaders(decision);
    return bodyProblem(request, "", headers) ?? crossSiteProblem(request, headers) ?? { principal: null, ip, headers };
  }

  /**
   * A Response ends the request here (400/401/403/413/429); otherwise what its route needs to know.
   * `ipOf` is asked only when needed (logins, bad credentials): reading the address costs per request.
   */
  function admit(request: Request, path: string, ipOf: () => string): Response | RequestContext {
    if (LOGIN_PATHS.has(path)) {
      // failed logins are counted per IP by the login route; a drained bucket refuses before any password check
      const ip = ipOf();
      const decision = ipBuckets.take(`login:${ip}`, FAILED_LOGINS_PER_MINUTE, 0);
      if (!decision.allowed) return refuse(decision);
      return letThroughWithout(request, decision, ip);
    }
    if (SETUP_PATHS.has(path)) {
      const decision = ipBuckets.take(`anon:${ipOf()}`, ANONYMOUS_PER_MINUTE);
      return decision.allowed ? letThroughWithout(request, decision) : refuse(decision);
    }
    const now = clock();
    const principal = authenticate(request, now);
    if (!principal) {
      const decision = ipBuckets.take(`anon:${ipOf()}`, ANONYMOUS_PER_MINUTE);
      if (!decision.allowed) return refuse(decision);
      const message = principal === undefined
        ? "Missing credentials: send Authorization: Bearer <API key>"
        : "Invalid API key or session";
      return errorResponse(401, "unauthorized", message, { ...rateLimitHeaders(decision), "WWW-Authenticate": "Bearer" });
    }
    const decision = principal.via === "key"
      ? keyBuckets.take(principal.user.id, config.rateLimits[principal.user.plan], 1, now)
      : sessionBuckets.take(principal.user.id, config.sessionRateLimit, 1, now);
    const headers = rateLimitHeaders(decision);
    if (!decision.allowed) return refuse(decision);
    // a read key learns nothing about a write route's body: 403 first
    if (isUnsafe(request) && principal.scope === "read") {
      return errorResponse(403, "forbidden", "This API key has read scope; use a write key to make changes", headers);
    }
    const refused = bodyProblem(request, path, headers);
    if (refused) return refused;
    if (principal.via === "session") {
      const crossSite = crossSiteProblem(request, headers);
      if (crossSite) return crossSite;
    }
    return { principal, headers };
  }

  return {
    admit,

    /** admit for Elysia's routes: the context is kept for principalOf and headersFor; undefined lets the request through. */
    check(request: Request, path: string, ipOf: () => string): Response | undefined {
      const admitted = admit(request, path, ipOf);
      if (admitted instanceof Response) return admitted;
      contexts.set(request, admitted);
      return undefined;
    },

    /** Credentials alone, without plan limits: for /metrics, which a scraper polls on its own schedule. */
    authenticate,

    headersFor: (request: Request): Record<string, string> | undefined => contexts.get(request)?.headers,

    principalOf(request: Request): Principal {
      const principal = contexts.get(request)?.principal;
      if (!principal) throw new Error("API route reached without a principal");
      return principal;
    },


    /** Counts a failed login against the caller's IP; the returned decision updates the headers. */
    loginFailed(request: Request): RateDecision {
      const context = contexts.get(request);
      const decision = ipBuckets.take(`login:${context?.ip ?? "unknown"}`, FAILED_LOGINS_PER_MINUTE);
      if (context) context.headers = rateLimitHeaders({ ...decision, allowed: true });
      return decision;
    },

  };
}

export type Gate = ReturnType<typeof createGate>;
