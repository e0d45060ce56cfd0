import { afterEach, expect, test } from "bun:test";
import { sendAlert, parseChannelConfig } from "../../src/alerts/registry.ts";
import { renderTemplate, validateTemplate } from "../../src/alerts/template.ts";
import { BASE_URL, downMessage, groupMessage, upMessage } from "./messages.ts";
import { webhookBody } from "../../src/alerts/channels/webhook.ts";
import { startReceiver, type Receiver } from "./receiver.ts";

let receiver: Receiver;
afterEach(() => receiver?.stop());

test("a template gets monitor, event, links and down_monitors", async () => {
  const template = [
    "{{ event.type | upcase }} {{ monitor.name }} ({{ monitor.kind }}, {{ monitor.project }}, {{ monitor.tags | join: ',' }}) {{ monitor.url }}",
    "{{ event.previous_status }}→{{ event.status }}: {{ event.reason }} at {{ event.time }}",
    "{{ links.monitor }}",
    "{% for m in down_monitors %}{{ m.name }}={{ m.link }};{% endfor %}",
  ].join("\n");
  expect(await renderTemplate(template, downMessage())).toBe([
    "DOWN API (http, Shop, prod) https://api.example.com/health",
    "up→down: HTTP 503 at 2026-03-01 14:05:09 CET",
    "https://upbeat.example.org/#/monitor/mon_api",
    "Database=https://upbeat.example.org/#/monitor/mon_db;CDN=https://upbeat.example.org/#/monitor/mon_cdn;",
  ].join("\n"));
});

test("an up's template reads the duration; a reminder's its count", async () => {
  expect(await renderTemplate("back after {{ event.duration }} ({{ event.duration_seconds }} s)", upMessage())).toBe("back after 12 min (720 s)");
  expect(await renderTemplate("reminder #{{ event.count }}", downMessage({ event: "reminder", count: 3 }))).toBe("reminder #3");
});

test("a channel's template is what the service receives", async () => {
  receiver = startReceiver();
  await sendAlert("slack", downMessage(), { url: `${receiver.url}/hook`, template: "{{ monitor.name }} is {{ event.type }}" }, { timeoutMs: 5000 });
  expect(JSON.parse(receiver.only().body)).toEqual({ text: "API is down" });
});

test("a bad template is refused with its line and column", () => {
  expect(validateTemplate("Hello\n  {{ monitor.name | no_such_filter }}")).toEqual({ message: "undefined filter: no_such_filter", line: 2, column: 3 });
  expect(validateTemplate("{% if event.type == 'down' %}\nopen")).toMatchObject({ line: 1, column: 1 });
  expect(validateTemplate("{{ monitor.name }}")).toBeNull();
});

test("include, render and layout of a file are refused at save time", () => {
  for (const tag of ["include", "render", "layout"]) {
    const problem = validateTemplate(`x\n{% ${tag} '/etc/passwd' %}`);
    expect(problem).toEqual({ message: `the ${tag} tag is not allowed: templates cannot read files`, line: 2, column: 1 });
  }
});

test("a channel config with a bad template is refused, naming the field, line and column", () => {
  const check = parseChannelConfig("discord", { url: "https://discord.com/api/webhooks/1/a", template: "ok\n{% endif %}" });
  expect(check.ok).toBe(false);
  if (!check.ok) expect(check.problems).toEqual([{ field: "config.template", message: expect.stringMatching(/^line 2, column 1: /) }]);
});

test("the template cannot reach beyond its variables", async () => {
  const probe = "{{ monitor.constructor }}|{{ monitor.__proto__ }}|{{ process.env.HOME }}";
  expect(await renderTemplate(probe, downMessage())).toBe("||");
});

test("a group's template gets every monitor, with its link and times; the webhook body lists every id", async () => {
  const message = groupMessage(1000);
  const text = await renderTemplate("{{ monitors | size }}: {% for m in monitors limit: 2 %}{{ m.name }} {{ m.status }} {{ m.down_time }} {{ m.link }};{% endfor %}", message);
  expect(text).toBe(`1000: m0000 down 2026-03-01 14:05:09 CET ${BASE_URL}/#/monitor/mon_0;m0001 down 2026-03-01 14:05:09 CET ${BASE_URL}/#/monitor/mon_1;`);
  expect(webhookBody(message).monitors!.map((m) => m.id)).toEqual(message.monitors!.map((m) => m.id));
});
