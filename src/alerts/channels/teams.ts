// Microsoft Teams through a Workflows (or legacy incoming) webhook: a `message` whose attachment is an
// Adaptive Card. https://learn.microsoft.com/en-us/microsoftteams/platform/webhooks-and-connectors/how-to/connectors-using#send-adaptive-cards-using-an-incoming-webhook
import { webhookUrlChannel } from "../webhook-url.ts";

const textBlock = (text: string, extra: Record<string, unknown> = {}) => ({ type: "TextBlock", text, wrap: true, ...extra });

export const teams = webhookUrlChannel({
  label: "Microsoft Teams",
  docs: "https://learn.microsoft.com/en-us/microsoftteams/platform/webhooks-and-connectors/how-to/connectors-using#send-adaptive-cards-using-an-incoming-webhook",
  payload(body) {
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
    return { type: "message", attachments: [{ contentType: "application/vnd.microsoft.card.adaptive", contentUrl: null, content: card }] };
  },
});
