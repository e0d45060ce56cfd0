// Apprise API (a user's own apprise-api server, which reaches 100+ services): POST <server>/notify/<key>
// for a stored configuration, or the stateless POST <server>/notify with `urls`; JSON `title`, `body`, `type`.
// https://github.com/caronc/apprise-api#api-details
import * as v from "valibot";
import { bodyOf, defineChannel, httpUrl, joinUrl, template, text } from "../channel.ts";
import { jsonRequest, sendHttp } from "../http.ts";
import { toneOf, type Tone } from "../message.ts";

const TYPES: Record<Tone, "info" | "success" | "warning" | "failure"> = {
  down: "failure", up: "success", reminder: "failure", late: "warning", ssl_expiry: "warning", test: "info", summary: "info",
  flapping: "warning", escalation: "failure",
};

export const apprise = defineChannel({
  label: "Apprise API",
  docs: "https://github.com/caronc/apprise-api#api-details",
  schema: v.pipe(
    v.object({
      base_url: httpUrl(),
      key: v.optional(v.pipe(text(128), v.regex(/^[\w-]+$/, "may only use letters, digits, - and _"))),
      urls: v.optional(text(10000)),
      tag: v.optional(text(200)),
      template,
    }),
    v.check((config) => (config.key === undefined) !== (config.urls === undefined), "give either key (a configuration stored on the server) or urls (Apprise URLs), not both"),
  ),
  // Apprise URLs carry the services' tokens
  secrets: ["urls"],
  defaultBaseUrl: null,
  async send(message, config, options) {
    const body = await bodyOf(message, config);
    const url = joinUrl(config.base_url, config.key ? `/notify/${config.key}` : "/notify");
    const payload = {
      ...(config.urls ? { urls: config.urls } : {}),
      ...(config.tag ? { tag: config.tag } : {}),
      title: body.content.title,
      body: body.text,
      type: TYPES[toneOf(message)],
      format: "text",
    };
    return sendHttp(url, jsonRequest(payload), options);
  },
});
