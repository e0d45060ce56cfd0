// Home Assistant: call a notify service, POST <server>/api/services/notify/<service> with a long-lived
// access token as Bearer and `message`, `title`, `data.url`.
// https://developers.home-assistant.io/docs/api/rest/ (POST /api/services/<domain>/<service>) · https://www.home-assistant.io/integrations/notify/
import * as v from "valibot";
import { bodyOf, defineChannel, httpUrl, joinUrl, template, text } from "../channel.ts";
import { jsonRequest, sendHttp } from "../http.ts";

export const home_assistant = defineChannel({
  label: "Home Assistant",
  docs: "https://developers.home-assistant.io/docs/api/rest/",
  schema: v.object({
    base_url: httpUrl(),
    access_token: text(1000),
    service: v.pipe(text(200), v.regex(/^[a-z0-9_]+$/, "must be a notify service name such as mobile_app_pixel_7")),
    template,
  }),
  secrets: ["access_token"],
  defaultBaseUrl: null,
  async send(message, config, options) {
    const body = await bodyOf(message, config);
    const url = joinUrl(config.base_url, `/api/services/notify/${config.service}`);
    const payload = { title: body.content.title, message: body.text, data: { url: body.content.link, clickAction: body.content.link } };
    return sendHttp(url, jsonRequest(payload, { Authorization: `Bearer ${config.access_token}` }), options);
  },
});
