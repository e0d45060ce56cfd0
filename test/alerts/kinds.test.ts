// Each channel kind against a local receiver standing in for its service: the request as the service
// documents it, a 2xx is ok, a 500 is retried with the provider's words, 401/403/404 are permanent.
import { afterEach, describe, expect, test } from "bun:test";
import { sendAlert, type ChannelKindName } from "../../src/alerts/registry.ts";
import { BASE_URL, downMessage, groupMessage } from "./messages.ts";
import { startReceiver, type ReceivedRequest, type Receiver } from "./receiver.ts";

const LINK = `${BASE_URL}/#/monitor/mon_api`;
const HEADLINE = "🔴 DOWN  API — HTTP 503";

interface KindCase {
  kind: ChannelKindName;
  /** the config, pointed at the receiver */
  config: (receiverUrl: string) => Record<string, unknown>;
  /** what the real service answers when it accepts the message */
  accepted: { status: number; body: string };
  /** what it answers on a server error, and the text we should pass on from it */
  serverError: { body: string; said: string };
  expectRequest: (request: ReceivedRequest) => void;
}

const json = (request: ReceivedRequest) => JSON.parse(request.body);

const CASES: KindCase[] = [
  {
    kind: "webhook",
    config: (url) => ({ url: `${url}/hooks/upbeat` }),
    accepted: { status: 200, body: "" },
    serverError: { body: "upstream crashed", said: "upstream crashed" },
    expectRequest(request) {
      expect(request.method).toBe("POST");
      expect(request.path).toBe("/hooks/upbeat");
      expect(request.headers.get("content-type")).toBe("application/json");
      expect(json(request)).toEqual({
        event: "down",
        monitor: { id: "mon_api", name: "API", kind: "http", url: "https://api.example.com/health", status: "down", project: "Shop" },
        reason: "HTTP 503",
        started_at: "2026-03-01T13:05:09.000Z",
        down_monitors: downMessage().down_monitors,
        link: LINK,
      });
    },
  },
  {
    kind: "slack",
    config: (url) => ({ url: `${url}/services/T000/B000/XXXX` }),
    accepted: { status: 200, body: "ok" },
    serverError: { body: "internal_error", said: "internal_error" },
    expectRequest(request) {
      expect(request.method).toBe("POST");
      expect(request.path).toBe("/services/T000/B000/XXXX");
      expect(request.headers.get("content-type")).toBe("application/json");
      const body = json(request);
      expect(body.text).toBe(HEADLINE);
      expect(body.blocks[0]).toEqual({ type: "section", text: { type: "mrkdwn", text: `*${HEADLINE}*` } });
      expect(body.blocks[1].text.type).toBe("mrkdwn");
      expect(body.blocks[1].text.text).toContain("2 other monitors are down: Database, CDN");
      expect(body.blocks[1].text.text).toContain(`<${LINK}|Open in upbeat>`);
    },
  },
  {
    kind: "discord",
    config: (url) => ({ url: `${url}/api/webhooks/123/abc` }),
    accepted: { status: 204, body: "" },
    serverError: { body: '{"message": "Internal Server Error", "code": 0}', said: "Internal Server Error" },
    expectRequest(request) {
      expect(request.method).toBe("POST");
      expect(request.path).toBe("/api/webhooks/123/abc");
      const body = json(request);
      expect(body.content).toBe(HEADLINE);
      expect(body.embeds).toHaveLength(1);
      expect(body.embeds[0]).toMatchObject({ title: HEADLINE, url: LINK, color: 0xd93025, timestamp: "2026-03-01T13:05:09.000Z" });
      expect(body.embeds[0].description).toContain("Target: https://api.example.com/health");
    },
  },
  {
    kind: "telegram",
    config: (url) => ({ bot_token: "123456:ABC-def_ghi", chat_id: "-1001234", base_url: url }),
    accepted: { status: 200, body: '{"ok": true, "result": {"message_id": 7}}' },
    serverError: { body: '{"ok": false, "error_code": 500, "description": "Internal Server Error: restart"}', said: "Internal Server Error: restart" },
    expectRequest(request) {
      expect(request.method).toBe("POST");
      expect(request.path).toBe("/bot123456:ABC-def_ghi/sendMessage");
      const body = json(request);
      expect(body.chat_id).toBe("-1001234");
      expect(body.parse_mode).toBe("HTML");
      expect(body.text.startsWith(`<b>${HEADLINE}</b>\n`)).toBe(true);
      expect(body.text).toContain(`<a href="${LINK}">Open in upbeat</a>`);
    },
  },
  {
    kind: "ntfy",
    config: (url) => ({ base_url: url, topic: "upbeat-alerts", token: "tk_abcdefghijklmnop" }),
    accepted: { status: 200, body: '{"id": "x1", "event": "message"}' },
    serverError: { body: '{"code": 50001, "http": 500, "error": "internal server error"}', said: "internal server error" },
    expectRequest(request) {
      expect(request.method).toBe("POST");
      expect(request.path).toBe("/upbeat-alerts");
      expect(request.headers.get("title")).toBe("DOWN  API");
      expect(request.headers.get("priority")).toBe("4");
      expect(request.headers.get("tags")).toBe("rotating_light");
      expect(request.headers.get("click")).toBe(LINK);
      expect(request.headers.get("authorization")).toBe("Bearer tk_abcdefghijklmnop");
      expect(request.body.split("\n")[0]).toBe(HEADLINE);
    },
  },
  {
    kind: "gotify",
    config: (url) => ({ base_url: url, token: "AbCdEf.123" }),
    accepted: { status: 200, body: '{"id": 25, "appid": 5}' },
    serverError: { body: '{"error": "Internal Server Error", "errorCode": 500, "errorDescription": "database is locked"}', said: "database is locked" },
    expectRequest(request) {
      expect(request.method).toBe("POST");
      expect(request.path).toBe("/message?token=AbCdEf.123");
      const body = json(request);
      expect(body).toMatchObject({ title: "DOWN  API", priority: 8 });
      expect(body.message.split("\n")[0]).toBe(HEADLINE);
      expect(body.extras["client::notification"].click.url).toBe(LINK);
    },
  },
  {
    kind: "pushover",
    config: (url) => ({ base_url: url, token: "a".repeat(30), user: "u".repeat(30) }),
    accepted: { status: 200, body: '{"status": 1, "request": "647d2300-702c-4b38-8b2f-d56326ae460b"}' },
    serverError: { body: '{"status": 0, "errors": ["service temporarily unavailable"]}', said: "service temporarily unavailable" },
    expectRequest(request) {
      expect(request.method).toBe("POST");
      expect(request.path).toBe("/1/messages.json");
      expect(request.headers.get("content-type")).toStartWith("application/x-www-form-urlencoded");
      const form = new URLSearchParams(request.body);
      expect(form.get("token")).toBe("a".repeat(30));
      expect(form.get("user")).toBe("u".repeat(30));
      expect(form.get("title")).toBe("DOWN  API");
      expect(form.get("priority")).toBe("1");
      expect(form.get("url")).toBe(LINK);
      expect(form.get("message")!.split("\n")[0]).toBe(HEADLINE);
    },
  },
  {
    kind: "teams",
    config: (url) => ({ url: `${url}/workflows/abc/triggers/manual/paths/invoke?sig=xyz` }),
    accepted: { status: 202, body: "" },
    serverError: { body: '{"error": {"code": "InternalServerError", "message": "flow failed"}}', said: "flow failed" },
    expectRequest(request) {
      expect(request.method).toBe("POST");
      expect(request.path).toBe("/workflows/abc/triggers/manual/paths/invoke?sig=xyz");
      const body = json(request);
      expect(body.type).toBe("message");
      expect(body.attachments[0].contentType).toBe("application/vnd.microsoft.card.adaptive");
      const card = body.attachments[0].content;
      expect(card).toMatchObject({ type: "AdaptiveCard", version: "1.4" });
      expect(card.body[0]).toMatchObject({ type: "TextBlock", text: HEADLINE, wrap: true });
      expect(card.actions[0]).toEqual({ type: "Action.OpenUrl", title: "Open in upbeat", url: LINK });
    },
  },
  {
    kind: "google_chat",
    config: (url) => ({ url: `${url}/v1/spaces/AAAA/messages?key=k1&token=t1` }),
    accepted: { status: 200, body: '{"name": "spaces/AAAA/messages/1"}' },
    serverError: { body: '{"error": {"code": 500, "message": "Internal error encountered.", "status": "INTERNAL"}}', said: "Internal error encountered." },
    expectRequest(request) {
      expect(request.method).toBe("POST");
      expect(request.path).toBe("/v1/spaces/AAAA/messages?key=k1&token=t1");
      expect(request.headers.get("content-type")).toBe("application/json; charset=UTF-8");
      const { text } = json(request);
      expect(text.split("\n")[0]).toBe(`*${HEADLINE}*`);
      expect(text).toContain(`<${LINK}|Open in upbeat>`);
    },
  },
  {
    kind: "matrix",
    config: (url) => ({ base_url: url, room_id: "!room42:example.org", access_token: "syt_abcdefghijkl" }),
    accepted: { status: 200, body: '{"event_id": "$YUwRidLecu:example.org"}' },
    serverError: { body: '{"errcode": "M_UNKNOWN", "error": "Internal server error"}', said: "Internal server error" },
    expectRequest(request) {
      expect(request.method).toBe("PUT");
      expect(request.path).toBe("/_matrix/client/v3/rooms/!room42%3Aexample.org/send/m.room.message/dlv_01");
      expect(request.headers.get("authorization")).toBe("Bearer syt_abcdefghijkl");
      const body = json(request);
      expect(body.msgtype).toBe("m.text");
      expect(body.body.split("\n")[0]).toBe(HEADLINE);
      expect(body.format).toBe("org.matrix.custom.html");
      expect(body.formatted_body).toContain(`<strong>${HEADLINE}</strong>`);
    },
  },
  {
    kind: "mattermost",
    config: (url) => ({ url: `${url}/hooks/xoxo123`, channel: "ops" }),
    accepted: { status: 200, body: "ok" },
    serverError: { body: '{"id": "api.webhook.incoming.error", "message": "Unable to post", "status_code": 500}', said: "Unable to post" },
    expectRequest(request) {
      expect(request.method).toBe("POST");
      expect(request.path).toBe("/hooks/xoxo123");
      const body = json(request);
      expect(body.channel).toBe("ops");
      expect(body.text.split("\n")[0]).toBe(`**${HEADLINE}**`);
      expect(body.text).toContain(`[Open in upbeat](${LINK})`);
    },
  },
  {
    kind: "pagerduty",
    config: (url) => ({ base_url: url, routing_key: "R".repeat(32) }),
    accepted: { status: 202, body: '{"status": "success", "message": "Event processed", "dedup_key": "k"}' },
    serverError: { body: '{"status": "error", "message": "Internal Server Error"}', said: "Internal Server Error" },
    expectRequest(request) {
      expect(request.method).toBe("POST");
      expect(request.path).toBe("/v2/enqueue");
      const body = json(request);
      expect(body).toMatchObject({ routing_key: "R".repeat(32), event_action: "trigger", dedup_key: "upbeat-mon_api-2026-03-01T13:05:09.000Z" });
      expect(body.payload).toMatchObject({ summary: HEADLINE, source: "https://api.example.com/health", severity: "critical" });
      expect(body.links[0].href).toBe(LINK);
    },
  },
  {
    kind: "opsgenie",
    config: (url) => ({ base_url: url, api_key: "eb243592-faa2-4ba2-a551q-1afdf565c889" }),
    accepted: { status: 202, body: '{"result": "Request will be processed", "took": 0.302, "requestId": "43a29c5c"}' },
    serverError: { body: '{"message": "Internal Server Error", "took": 0.0, "requestId": "x"}', said: "Internal Server Error" },
    expectRequest(request) {
      expect(request.method).toBe("POST");
      expect(request.path).toBe("/v2/alerts");
      expect(request.headers.get("authorization")).toBe("GenieKey eb243592-faa2-4ba2-a551q-1afdf565c889");
      const body = json(request);
      expect(body).toMatchObject({ message: HEADLINE, alias: "upbeat-mon_api-2026-03-01T13:05:09.000Z", priority: "P1", source: "upbeat", tags: ["prod"] });
      expect(body.description.split("\n")[0]).toBe(HEADLINE);
    },
  },
  {
    kind: "home_assistant",
    config: (url) => ({ base_url: url, access_token: "eyJhbGciOiJIUzI1NiJ9.long-lived", service: "mobile_app_pixel_7" }),
    accepted: { status: 200, body: "[]" },
    serverError: { body: "500: Internal Server Error", said: "500: Internal Server Error" },
    expectRequest(request) {
      expect(request.method).toBe("POST");
      expect(request.path).toBe("/api/services/notify/mobile_app_pixel_7");
      expect(request.headers.get("authorization")).toBe("Bearer eyJhbGciOiJIUzI1NiJ9.long-lived");
      const body = json(request);
      expect(body.title).toBe("DOWN  API");
      expect(body.message.split("\n")[0]).toBe(HEADLINE);
      expect(body.data.url).toBe(LINK);
    },
  },
  {
    kind: "apprise",
    config: (url) => ({ base_url: url, key: "upbeat-team" }),
    accepted: { status: 200, body: "Notification(s) sent." },
    serverError: { body: '{"error": "One or more notification could not be sent."}', said: "One or more notification could not be sent." },
    expectRequest(request) {
      expect(request.method).toBe("POST");
      expect(request.path).toBe("/notify/upbeat-team");
      const body = json(request);
      expect(body).toMatchObject({ title: "DOWN  API", type: "failure", format: "text" });
      expect(body.body.split("\n")[0]).toBe(HEADLINE);
    },
  },
];

