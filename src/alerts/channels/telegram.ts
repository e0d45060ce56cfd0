// Telegram Bot API: POST /bot<token>/sendMessage with `chat_id`, `text` and `parse_mode`.
// https://core.telegram.org/bots/api#sendmessage · https://core.telegram.org/bots/api#html-style
import * as v from "valibot";
import { baseUrl, bodyOf, defineChannel, joinUrl, template, text } from "../channel.ts";
import { jsonRequest, sendHttp } from "../http.ts";
import { escapeHtml } from "../text.ts";

export const telegram = defineChannel({
  label: "Telegram",
  docs: "https://core.telegram.org/bots/api#sendmessage",
  schema: v.object({
    bot_token: v.pipe(text(200), v.regex(/^\d+:[\w-]+$/, "must look like 123456:ABC-DEF… (from @BotFather)")),
    chat_id: v.pipe(text(100), v.regex(/^(-?\d+|@\w+)$/, "must be a number or @channelname")),
    base_url: baseUrl("https://api.telegram.org"),
    /** how Telegram reads a template's output; the default text is always sent as HTML */
    parse_mode: v.optional(v.picklist(["HTML", "MarkdownV2"], "must be HTML or MarkdownV2")),
    template,
  }),
  secrets: ["bot_token"],
  defaultBaseUrl: "https://api.telegram.org",
  async send(message, config, options) {
    const body = await bodyOf(message, config);
    const url = joinUrl(config.base_url, `/bot${config.bot_token}/sendMessage`);
    const { headline, lines, link } = body.content;
    const html = `<b>${escapeHtml(headline)}</b>\n${lines.map(escapeHtml).join("\n")}\n<a href="${escapeHtml(link)}">Open in upbeat</a>`;
    const formatted = body.custom ? { text: body.text, ...(config.parse_mode ? { parse_mode: config.parse_mode } : {}) } : { text: html, parse_mode: "HTML" };
    return sendHttp(url, jsonRequest({ chat_id: config.chat_id, ...formatted, link_preview_options: { is_disabled: true } }), options);
  },
});
