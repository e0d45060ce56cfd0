// Slack incoming webhook: POST JSON `text` (fallback and notifications) plus `blocks`.
// https://api.slack.com/messaging/webhooks · https://api.slack.com/reference/block-kit/blocks
import { webhookUrlChannel } from "../webhook-url.ts";

/** Slack's mrkdwn needs only &, < and > escaped. https://api.slack.com/reference/surfaces/formatting#escaping */
const escapeMrkdwn = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export const slack = webhookUrlChannel({
  label: "Slack",
  docs: "https://api.slack.com/messaging/webhooks",
  payload(body) {
    if (body.custom) return { text: body.text };
    const { headline, lines, link } = body.content;
    const details = [...lines.map(escapeMrkdwn), `<${link}|Open in upbeat>`].join("\n");
    const blocks = [
      { type: "section", text: { type: "mrkdwn", text: `*${escapeMrkdwn(headline)}*` } },
      { type: "section", text: { type: "mrkdwn", text: details } },
    ];
    return { text: headline, blocks };
  },
});
