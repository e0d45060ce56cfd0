// GET /monitors/:id, the API's hottest read, answered by Bun's router before Elysia composes a handler for it
// (context, hooks, resolve, response mapping). The same gate, service, JSON text and error body as the Elysia
// route, which stays registered for the OpenAPI document, app.handle and the path's other methods.
import { NOSNIFF } from "../security-headers.ts";
import type { ApiDeps } from "./context.ts";
import { toErrorResponse } from "./errors.ts";
import { JSON_TEXT_TYPE, readMonitorText } from "./monitors.ts";

export type ServerLike = { requestIP(request: Request): { address: string } | null } | null;
export type NativeHandler = (request: Request & { params: Record<string, string> }, server: ServerLike) => Response | Promise<Response>;
/** Bun.serve's `routes`: path → method → handler */
export type NativeRoutes = Record<string, Record<string, NativeHandler>>;

// What the API's local hook adds to every answer it lets through, in one Headers that each Response copies
// (Bun copies init headers, so the next answer may change it): cheaper than a Headers per answer, and a
// rate-limit value is set only when it differs from the previous answer's (Headers.set was ~8 % of a GET).
const answer = new Headers({ ...NOSNIFF, "content-type": JSON_TEXT_TYPE });
const RATE_LIMIT_NAMES = ["X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"] as const;
const lastValues = RATE_LIMIT_NAMES.map(() => "");

function answerHeaders(rateLimit: Record<string, string>): Headers {
  for (let i = 0; i < RATE_LIMIT_NAMES.length; i++) {
    const value = rateLimit[RATE_LIMIT_NAMES[i]!]!;
    if (value === lastValues[i]) continue;
    lastValues[i] = value;
    answer.set(RATE_LIMIT_NAMES[i]!, value);
  }
  return answer;
}

export function nativeApiRoutes(deps: ApiDeps, bases: readonly string[], ipOf: (request: Request, server: ServerLike) => string): NativeRoutes {
  const getMonitor = (pattern: string): NativeHandler => (request, server) => {
    let rateLimit: Record<string, string> | undefined;
    try {
      // the gate asks the path only whether it is a login, setup or upload path: the route's pattern answers
      // that as the path would, without reading the URL
      const admitted = deps.gate.admit(request, pattern, () => ipOf(request, server));
      if (admitted instanceof Response) return admitted;
      rateLimit = admitted.headers;
      // a principal is missing only on the login and setup paths
      const text = readMonitorText(deps, request.params.id!, admitted.principal!.user.id, request);
      return new Response(text, { headers: answerHeaders(rateLimit) });
    } catch (error) {
      return toErrorResponse("UNKNOWN", error, rateLimit);
    }
  };
  return Object.fromEntries(bases.map((base) => [`${base}/monitors/:id`, { GET: getMonitor(`${base}/monitors/:id`) }]));
}
