// Discord webhook: POST JSON `content` plus one embed (title, description, url, color, timestamp).
// https://discord.com/developers/docs/resources/webhook#execute-webhook · https://discord.com/developers/docs/resources/message#embed-object
import * as v from "valibot";
import { bodyOf, defineChannel, httpUrl, template } from "../channel.ts";
import { jsonRequest, sendHttp } from "../http.ts";
import { toneOf, type Tone } from "../message.ts";

const COLORS: Record<Tone, number> = {
  down: 0xd93025, up: 0x1e8e3e, reminder: 0xd93025, late: 0xf29900, ssl_expiry: 0xf29900, test: 0x1a73e8, summary: 0x5f6368,
  flapping: 0xf29900, escalation: 0xd93025,
};

const MAX_CONTENT_CHARS = 2000;

export const discord = defineChannel({
  label: "Discord",
  docs: "https://discord.com/developers/docs/resources/webhook#execute-webhook",
  schema: v.object({ url: httpUrl(), username: v.optional(v.pipe(v.string("must be a string"), v.maxLength(80, "must be at most 80 characters"))), template }),
  secrets: ["url"],
  defaultBaseUrl: null,
  async send(message, config, options) {
    const body = await bodyOf(message, config);
    const username = config.username ? { username: config.username } : {};
    if (body.custom) return sendHttp(config.url, jsonRequest({ ...username, content: body.text.slice(0, MAX_CONTENT_CHARS) }), options);
    const { headline, lines, link } = body.content;
    const embed = { title: headline.slice(0, 256), description: lines.join("\n").slice(0, 4096), url: link, color: COLORS[toneOf(message)], timestamp: message.at };
    return sendHttp(config.url, jsonRequest({ ...username, content: headline, embeds: [embed] }), options);
  },
});
