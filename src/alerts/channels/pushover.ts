// Pushover: POST form fields `token`, `user`, `message`, `title`, `priority`, `url`, `timestamp`.
// https://pushover.net/api#messages (4xx answers mean the request can never succeed)
import * as v from "valibot";
import { baseUrl, bodyOf, defineChannel, int, joinUrl, template, text } from "../channel.ts";
import { sendHttp } from "../http.ts";

export const pushover = defineChannel({
  label: "Pushover",
  docs: "https://pushover.net/api#messages",
  schema: v.object({
    token: v.pipe(text(30), v.regex(/^\w{30}$/, "must be the application's 30-character API token")),
    user: v.pipe(text(30), v.regex(/^\w{30}$/, "must be the 30-character user or group key")),
    // 2 (emergency) needs retry/expire handling of its own; -2..1 covers everything else
    priority: v.optional(int(-2, 1), 1),
    device: v.optional(text(200)),
    base_url: baseUrl("https://api.pushover.net"),
    template,
  }),
  secrets: ["token", "user"],
  defaultBaseUrl: "https://api.pushover.net",
  async send(message, config, options) {
    const body = await bodyOf(message, config);
    const form = new URLSearchParams({
      token: config.token,
      user: config.user,
      message: body.text.slice(0, 1024),
      title: body.content.title.slice(0, 250),
      priority: String(message.event === "up" || message.event === "test" ? Math.min(config.priority, 0) : config.priority),
      url: body.content.link,
      url_title: "Open in upbeat",
      timestamp: String(Math.floor(Date.parse(message.at) / 1000)),
    });
    if (config.device) form.set("device", config.device);
    return sendHttp(joinUrl(config.base_url, "/1/messages.json"), { body: form }, options);
  },
});
