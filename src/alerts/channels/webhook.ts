// Generic webhook: POST (or PUT/PATCH) JSON in the shape of DESIGN.md, or the channel's template as the
// body, with extra headers; with a `secret`, `X-Upbeat-Signature: sha256=<hex HMAC-SHA256 of the body>`
// as GitHub signs its webhooks. https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries
import { nodeCrypto } from "../../node-builtins.ts";
import * as v from "valibot";
import { bodyOf, defineChannel, httpUrl, template, text } from "../channel.ts";
import { sendHttp } from "../http.ts";
import { messageLink } from "../format.ts";
import type { AlertMessage } from "../message.ts";

const METHODS = ["POST", "PUT", "PATCH"] as const;
/** RFC 9110 token characters: what fetch accepts as a header name. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export const SIGNATURE_HEADER = "X-Upbeat-Signature";

export const signBody = (body: string, secret: string): string => `sha256=${nodeCrypto().createHmac("sha256", secret).update(body).digest("hex")}`;

/** DESIGN.md's webhook body; `count` rides along on reminders, summaries, groups and digests, `folded` on summaries, `monitors` on groups and digests, `ack_link`, `flapping`, `escalation` when the message has them. */
export function webhookBody(message: AlertMessage) {
  const monitor = message.monitor && {
    id: message.monitor.id, name: message.monitor.name, kind: message.monitor.kind, url: message.monitor.url, status: message.monitor.status, project: message.monitor.project,
  };
  return {
    event: message.event,
    monitor,
    reason: message.reason,
    started_at: message.started_at,
    ...(message.duration_seconds == null ? {} : { duration_seconds: message.duration_seconds }),
    ...(message.count == null ? {} : { count: message.count }),
    ...(message.event === "summary" ? { folded: message.folded } : {}),
    ...(message.monitors ? { monitors: message.monitors } : {}),
    down_monitors: message.down_monitors,
    link: messageLink(message),
    ...(message.ack_url ? { ack_link: message.ack_url } : {}),
    ...(message.flapping ? { flapping: message.flapping } : {}),
    ...(message.escalation ? { escalation: message.escalation } : {}),
  };
}

export const webhook = defineChannel({
  label: "Webhook",
  docs: "https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries",
  schema: v.object({
    url: httpUrl(),
    method: v.optional(v.pipe(v.string("must be a string"), v.toUpperCase(), v.picklist(METHODS, `must be one of ${METHODS.join(", ")}`)), "POST"),
    headers: v.optional(
      v.record(
        v.pipe(v.string(), v.regex(HEADER_NAME, "header names may only use letters, digits and !#$%&'*+.^_`|~-")),
        v.pipe(v.string("header values must be strings"), v.check((s) => !/[\r\n\0]/.test(s), "header values must be one line")),
      ),
      {},
    ),
    secret: v.optional(text(500)),
    template,
  }),
  // header values often hold tokens (Authorization)
  secrets: ["secret", "headers"],
  defaultBaseUrl: null,
  async send(message, config, options) {
    const body = config.template ? (await bodyOf(message, config)).text : JSON.stringify(webhookBody(message));
    const headers: Record<string, string> = { "Content-Type": "application/json", ...config.headers };
    if (config.secret) headers[SIGNATURE_HEADER] = signBody(body, config.secret);
    return sendHttp(config.url, { method: config.method, headers, body }, options);
  },
});
