// Mattermost incoming webhook: POST JSON `text` (Markdown), optional `channel` and `username`.
// https://developers.mattermost.com/integrate/webhooks/incoming/
import * as v from "valibot";
import { bodyOf, defineChannel, httpUrl, template, text } from "../channel.ts";
import { jsonRequest, sendHttp } from "../http.ts";

export const mattermost = defineChannel({
  label: "Mattermost",
  docs: "https://developers.mattermost.com/integrate/webhooks/incoming/",
  schema: v.object({ url: httpUrl(), channel: v.optional(text(64)), username: v.optional(text(64)), template }),
  secrets: ["url"],
  defaultBaseUrl: null,
  async send(message, config, options) {
    const body = await bodyOf(message, config);
    const { headline, lines, link } = body.content;
    const text = body.custom ? body.text : [`**${headline}**`, ...lines, `[Open in upbeat](${link})`].join("\n");
    const extra = { ...(config.channel ? { channel: config.channel } : {}), ...(config.username ? { username: config.username } : {}) };
    return sendHttp(config.url, jsonRequest({ text, ...extra }), options);
  },
});