const OPTIONS = { timeoutMs: 5000 };

let receiver: Receiver;
afterEach(() => receiver?.stop());

for (const kind of CASES) {
  describe(kind.kind, () => {
    test("sends the request its service documents, and its 2xx is ok", async () => {
      receiver = startReceiver();
      receiver.answer(kind.accepted.status, kind.accepted.body);
      const outcome = await sendAlert(kind.kind, downMessage(), kind.config(receiver.url), OPTIONS);
      kind.expectRequest(receiver.only());
      expect(outcome).toEqual({ ok: true, result: `HTTP ${kind.accepted.status}`, permanent: false });
    });

    test("a 500 is worth retrying and carries the provider's error text", async () => {
      receiver = startReceiver();
      receiver.answer(500, kind.serverError.body);
      const outcome = await sendAlert(kind.kind, downMessage(), kind.config(receiver.url), OPTIONS);
      expect(outcome).toEqual({ ok: false, result: "HTTP 500", error: kind.serverError.said, permanent: false });
    });

    test("a group message goes out too, naming its monitors", async () => {
      receiver = startReceiver();
      receiver.answer(kind.accepted.status, kind.accepted.body);
      const outcome = await sendAlert(kind.kind, groupMessage(3), kind.config(receiver.url), OPTIONS);
      expect(outcome.ok).toBe(true);
      // pushover posts a form
      const body = kind.kind === "pushover" ? new URLSearchParams(receiver.only().body).get("message")! : receiver.only().body;
      if (kind.kind === "webhook") expect(json(receiver.only()).monitors.map((m: { id: string }) => m.id)).toEqual(["mon_0", "mon_1", "mon_2"]);
      else expect(body).toContain("3 monitors down: m0000, m0001, m0002");
    });

    test.each([401, 403, 404])("a %d cannot heal: permanent", async (status) => {
      receiver = startReceiver();
      receiver.answer(status, "invalid_token");
      const outcome = await sendAlert(kind.kind, downMessage(), kind.config(receiver.url), OPTIONS);
      expect(outcome).toEqual({ ok: false, result: `HTTP ${status}`, error: "invalid_token", permanent: true });
    });
  });
}

test("every kind in the registry is covered here, email in email.test.ts", async () => {
  const { CHANNEL_KINDS } = await import("../../src/alerts/registry.ts");
  expect([...CASES.map((c) => c.kind), "email"].sort()).toEqual([...CHANNEL_KINDS].sort());
});
