// Google Chat incoming webhook: POST JSON `text` (Chat's own markup: *bold*, <url|label>).
// https://developers.google.com/workspace/chat/quickstart/webhooks · https://developers.google.com/workspace/chat/format-messages
import * as v from "valibot";
import { bodyOf, defineChannel, httpUrl, template } from "../channel.ts";
import { jsonRequest, sendHttp } from "../http.ts";

export const google_chat = defineChannel({
  label: "Google Chat",
  docs: "https://developers.google.com/workspace/chat/quickstart/webhooks",
  schema: v.object({ url: httpUrl(), template }),
  secrets: ["url"],
  defaultBaseUrl: null,
  async send(message, config, options) {
    const body = await bodyOf(message, config);
    const { headline, lines, link } = body.content;
    const text = body.custom ? body.text : [`*${headline}*`, ...lines, `<${link}|Open in upbeat>`].join("\n");
    return sendHttp(config.url, jsonRequest({ text }, { "Content-Type": "application/json; charset=UTF-8" }), options);
  },
});
