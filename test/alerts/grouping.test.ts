// Grouping end to end: flips of many monitors within the organization's group window go out as one message per
// channel, through real sends to local receivers; the rows it carries stay in the log as `grouped`.
import { expect, test } from "bun:test";
import { bodiesOf } from "./harness.ts";
import { closedAfterEachTest } from "./per-test.ts";

const opened = closedAfterEachTest();

const SECOND = 1000;
const name = (i: number) => `svc${String(i).padStart(2, "0")}`;

/** A webhook (JSON) and a Mattermost hook (text) channel; `count` monitors on both. */
async function setUp(count: number, groupSeconds = 10) {
  // a rate limit no burst here reaches: each message stands on its own
  const h = await opened.harness({ groupSeconds, rateLimit: 1000 });
  const [hook, chat] = [opened.receiver(), opened.receiver()];
  const channels = [h.webhook("hook", hook.url), h.createChannel({ name: "chat", kind: "mattermost", config: { url: `${chat.url}/hooks/ops` } })];
  const monitors = Array.from({ length: count }, (_, i) =>
    h.createMonitor({ name: name(i), kind: "http", url: `http://127.0.0.1:9/${i}`, channel_ids: channels.map((c) => c.id) }));
  /** Every monitor flips, one after another, `spreadMs` apart in all. */
  const flipAll = (from: string, to: string, spreadMs: number) => {
    for (const monitor of monitors) {
      h.statusChanges.change({ monitorId: monitor.id, from, to, reason: to === "down" ? "connection refused" : null, at: h.clock() } as never);
      h.advance(Math.floor(spreadMs / count));
    }
  };
  const sendRounds = async (rounds = 3) => {
    for (let i = 0; i < rounds; i++) await h.sender.sendDue();
  };
  const chatTexts = () => chat.requests.map((r) => JSON.parse(r.body).text as string);
  return { h, hook, chat, channels, monitors, flipAll, sendRounds, chatTexts };
}

test("50 monitors down within 3 s: one grouped message per channel once the window closes, and one for their recoveries", async () => {
  const { h, hook, chat, channels, monitors, flipAll, sendRounds, chatTexts } = await setUp(50);
  flipAll("pending", "down", 3 * SECOND);
  await sendRounds();
  expect(hook.requests).toHaveLength(0); // the window (10 s from the first flip) is still open

  h.advance(7 * SECOND);
  await sendRounds();
  const [down] = bodiesOf(hook.requests);
  expect(hook.requests).toHaveLength(1);
  expect(down).toMatchObject({ event: "group", monitor: null, count: 50 });
  expect(down!.monitors.map((m: { id: string }) => m.id)).toEqual(monitors.map((m) => m.id));
  expect(down!.monitors[0]).toMatchObject({ name: "svc00", status: "down", reason: "connection refused", up_at: null });
  expect(down!.monitors.every((m: { ack_url: string }) => m.ack_url.includes("/ack/"))).toBe(true); // each incident's own ack link
  expect(chatTexts()).toHaveLength(1);
  const text = chatTexts()[0]!;
  expect(text.split("\n")[0]).toBe("**🔴 GROUP  50 monitors down: svc00, svc01, svc02, svc03, svc04, svc05, svc06, svc07, svc08, svc09 and 40 more**");
  expect(text).toContain("svc49 — down since 10:00 (connection refused)");

  // the log: every flip's row says where it went
  const groupIds = new Set(channels.map((c) => h.store.deliveries.listForChannel(c.id, 1)[0]!).map((d) => d.id));
  for (const monitor of monitors) {
    const log = h.store.deliveries.listForMonitor(monitor.id, 10);
    expect(log.map((d) => [d.event, d.state, d.reason])).toEqual([["down", "suppressed", "grouped"], ["down", "suppressed", "grouped"]]);
    expect(log.every((d) => groupIds.has(d.carriedBy!))).toBe(true);
  }

  h.advance(60 * SECOND);
  flipAll("down", "up", 2 * SECOND);
  h.advance(10 * SECOND);
  await sendRounds();
  expect(hook.requests).toHaveLength(2);
  const up = bodiesOf(hook.requests)[1]!;
  expect(up).toMatchObject({ event: "group", count: 50 });
  expect(up.monitors.every((m: { status: string; up_at: string | null; ack_url: null }) => m.status === "up" && m.up_at !== null && m.ack_url === null)).toBe(true);
  expect(chatTexts()[1]!.split("\n")[0]).toStartWith("**✅ GROUP  50 monitors up: svc00");
  expect(chat.requests).toHaveLength(2);
});

test("grouping off (alert_group_seconds 0): 50 monitors down give 50 messages per channel, at once", async () => {
  const { hook, chat, flipAll, sendRounds } = await setUp(50, 0);
  flipAll("pending", "down", 3 * SECOND);
  await sendRounds(50);
  expect(bodiesOf(hook.requests).map((b) => b.event)).toEqual(Array(50).fill("down"));
  expect(chat.requests).toHaveLength(50);
});

