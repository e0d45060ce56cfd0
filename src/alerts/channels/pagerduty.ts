// PagerDuty Events API v2: `trigger` on problems and `resolve` on up, with one `dedup_key` per monitor
// incident so the up closes what the down opened. https://developer.pagerduty.com/docs/send-alert-event
// · https://developer.pagerduty.com/api-reference/368ae3d938c9e-send-an-event-to-pager-duty
import * as v from "valibot";
import { baseUrl, bodyOf, defineChannel, joinUrl, template, text } from "../channel.ts";
import { jsonRequest, sendHttp } from "../http.ts";
import { incidentKey, isResolution, type AlertEvent } from "../message.ts";

const SEVERITIES = ["critical", "error", "warning", "info"] as const;
const SEVERITY_OF: Partial<Record<AlertEvent, (typeof SEVERITIES)[number]>> = { ssl_expiry: "warning", flapping: "warning", test: "info" };

export const pagerduty = defineChannel({
  label: "PagerDuty",
  docs: "https://developer.pagerduty.com/docs/send-alert-event",
  schema: v.object({
    routing_key: v.pipe(text(32), v.regex(/^\w{32}$/, "must be the 32-character integration key of an Events API v2 integration")),
    severity: v.optional(v.picklist(SEVERITIES, `must be one of ${SEVERITIES.join(", ")}`), "critical"),
    base_url: baseUrl("https://events.pagerduty.com"),
    template,
  }),
  secrets: ["routing_key"],
  defaultBaseUrl: "https://events.pagerduty.com",
  async send(message, config, options) {
    const url = joinUrl(config.base_url, "/v2/enqueue");
    const dedup_key = incidentKey(message);
    if (isResolution(message.event)) {
      return sendHttp(url, jsonRequest({ routing_key: config.routing_key, event_action: "resolve", dedup_key }), options);
    }
    const body = await bodyOf(message, config);
    const event = {
      routing_key: config.routing_key,
      event_action: "trigger",
      dedup_key,
      payload: {
        summary: (body.custom ? body.text : body.content.headline).slice(0, 1024),
        source: message.monitor?.url ?? message.monitor?.name ?? "upbeat",
        severity: SEVERITY_OF[message.event] ?? config.severity,
        timestamp: message.at,
        component: message.monitor?.name,
        group: message.monitor?.project ?? undefined,
        class: message.event,
        custom_details: { text: body.text, down_monitors: message.down_monitors.map((m) => m.name) },
      },
      client: "upbeat",
      client_url: body.content.link,
      links: [{ href: body.content.link, text: "Open in upbeat" }],
    };
    return sendHttp(url, jsonRequest(event), options);
  },
});
