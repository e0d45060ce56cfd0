// Gotify: POST <server>/message?token=<application token> with JSON `title`, `message`, `priority`,
// and a click URL in `extras`. https://gotify.net/api-docs#/message/createMessage · https://gotify.net/docs/msgextras
import * as v from "valibot";
import { bodyOf, defineChannel, httpUrl, int, joinUrl, template, text } from "../channel.ts";
import { jsonRequest, sendHttp } from "../http.ts";

export const gotify = defineChannel({
  label: "Gotify",
  docs: "https://gotify.net/api-docs#/message/createMessage",
  schema: v.object({
    base_url: httpUrl(),
    token: text(200),
    priority: v.optional(int(0, 10), 8),
    template,
  }),
  secrets: ["token"],
  defaultBaseUrl: null,
  async send(message, config, options) {
    const body = await bodyOf(message, config);
    const url = `${joinUrl(config.base_url, "/message")}?token=${encodeURIComponent(config.token)}`;
    const priority = message.event === "up" || message.event === "test" ? Math.min(config.priority, 4) : config.priority;
    const payload = {
      title: body.content.title,
      message: body.text,
      priority,
      extras: { "client::display": { contentType: "text/plain" }, "client::notification": { click: { url: body.content.link } } },
    };
    return sendHttp(url, jsonRequest(payload), options);
  },
});
