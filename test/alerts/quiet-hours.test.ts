// Quiet hours end to end: real checks of a real target, a channel that is quiet at night in Berlin, real sends.
import { expect, test } from "bun:test";
import { isQuiet } from "../../src/alerts/quiet-hours.ts";
import { closedAfterEachTest } from "./per-test.ts";

const opened = closedAfterEachTest();

const NIGHT = { start: "22:00", end: "07:00", timezone: "Europe/Berlin" };
/** Berlin wall-clock time in winter (UTC+1) on a date, as a Unix ms instant. */
const berlin = (date: string, hhmm: string) => Date.parse(`${date}T${hhmm}:00+01:00`);

async function setUp(quietHours: Record<string, unknown>) {
  const h = await opened.harness();
  const receiver = opened.receiver();
  const channel = h.createChannel({ name: "chat", kind: "mattermost", config: { url: `${receiver.url}/hooks/ops` }, quiet_hours: quietHours });
  const monitorOn = (name: string, more: Record<string, unknown> = {}) => {
    const target = opened.target();
    return { target, monitor: h.createMonitor({ name, kind: "http", url: target.url, interval_seconds: 60, channel_ids: [channel.id], ...more }) };
  };
  /** Moves the clock to `at`, checks what is due and sends what is due. */
  const at = async (instant: number) => {
    h.advance(instant - h.clock());
    await h.scheduler.checkDue();
    for (let i = 0; i < 3; i++) await h.sender.sendDue();
  };
  const texts = () => receiver.requests.map((r) => JSON.parse(r.body).text as string);
  return { h, channel, monitorOn, at, texts, receiver };
}

test("held through the night, then one digest at 07:00: a recovered monitor once as 'was down', one still down as 'down since'", async () => {
  const { h, channel, monitorOn, at, texts, receiver } = await setUp(NIGHT);
  const web = monitorOn("web");
  const db = monitorOn("db");
  await at(berlin("2026-03-02", "01:50")); // Monday night: both up, silent
  web.target.stop();
  await at(berlin("2026-03-02", "02:14"));
  web.target.start();
  await at(berlin("2026-03-02", "02:31"));
  db.target.stop();
  await at(berlin("2026-03-02", "03:05"));
  await at(berlin("2026-03-02", "06:59"));
  expect(receiver.requests).toHaveLength(0);
  expect(h.store.deliveries.listForMonitor(web.monitor.id, 10).map((d) => [d.event, d.state, d.reason])).toEqual([
    ["up", "suppressed", "quiet_hours"], ["down", "suppressed", "quiet_hours"],
  ]);

  await at(berlin("2026-03-02", "07:00"));
  expect(texts()).toHaveLength(1);
  const lines = texts()[0]!.split("\n");
  expect(lines[0]).toBe("**🌙 DIGEST  1 monitor down, 1 up: web, db**");
  expect(lines).toContain("held during quiet hours (22:00–07:00 Europe/Berlin)");
  expect(lines).toContain("web — was down 02:14–02:31 (connection refused)");
  expect(lines).toContain("db — down since 03:05 (connection refused)");
  const digest = h.store.deliveries.listForChannel(channel.id, 1)[0]!;
  expect(digest).toMatchObject({ event: "digest", state: "sent" });
  expect(h.store.deliveries.listForMonitor(web.monitor.id, 10).map((d) => d.carriedBy)).toEqual([digest.id, digest.id]);

  await at(berlin("2026-03-02", "07:10"));
  expect(texts()).toHaveLength(1); // the digest is made once
});

test("a critical monitor goes through at once in quiet hours; the others wait", async () => {
  const { monitorOn, at, texts } = await setUp(NIGHT);
  const router = monitorOn("router", { is_critical: true });
  const wiki = monitorOn("wiki");
  await at(berlin("2026-03-02", "01:50"));
  router.target.stop();
  wiki.target.stop();
  await at(berlin("2026-03-02", "02:14"));
  expect(texts().map((t) => t.split("\n")[0])).toEqual(["**🔴 DOWN  router — connection refused**"]);
  await at(berlin("2026-03-02", "07:00"));
  expect(texts().map((t) => t.split("\n")[0])).toEqual(["**🔴 DOWN  router — connection refused**", "**🌙 DIGEST  1 monitor down: wiki**"]);
});

test("days name the nights that start on them: with only Saturday, Sunday 02:00 is quiet and Monday 02:00 is not", async () => {
  const { monitorOn, at, texts } = await setUp({ ...NIGHT, days: ["sat"] });
  const web = monitorOn("web");
  await at(berlin("2026-03-08", "01:50")); // Sunday morning, the end of Saturday's night
  web.target.stop();
  await at(berlin("2026-03-08", "02:14"));
  expect(texts()).toHaveLength(0);
  web.target.start();
  await at(berlin("2026-03-08", "06:30"));
  await at(berlin("2026-03-08", "07:00"));
  expect(texts()).toHaveLength(1);
  expect(texts()[0]).toContain("web — was down 02:14–06:30");

  web.target.stop();
  await at(berlin("2026-03-09", "02:14")); // Monday morning: Sunday's night is not quiet
  expect(texts().map((t) => t.split("\n")[0])).toContain("**🔴 DOWN  web — connection refused**");
});

test("the span is read on the wall clock of its zone, across the spring DST change and midnight", () => {
  // 29 March 2026: Berlin goes from UTC+1 to UTC+2 at 02:00
  expect(isQuiet(NIGHT, Date.parse("2026-03-28T20:59:00Z"))).toBe(false); // 21:59 CET
  expect(isQuiet(NIGHT, Date.parse("2026-03-28T21:00:00Z"))).toBe(true); // 22:00 CET
  expect(isQuiet(NIGHT, Date.parse("2026-03-29T04:59:00Z"))).toBe(true); // 06:59 CEST
  expect(isQuiet(NIGHT, Date.parse("2026-03-29T05:00:00Z"))).toBe(false); // 07:00 CEST (06:00 in winter time)
  const lunch = { start: "12:00", end: "13:00", timezone: "America/New_York", days: ["mon"] };
  expect(isQuiet(lunch, Date.parse("2026-03-02T17:30:00Z"))).toBe(true); // Monday 12:30 EST
  expect(isQuiet(lunch, Date.parse("2026-03-03T17:30:00Z"))).toBe(false); // Tuesday
});
