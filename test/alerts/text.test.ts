import { expect, test } from "bun:test";
import { formatDuration, formatTime } from "../../src/alerts/format.ts";
import { testMessage } from "../../src/alerts/message.ts";
import { messageContent, renderHtml, renderText } from "../../src/alerts/text.ts";
import { BASE_URL, downMessage, groupMessage, upMessage } from "./messages.ts";

test("a down reads without any template", () => {
  expect(renderText(messageContent(downMessage()))).toBe([
    "🔴 DOWN  API — HTTP 503",
    "Target: https://api.example.com/health",
    "Project: Shop",
    "Time: 2026-03-01 14:05:09 CET",
    "2 other monitors are down: Database, CDN",
    `${BASE_URL}/#/monitor/mon_api`,
  ].join("\n"));
});

test("an up says how long it was down", () => {
  const content = messageContent(upMessage({ down_monitors: [] }));
  expect(content.headline).toBe("✅ UP  API after 12 min");
  expect(content.lines).toContain("Down since: 2026-03-01 14:05:09 CET");
  expect(content.lines.join("\n")).not.toContain("other monitor");
});

test("a reminder gives its number and the downtime so far; one other down is singular", () => {
  const message = downMessage({ event: "reminder", count: 2, duration_seconds: 3900, down_monitors: [downMessage().down_monitors[0]!] });
  const { headline, lines } = messageContent(message);
  expect(headline).toBe("🔁 STILL DOWN  API — HTTP 503");
  expect(lines).toContain("Reminder 2, down for 1 h 5 min");
  expect(lines).toContain("1 other monitor is down: Database");
});

test("a summary lists the folded events and links to the dashboard", () => {
  const folded = [
    { event: "down" as const, monitor_id: "a", monitor_name: "A", reason: "HTTP 500", at: "2026-03-01T13:06:00.000Z" },
    { event: "up" as const, monitor_id: "b", monitor_name: "B", reason: null, at: "2026-03-01T13:07:00.000Z" },
  ];
  const content = messageContent(downMessage({ event: "summary", monitor: null, count: 2, folded, down_monitors: [] }));
  expect(content.headline).toBe("📋 SUMMARY  2 more alerts");
  expect(content.lines).toEqual(["Time: 2026-03-01 14:05:09 CET", "DOWN  A — HTTP 500 (2026-03-01 14:06:00 CET)", "UP  B (2026-03-01 14:07:00 CET)"]);
  expect(content.link).toBe(`${BASE_URL}/`);
});

test("HTML escapes what monitors are named", () => {
  const message = downMessage({ monitor: { ...downMessage().monitor!, name: "<script>x</script>" } });
  const html = renderHtml(messageContent(message));
  expect(html).toContain("&lt;script&gt;x&lt;/script&gt;");
  expect(html).not.toContain("<script>");
});

test("long lists of others are cut after ten names", () => {
  const others = Array.from({ length: 13 }, (_, i) => ({ id: `m${i}`, name: `M${i}`, reason: null, started_at: null }));
  const { lines } = messageContent(downMessage({ down_monitors: others }));
  expect(lines).toContain("13 other monitors are down: M0, M1, M2, M3, M4, M5, M6, M7, M8, M9 and 3 more");
});

test("times in the organization's zone, durations in words", () => {
  expect(formatTime("2026-07-01T10:00:00.000Z", "Europe/Berlin")).toBe("2026-07-01 12:00:00 CEST");
  expect(formatTime("2026-07-01T10:00:00.000Z", "UTC")).toBe("2026-07-01 10:00:00 UTC");
  expect([42, 720, 3600, 3900, 183600].map(formatDuration)).toEqual(["42 s", "12 min", "1 h", "1 h 5 min", "2 d 3 h"]);
});

test("the test button's message names itself a test", () => {
  const content = messageContent(testMessage({ id: "t1", at: "2026-03-01T13:05:09.000Z", time_zone: "UTC", base_url: BASE_URL }));
  expect(content.headline).toBe("🧪 TEST  upbeat test — This is a test message from upbeat: the channel works.");
});

test("a group names its first 10 in the headline, lists 50 with their reasons and counts the rest", () => {
  const { headline, lines, link } = messageContent(groupMessage(1000));
  expect(headline).toBe("🔴 GROUP  1000 monitors down: m0000, m0001, m0002, m0003, m0004, m0005, m0006, m0007, m0008, m0009 and 990 more");
  expect(lines.filter((l) => l.endsWith("— down since 14:05 (connection refused)"))).toHaveLength(50);
  expect(lines).toContain("and 950 more");
  expect(link).toBe(`${BASE_URL}/`);
});

test("a group of recoveries is green; a monitor that came back reads 'was down'", () => {
  const message = groupMessage(2);
  message.monitors = message.monitors!.map((m) => ({ ...m, status: "up" as const, up_at: "2026-03-01T13:31:00.000Z" }));
  const { headline, lines } = messageContent(message);
  expect(headline).toBe("✅ GROUP  2 monitors up: m0000, m0001");
  expect(lines).toContain("m0000 — was down 14:05–14:31 (connection refused)");
});
