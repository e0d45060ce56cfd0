// Builds the Elysia app from the services: the API twice (/api/v1 and /v1), docs, health, the UI.
import { Elysia } from "elysia";
import * as v from "valibot";
import type { Config } from "./config.ts";
import { apiRoutes } from "./api/index.ts";
import { apiPathOf, createGate, MAX_API_BODY_BYTES, MAX_IMPORT_BYTES } from "./api/auth.ts";
import { AppError } from "./errors.ts";
import { readBounded } from "./request-body.ts";
import type { ApiDeps } from "./api/context.ts";
import { methodNotAllowed, toErrorResponse } from "./api/errors.ts";
import { methodsByPath } from "./api/allowed-methods.ts";
import { openApiDocument } from "./api/openapi.ts";
import { answers } from "./api/responses.ts";
import { derived } from "./probes/registry.ts";
import type { Heartbeats } from "./heartbeats/index.ts";
import { nativePingRoutes, pingRoutes } from "./heartbeats/routes.ts";
import { nativeApiRoutes, type ServerLike } from "./api/native-routes.ts";
import type { Services } from "./services.ts";
import type { ChannelService } from "./channels/service.ts";
import type { NotificationCounts } from "./alerts/metrics.ts";
import type { Store } from "./store/index.ts";
import type { Clock } from "./time.ts";
import { uiRoutes } from "./ui/routes.ts";
import { badgeRoutes } from "./badges/routes.ts";
import { metricsRoutes } from "./metrics/routes.ts";
import { publicStatusPageRoutes } from "./status-pages/routes.ts";
import { NOSNIFF } from "./security-headers.ts";
import { ackRoutes } from "./incidents/ack-routes.ts";
import { createAckLinks } from "./incidents/ack-link.ts";
import { VERSION } from "./version.ts";

/** What the app is built from. */
export interface AppParts {
  store: Store;
  config: Config;
  clock: Clock;
  services: Services;
  heartbeats: Heartbeats;
  channels: ChannelService;
  notifications: NotificationCounts;
}

/**
 * Bun's own refusal is a bare 413 that reaches no handler (and a stack trace where a handler was reading),
 * so Bun lets every body through and each reader refuses past its limit: the API at 1 MiB with the JSON
 * error body (parseWithin), pings at 16 MiB (readBody); routes that take no body never read one.
 */
export const BUN_MAX_REQUEST_BODY_BYTES = Number.MAX_SAFE_INTEGER;

/** API bodies as JSON, read within the API's limit: the gate refuses declared lengths, this catches chunked ones. */
async function parseWithin({ request }: { request: Request }): Promise<unknown> {
  // nothing to read: Elysia's own parsing knows what an absent body means for each route
  if (!request.body || !request.headers.has("content-type")) return undefined;
  const type = request.headers.get("content-type")!;
  if (type.toLowerCase().startsWith("multipart/form-data")) {
    // only the import route takes uploads (the gate refuses them elsewhere): read within its limit
    const bytes = await readBounded(request, MAX_IMPORT_BYTES, MAX_IMPORT_BYTES);
    try {
      return await new Response(bytes as Uint8Array<ArrayBuffer> | null, { headers: { "content-type": type } }).formData();
    } catch {
      throw new AppError(400, "invalid_body", "Request body is not valid multipart/form-data");
    }
  }
  const bytes = await readBounded(request, MAX_API_BODY_BYTES, MAX_API_BODY_BYTES);
  try {
    return JSON.parse(bytes === null ? "" : new TextDecoder().decode(bytes));
  } catch {
    throw new AppError(400, "invalid_json", "Request body is not valid JSON");
  }
}

function clientIp(request: Request, server: ServerLike, trustProxy: boolean) {
  if (trustProxy) {
    const forwarded = request.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
    if (forwarded) return forwarded;
  }
  return server?.requestIP(request)?.address ?? "unknown";
}

const HealthOut = v.strictObject({ status: v.literal("ok"), version: v.string() });

/** The API is mounted twice: its documented prefix and the short one. */
const API_BASES = ["/api/v1", "/v1"] as const;

export function buildApp(parts: AppParts) {
  const gate = createGate(parts.store, parts.config, parts.clock);
  const deps: ApiDeps = { ...parts, gate };
  const ipOf = (request: Request, server: ServerLike) => clientIp(request, server, parts.config.trustProxy);
  const pingDeps = { heartbeats: parts.heartbeats, clock: parts.clock, ipOf };

  // built on the first miss, once every route is registered
  let allowedAt: ((path: string) => string[]) | undefined;
  // rebuilt when a probe kind is registered: the monitor schemas in it follow the registry
  const document: () => Record<string, unknown> = derived(() => openApiDocument(app, { version: VERSION, baseUrl: parts.config.baseUrl }));
  // the hottest routes skip Elysia's handler composition: Bun's router answers them first (merged per method)
  const app = new Elysia({ serve: { routes: { ...nativeApiRoutes(deps, API_BASES, ipOf), ...nativePingRoutes(pingDeps) } } })
    .onRequest(({ request, server }) => {
      const path = apiPathOf(request.url);
      if (path === null) return;
      return gate.check(request, path, () => ipOf(request, server));
    })
    .onError({ as: "global" }, ({ code, error, request }) => {
      if (code === "NOT_FOUND") {
        allowedAt ??= methodsByPath(app.routes);
        const allowed = allowedAt(new URL(request.url).pathname);
        if (allowed.length > 0) return methodNotAllowed(request.method, allowed, gate.headersFor(request));
      }
      return toErrorResponse(code, error, gate.headersFor(request));
    })
    .get("/api/docs/json", () => document(), {
      detail: { tags: ["service"], summary: "This OpenAPI document", security: [], responses: { 200: { description: "OpenAPI 3.1", content: { "application/json": { schema: { type: "object" } } } } } },
    })
    .get("/healthz", () => ({ status: "ok", version: VERSION }), {
      detail: { tags: ["service"], summary: "Liveness (no key)", security: [], responses: answers(200, HealthOut) },
    })
    .use(
      new Elysia()
        // the gate's rate-limit headers and nosniff on every API answer; a local hook, so pings and the UI skip it
        .onParse(parseWithin)
        .onTransform(({ request, set }) => {
          Object.assign(set.headers, gate.headersFor(request), NOSNIFF);
        })
        .use(apiRoutes(deps, API_BASES[0]))
        .use(apiRoutes(deps, API_BASES[1])),
    )
    .use(pingRoutes(pingDeps))
    .use(badgeRoutes(parts.store, parts.clock))
    .use(metricsRoutes(parts.store, gate, parts.notifications))
    .use(publicStatusPageRoutes(parts))
    .use(ackRoutes(parts.store, parts.clock, createAckLinks(parts.store, parts.clock)))
    .use(uiRoutes());
  return app;
}

export type App = ReturnType<typeof buildApp>;