test("a single flip in the window goes out as its usual message, after the window", async () => {
  const { h, hook, monitors } = await setUp(2);
  h.statusChanges.change({ monitorId: monitors[0]!.id, from: "pending", to: "down", reason: "connection refused", at: h.clock() });
  h.advance(9 * SECOND);
  await h.sender.sendDue();
  expect(hook.requests).toHaveLength(0);
  h.advance(SECOND);
  await h.sender.sendDue();
  expect(bodiesOf(hook.requests)).toEqual([expect.objectContaining({ event: "down", monitor: expect.objectContaining({ name: "svc00" }) })]);
  expect(h.store.deliveries.listForMonitor(monitors[0]!.id, 10).map((d) => d.state)).toContain("sent");
});

test("a flip after the window closed waits for a window of its own", async () => {
  const { h, hook, monitors } = await setUp(3);
  const down = (i: number) => h.statusChanges.change({ monitorId: monitors[i]!.id, from: "pending", to: "down", reason: "refused", at: h.clock() });
  down(0);
  h.advance(4 * SECOND);
  down(1);
  h.advance(7 * SECOND); // 11 s: the first window (0–10 s) closed
  down(2);
  await h.sender.sendDue();
  expect(bodiesOf(hook.requests).map((b) => [b.event, b.count])).toEqual([["group", 2]]);
  h.advance(10 * SECOND);
  await h.sender.sendDue();
  expect(bodiesOf(hook.requests).map((b) => b.event)).toEqual(["group", "down"]);
});

test("a router and its services down with two others: the group lists the router with its unreachable services, never the services", async () => {
  const h = await opened.harness({ groupSeconds: 10 });
  const chat = opened.receiver();
  const channel = h.createChannel({ name: "chat", kind: "mattermost", config: { url: `${chat.url}/hooks/ops` } });
  const target = opened.target();
  const monitorOn = (monitorName: string, more: Record<string, unknown> = {}) =>
    h.createMonitor({ name: monitorName, kind: "http", url: `${target.url}${monitorName}`, interval_seconds: 60, channel_ids: [channel.id], ...more });
  const router = monitorOn("router");
  const services = ["nas", "git", "wiki"].map((service) => monitorOn(service, { depends_on: [router.id] }));
  const others = ["mail", "dns"].map((other) => monitorOn(other));
  await h.scheduler.checkDue(); // all up: silent
  target.stop();
  h.advance(60 * SECOND);
  await h.scheduler.checkDue(); // all six down in one round
  h.advance(10 * SECOND);
  for (let i = 0; i < 3; i++) await h.sender.sendDue();

  expect(chat.requests).toHaveLength(1);
  const lines = (JSON.parse(chat.only().body).text as string).split("\n");
  expect(lines[0]).toMatch(/^\*\*🔴 GROUP {2}3 monitors down: /);
  expect(lines.find((l) => l.startsWith("router — "))).toContain("3 monitors unreachable: git, nas, wiki");
  for (const service of ["nas", "git", "wiki"]) expect(lines.some((l) => l.startsWith(`${service} — `))).toBe(false);
  for (const service of services) {
    expect(h.store.deliveries.listForMonitor(service.id, 10).map((d) => d.reason)).toEqual(["dependency"]);
  }
  expect(others.every((o) => h.store.deliveries.listForMonitor(o.id, 10)[0]!.reason === "grouped")).toBe(true);
});

test("the rate limit still folds what waits into one summary, a failed group's monitors among it", async () => {
  const h = await opened.harness({ groupSeconds: 10, rateLimit: 1 });
  const hook = opened.receiver();
  hook.answer(503, "busy");
  const channel = h.webhook("hook", hook.url);
  const monitors = Array.from({ length: 4 }, (_, i) => h.createMonitor({ name: name(i), kind: "http", url: `http://127.0.0.1:9/${i}`, channel_ids: [channel.id] }));
  const down = (i: number) => h.statusChanges.change({ monitorId: monitors[i]!.id, from: "pending", to: "down", reason: "refused", at: h.clock() });
  down(0);
  down(1);
  h.advance(10 * SECOND);
  await h.sender.sendDue(); // the group of two takes the only token, and fails: retried in 30 s
  down(2);
  down(3);
  h.advance(10 * SECOND);
  await h.sender.sendDue(); // their window closed, but no token
  hook.answer(200, "ok");
  h.advance(60 * SECOND);
  await h.sender.sendDue();
  const bodies = bodiesOf(hook.requests);
  expect(bodies.map((b) => b.event)).toEqual(["group", "summary"]);
  expect(bodies[1]!.folded.map((f: { monitor_name: string }) => f.monitor_name).sort()).toEqual(["svc00", "svc01", "svc02", "svc03"]);
  const summary = h.store.deliveries.listForChannel(channel.id, 1)[0]!;
  expect(summary).toMatchObject({ event: "summary", state: "sent" });
  const group = h.store.deliveries.listForMonitor(monitors[0]!.id, 1)[0]!.carriedBy!;
  expect(h.store.deliveries.byId(group)).toMatchObject({ event: "group", state: "suppressed", reason: "rate_limited", carriedBy: summary.id });
  expect(h.store.deliveries.listForMonitor(monitors[3]!.id, 10).map((d) => [d.state, d.reason, d.carriedBy])).toEqual([["suppressed", "rate_limited", summary.id]]);
});
