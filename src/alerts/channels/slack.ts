// Slack incoming webhook: POST JSON `text` (fallback and notifications) plus `blocks`.
// https://api.slack.com/messaging/webhooks · https://api.slack.com/reference/block-kit/blocks
import * as v from "valibot";
import { bodyOf, defineChannel, httpUrl, template } from "../channel.ts";
import { jsonRequest, sendHttp } from "../http.ts";

/** Slack's mrkdwn needs only &, < and > escaped. https://api.slack.com/reference/surfaces/formatting#escaping */
const escapeMrkdwn = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export const slack = defineChannel({
  label: "Slack",
  docs: "https://api.slack.com/messaging/webhooks",
  schema: v.object({ url: httpUrl(), template }),
  secrets: ["url"],
  defaultBaseUrl: null,
  async send(message, config, options) {
    const body = await bodyOf(message, config);
    if (body.custom) return sendHttp(config.url, jsonRequest({ text: body.text }), options);
    const { headline, lines, link } = body.content;
    const details = [...lines.map(escapeMrkdwn), `<${link}|Open in upbeat>`].join("\n");
    const blocks = [
      { type: "section", text: { type: "mrkdwn", text: `*${escapeMrkdwn(headline)}*` } },
      { type: "section", text: { type: "mrkdwn", text: details } },
    ];
    return sendHttp(config.url, jsonRequest({ text: headline, blocks }), options);
  },
});
