// Ping URLs, Healthchecks.io style (/ping, /pulse) and Uptime Kuma style (/api/push). No auth: the
// token is the secret. Mounted before the API's body parser: these routes read raw bodies themselves.
import { Elysia } from "elysia";
import { appErrorResponse, errorResponse, toErrorResponse } from "../api/errors.ts";
import type { NativeHandler, NativeRoutes, ServerLike as Server } from "../api/native-routes.ts";
import { invalid } from "../errors.ts";
import type { Clock } from "../time.ts";
import type { Heartbeats } from "./index.ts";
import { pingDetail, pushDetail, type PingMethod } from "./openapi.ts";
import type { PingOutcome } from "./ingest.ts";
import { actionOf, isProblem, MAX_PING_BODY_BYTES, MAX_REASON_CHARS, readBody, ridOf, truncatedText, userAgentOf, type Ping } from "./ping.ts";

export interface PingRouteDeps {
  heartbeats: Heartbeats;
  clock: Clock;
  /** the caller's address (X-Forwarded-For only when the proxy is trusted) */
  ipOf(request: Request, server: Server): string;
}

const PING_PREFIXES = ["/ping", "/pulse"];
const tags = ["heartbeats"];
const PING_METHODS: PingMethod[] = ["GET", "HEAD", "POST"];
// Browsers may ping too (Healthchecks allows it).
const CORS = { "Access-Control-Allow-Origin": "*" };
// a Headers object is copied into each answer faster than a plain object is parsed
const TEXT_HEADERS = new Headers({ ...CORS, "Content-Type": "text/plain; charset=utf-8" });
const JSON_HEADERS = { ...CORS, "Content-Type": "application/json; charset=utf-8" };

function submit(deps: PingRouteDeps, ping: Ping): Promise<PingOutcome | "error"> {
  return deps.heartbeats.receive(ping).catch((error: unknown) => {
    console.error("upbeat: storing a ping failed:", error);
    return "error" as const;
  });
}

/** `?rid=` without building a query object for the many pings that have no query string. */
function ridParam(url: string): string | undefined {
  const start = url.indexOf("?");
  return start === -1 ? undefined : new URLSearchParams(url.slice(start + 1)).get("rid") ?? undefined;
}

function pingHandlers(deps: PingRouteDeps) {
  async function healthchecksPing(request: Request, server: Server, token: string, action: string | undefined): Promise<Response> {
    const kind = actionOf(action);
    const runId = ridOf(ridParam(request.url));
    if (isProblem(kind) && !isProblem(runId)) {
      // not an action: maybe Healthchecks' /ping/<ping_key>/<slug>, an imported heartbeat's alias
      const answer = await healthchecksPing(request, server, `${token}/${action}`, undefined);
      return answer.status === 404 ? appErrorResponse(invalid([kind]), CORS) : answer;
    }
    if (isProblem(kind) || isProblem(runId)) return appErrorResponse(invalid([kind, runId].filter(isProblem)), CORS);
    const outcome = await submit(deps, {
      token, type: kind.type, exitCode: kind.exitCode, durationMs: null,
      body: request.method === "POST" ? await readBody(request) : null, reason: null,
      sourceIp: deps.ipOf(request, server), userAgent: userAgentOf(request), rid: runId,
      receivedAt: deps.clock(),
    });
    if (outcome === "stored") return new Response("OK", { headers: TEXT_HEADERS });
    if (outcome === "unknown-token") return errorResponse(404, "not_found", "No heartbeat monitor has this ping token", CORS);
    return errorResponse(500, "internal_error", "The ping could not be stored; please retry", CORS);
  }

  /** Uptime Kuma push: `status` other than "up" means down (as in Kuma); `ping` is a duration in ms. */
  async function kumaPush(request: Request, server: Server, token: string, query: Record<string, string | undefined>) {
    const isUp = (query.status ?? "up") === "up";
    const durationMs = /^\d+(\.\d+)?$/.test(query.ping ?? "") ? Math.round(Number(query.ping)) : null;
    const outcome = await submit(deps, {
      token, type: isUp ? "success" : "fail", exitCode: null, durationMs,
      body: query.msg ? truncatedText(new TextEncoder().encode(query.msg), MAX_PING_BODY_BYTES) : request.method === "POST" ? await readBody(request) : null,
      reason: query.msg?.trim().slice(0, MAX_REASON_CHARS) || null,
      sourceIp: deps.ipOf(request, server), userAgent: userAgentOf(request), rid: null, receivedAt: deps.clock(),
    });
    const [status, answer] = outcome === "stored" ? [200, { ok: true }]
      : outcome === "unknown-token" ? [404, { ok: false, msg: "Monitor not found or not active." }]
      : [500, { ok: false, msg: "The push could not be stored; please retry" }];
    return new Response(JSON.stringify(answer), { status, headers: JSON_HEADERS });
  }
  return { healthchecksPing, kumaPush };
}

export function pingRoutes(deps: PingRouteDeps) {
  const { healthchecksPing, kumaPush } = pingHandlers(deps);
  const app = new Elysia();
  for (const method of PING_METHODS) {
    for (const prefix of PING_PREFIXES) {
      app.route(method, `${prefix}/:token`, ({ request, server, params }) =>
        healthchecksPing(request, server, params.token, undefined),
        { parse: "none", detail: pingDetail(method, prefix, false) });
      app.route(method, `${prefix}/:token/:action`, ({ request, server, params }) =>
        healthchecksPing(request, server, params.token, params.action),
        { parse: "none", detail: pingDetail(method, prefix, true) });
    }
    app.route(method, "/api/push/:token", ({ request, server, params, query }) =>
      kumaPush(request, server, params.token, query),
      { parse: "none", detail: pushDetail(method) });
  }
  return app;
}

/**
 * /ping and /pulse answered by Bun's router before Elysia (its context and hooks were a third of a ping's
 * HTTP work); same handler as their Elysia routes, which stay for the OpenAPI document and app.handle.
 * A throw ends as the contract's error body, as Elysia's error hook would answer it.
 */
export function nativePingRoutes(deps: PingRouteDeps): NativeRoutes {
  const { healthchecksPing } = pingHandlers(deps);
  const handler: NativeHandler = (request, server) =>
    healthchecksPing(request, server, request.params.token!, request.params.action).catch((error: unknown) => toErrorResponse("UNKNOWN", error));
  const methods = Object.fromEntries(PING_METHODS.map((method) => [method, handler]));
  return Object.fromEntries(PING_PREFIXES.flatMap((prefix) => [[`${prefix}/:token`, methods], [`${prefix}/:token/:action`, methods]]));
}
