// Opsgenie Alert API: create an alert (alias = the monitor incident) on problems, close it by alias on
// up; `Authorization: GenieKey <key>`. https://docs.opsgenie.com/docs/alert-api
// · https://docs.opsgenie.com/docs/alert-api#close-alert (EU accounts: base_url https://api.eu.opsgenie.com)
import * as v from "valibot";
import { baseUrl, bodyOf, defineChannel, joinUrl, template, text } from "../channel.ts";
import { jsonRequest, sendHttp } from "../http.ts";
import { incidentKey, isResolution, type AlertEvent } from "../message.ts";

const PRIORITIES = ["P1", "P2", "P3", "P4", "P5"] as const;
const PRIORITY_OF: Partial<Record<AlertEvent, (typeof PRIORITIES)[number]>> = { ssl_expiry: "P3", flapping: "P3", test: "P5" };

export const opsgenie = defineChannel({
  label: "Opsgenie",
  docs: "https://docs.opsgenie.com/docs/alert-api",
  schema: v.object({
    api_key: text(100),
    priority: v.optional(v.picklist(PRIORITIES, `must be one of ${PRIORITIES.join(", ")}`), "P1"),
    base_url: baseUrl("https://api.opsgenie.com"),
    template,
  }),
  secrets: ["api_key"],
  defaultBaseUrl: "https://api.opsgenie.com",
  async send(message, config, options) {
    const auth = { Authorization: `GenieKey ${config.api_key}` };
    const alias = incidentKey(message);
    const body = await bodyOf(message, config);
    if (isResolution(message.event)) {
      const url = `${joinUrl(config.base_url, `/v2/alerts/${encodeURIComponent(alias)}/close`)}?identifierType=alias`;
      return sendHttp(url, jsonRequest({ source: "upbeat", note: body.content.headline }, auth), options);
    }
    const alert = {
      message: body.content.headline.slice(0, 130),
      alias,
      description: body.text.slice(0, 15000),
      priority: PRIORITY_OF[message.event] ?? config.priority,
      source: "upbeat",
      entity: message.monitor?.name,
      tags: message.monitor?.tags ?? [],
      details: { event: message.event, link: body.content.link },
    };
    return sendHttp(joinUrl(config.base_url, "/v2/alerts"), jsonRequest(alert, auth), options);
  },
});
