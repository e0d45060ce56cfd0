// How the ping routes appear in the OpenAPI document: one description per route shape, for each method and prefix.
import type { DocumentDecoration } from "elysia";
import { errorAnswer } from "../api/openapi.ts";
import { MAX_REQUEST_BODY_BYTES } from "../request-body.ts";
import { MAX_PING_BODY_BYTES } from "./ping.ts";

export type PingMethod = "GET" | "HEAD" | "POST";

const tags = ["heartbeats"];
const query = (name: string, description: string, schema: Record<string, unknown>) => ({ name, in: "query", required: false, description, schema });
const body: DocumentDecoration["requestBody"] = {
  required: false,
  description: `Kept up to ${MAX_PING_BODY_BYTES} bytes (longer ones are cut, not refused); any content type`,
  content: { "*/*": { schema: { type: "string" } } },
};
const tooLarge = errorAnswer(`The body is over ${MAX_REQUEST_BODY_BYTES} bytes`);
const recorded = (method: PingMethod, content: Record<string, object>) =>
  // a HEAD answer has the headers of the GET one and no body
  ({ description: "Recorded", ...(method === "HEAD" ? {} : { content }) });

/** `/ping/:token` and `/ping/:token/:action` (and the /pulse alias), Healthchecks.io style. */
export function pingDetail(method: PingMethod, prefix: string, withAction: boolean): DocumentDecoration {
  const what = withAction
    ? "Report start, fail, log, or an exit code 0-255 (0 is a success, 1-255 a failure); or a success at an imported Healthchecks slug URL (/ping/<ping_key>/<slug>)"
    : "Report a success";
  return {
    tags,
    security: [],
    summary: `${what}${prefix === "/pulse" ? " (alias of /ping)" : ""}`,
    parameters: [query("rid", "Pairs a start with its end (a UUID)", { type: "string", format: "uuid" })],
    ...(method === "POST" ? { requestBody: body } : {}),
    responses: {
      200: recorded(method, { "text/plain": { schema: { type: "string", const: "OK" } } }),
      400: errorAnswer(withAction ? "Not start, fail, log or 0-255; or rid is not a UUID" : "rid is not a UUID"),
      404: errorAnswer("No heartbeat monitor has this ping token"),
      ...(method === "POST" ? { 413: tooLarge } : {}),
      500: errorAnswer("The ping could not be stored; retry"),
    },
  };
}

/** `/api/push/:token`: Uptime Kuma's push URL, answered in Kuma's own shape. */
export function pushDetail(method: PingMethod): DocumentDecoration {
  const kuma = (ok: boolean): Record<string, any> => ({
    "application/json": {
      schema: ok
        ? { type: "object", properties: { ok: { const: true } }, required: ["ok"] }
        : { type: "object", properties: { ok: { const: false }, msg: { type: "string" } }, required: ["ok", "msg"] },
    },
  });
  return {
    tags,
    security: [],
    summary: "Uptime Kuma push: status up (or down), msg as the reason, ping as the duration in ms",
    parameters: [
      query("status", "`up` (the default) is a success; anything else a failure", { type: "string" }),
      query("msg", "The reason, kept as the pulse's body", { type: "string" }),
      query("ping", "The job's duration in milliseconds", { type: "string", pattern: "^\\d+(\\.\\d+)?$" }),
    ],
    ...(method === "POST" ? { requestBody: body } : {}),
    responses: {
      200: recorded(method, kuma(true)),
      404: { description: "No heartbeat monitor has this push token (Kuma's answer)", content: kuma(false) },
      ...(method === "POST" ? { 413: tooLarge } : {}),
      500: { description: "The push could not be stored; retry", content: kuma(false) },
    },
  };
}
