// Microsoft Teams through a Workflows (or legacy incoming) webhook: a `message` whose attachment is an
// Adaptive Card. https://learn.microsoft.com/en-us/microsoftteams/platform/webhooks-and-connectors/how-to/connectors-using#send-adaptive-cards-using-an-incoming-webhook
import * as v from "valibot";
import { bodyOf, defineChannel, httpUrl, template } from "../channel.ts";
import { jsonRequest, sendHttp } from "../http.ts";

const textBlock = (text: string, extra: Record<string, unknown> = {}) => ({ type: "TextBlock", text, wrap: true, ...extra });

export const teams = defineChannel({
  label: "Microsoft Teams",
  docs: "https://learn.microsoft.com/en-us/microsoftteams/platform/webhooks-and-connectors/how-to/connectors-using#send-adaptive-cards-using-an-incoming-webhook",
  schema: v.object({ url: httpUrl(), template }),
  secrets: ["url"],
  defaultBaseUrl: null,
  async send(message, config, options) {
    const body = await bodyOf(message, config);
    const { headline, lines, link } = body.content;
    const blocks = body.custom
      ? [textBlock(body.text)]
      : [textBlock(headline, { weight: "Bolder", size: "Medium" }), ...lines.map((line) => textBlock(line, { spacing: "None" }))];
    const card = {
      $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
      type: "AdaptiveCard",
      version: "1.4",
      body: blocks,
      actions: [{ type: "Action.OpenUrl", title: "Open in upbeat", url: link }],
    };
    const payload = { type: "message", attachments: [{ contentType: "application/vnd.microsoft.card.adaptive", contentUrl: null, content: card }] };
    return sendHttp(config.url, jsonRequest(payload), options);
  },
});
