// Google Chat incoming webhook: POST JSON `text` (Chat's own markup: *bold*, <url|label>).
// https://developers.google.com/workspace/chat/quickstart/webhooks · https://developers.google.com/workspace/chat/format-messages
import { webhookUrlChannel } from "../webhook-url.ts";

export const google_chat = webhookUrlChannel({
  label: "Google Chat",
  docs: "https://developers.google.com/workspace/chat/quickstart/webhooks",
  headers: { "Content-Type": "application/json; charset=UTF-8" },
  payload(body) {
    const { headline, lines, link } = body.content;
    return { text: body.custom ? body.text : [`*${headline}*`, ...lines, `<${link}|Open in upbeat>`].join("\n") };
  },
});
