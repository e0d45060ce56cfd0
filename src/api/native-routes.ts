// GET /monitors/:id, the API's hottest read, answered by Bun's router before Elysia composes a handler for it
// (context, hooks, resolve, response mapping). The same gate, service, JSON text and error body as the Elysia
// route, which stays registered for the OpenAPI document, app.handle and the path's other methods.
import { NOSNIFF } from "../security-headers.ts";
import { apiPathOf } from "./auth.ts";
import type { ApiDeps } from "./context.ts";
import { toErrorResponse } from "./errors.ts";
import { JSON_TEXT_TYPE, readMonitorText } from "./monitors.ts";

export type ServerLike = { requestIP(request: Request): { address: string } | null } | null;
export type NativeHandler = (request: Request & { params: Record<string, string> }, server: ServerLike) => Response | Promise<Response>;
/** Bun.serve's `routes`: path → method → handler */
export type NativeRoutes = Record<string, Record<string, NativeHandler>>;

// what the API's local hook adds to every answer it lets through; a Headers object is copied faster than a
// plain object is read (~0.7 µs of ~2.5 for this answer's five headers), so only the rate-limit three are set
const ANSWER_HEADERS = new Headers({ ...NOSNIFF, "content-type": JSON_TEXT_TYPE });

function answerHeaders(rateLimit: Record<string, string>): Headers {
  const headers = new Headers(ANSWER_HEADERS);
  for (const name in rateLimit) headers.set(name, rateLimit[name]!);
  return headers;
}

export function nativeApiRoutes(deps: ApiDeps, bases: readonly string[], ipOf: (request: Request, server: ServerLike) => string): NativeRoutes {
  const getMonitor: NativeHandler = (request, server) => {
    let rateLimit: Record<string, string> | undefined;
    try {
      // Bun matched an API path, so apiPathOf has one to give
      const admitted = deps.gate.admit(request, apiPathOf(request.url)!, () => ipOf(request, server));
      if (admitted instanceof Response) return admitted;
      rateLimit = admitted.headers;
      // a principal is missing only on the login and setup paths
      const text = readMonitorText(deps, request.params.id!, admitted.principal!.user.id, request);
      return new Response(text, { headers: answerHeaders(rateLimit) });
    } catch (error) {
      return toErrorResponse("UNKNOWN", error, rateLimit);
    }
  };
  return Object.fromEntries(bases.map((base) => [`${base}/monitors/:id`, { GET: getMonitor }]));
}
