// ntfy: POST the text to <server>/<topic>, with Title, Priority, Tags and Click headers and an optional
// Bearer access token. https://docs.ntfy.sh/publish/ · https://docs.ntfy.sh/publish/#access-tokens
import * as v from "valibot";
import { baseUrl, bodyOf, defineChannel, int, joinUrl, template, text } from "../channel.ts";
import { sendHttp } from "../http.ts";
import { toneOf, type Tone } from "../message.ts";

/** Emoji shortcodes ntfy shows before the title. https://docs.ntfy.sh/emojis/ */
const TAGS: Record<Tone, string> = {
  down: "rotating_light", up: "white_check_mark", reminder: "repeat", late: "alarm_clock", ssl_expiry: "warning", test: "test_tube", summary: "clipboard",
  flapping: "twisted_rightwards_arrows", escalation: "sos",
};

/** Problems get the channel's priority; news that things are fine gets the default (3). */
const URGENT: ReadonlySet<Tone> = new Set(["down", "reminder", "late", "escalation"]);

/** Header values are bytes: non-ASCII goes as an RFC 2047 encoded word, which ntfy decodes. */
const headerText = (value: string) => (/^[\x20-\x7e]*$/.test(value) ? value : `=?UTF-8?B?${Buffer.from(value).toString("base64")}?=`);

export const ntfy = defineChannel({
  label: "ntfy",
  docs: "https://docs.ntfy.sh/publish/",
  schema: v.object({
    topic: v.pipe(text(64), v.regex(/^[-_A-Za-z0-9]+$/, "may only use letters, digits, - and _")),
    base_url: baseUrl("https://ntfy.sh"),
    priority: v.optional(int(1, 5), 4),
    token: v.optional(text(200)),
    template,
  }),
  secrets: ["token"],
  defaultBaseUrl: "https://ntfy.sh",
  async send(message, config, options) {
    const body = await bodyOf(message, config);
    const headers: Record<string, string> = {
      "Content-Type": "text/plain; charset=utf-8",
      Title: headerText(body.content.title),
      Priority: String(URGENT.has(toneOf(message)) ? config.priority : 3),
      Tags: TAGS[toneOf(message)],
      Click: body.content.link,
    };
    if (config.token) headers.Authorization = `Bearer ${config.token}`;
    return sendHttp(joinUrl(config.base_url, config.topic), { headers, body: body.text }, options);
  },
});
