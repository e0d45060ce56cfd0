// The outbox end to end with a moved clock: real checks of a real target, real sends to local receivers.
import { afterEach, expect, test } from "bun:test";
import { alertsHarness, bodiesOf, BASE_URL } from "./harness.ts";
import { startReceiver, type Receiver } from "./receiver.ts";
import { restartableTarget } from "./targets.ts";

type Harness = Awaited<ReturnType<typeof alertsHarness>>;
let harness: Harness | undefined;
const receivers: Receiver[] = [];
const receiver = () => {
  const started = startReceiver();
  receivers.push(started);
  return started;
};
afterEach(async () => {
  receivers.splice(0).forEach((r) => r.stop());
  await harness?.close();
  harness = undefined;
});

const MINUTE = 60_000;


test("down, reminders, up: exactly one of each per channel, at the local receivers", async () => {
  harness = await alertsHarness();
  const [first, second] = [receiver(), receiver()];
  const channels = [harness.webhook("ops", first.url), harness.webhook("team", second.url)];
  const target = restartableTarget();
  try {
    const monitor = harness.createMonitor({
      name: "web", kind: "http", url: target.url, interval_seconds: 60, remind_every_minutes: 5, channel_ids: channels.map((c) => c.id),
    });
    const minute = async () => {
      harness!.advance(MINUTE);
      await harness!.scheduler.checkDue();
      await harness!.sender.sendDue();
    };
    await minute(); // pending → up: silent
    target.stop();
    for (let i = 0; i < 11; i++) await minute(); // down, then 10 more minutes down: two reminders
    target.start();
    await minute(); // up
    await minute();

    for (const r of [first, second]) {
      const bodies = bodiesOf(r.requests);
      expect(bodies.map((b) => b.event)).toEqual(["down", "reminder", "reminder", "up"]);
      expect(bodies.map((b) => b.count ?? null)).toEqual([null, 1, 2, null]);
      expect(bodies[0]).toMatchObject({ monitor: { id: monitor.id, name: "web", url: target.url, status: "down" }, link: `${BASE_URL}/#/monitor/${monitor.id}` });
      expect(bodies[1]!.duration_seconds).toBe(300);
      expect(bodies[3]).toMatchObject({ monitor: { status: "up" }, duration_seconds: 11 * 60 });
    }
    const incidents = harness.store.incidents.listForMonitor(monitor.id, 10);
    expect(incidents).toHaveLength(1);
    expect(incidents[0]!.resolvedAt! - incidents[0]!.startedAt).toBe(11 * MINUTE);
    const log = harness.store.deliveries.listForMonitor(monitor.id, 100);
    expect(log.map((d) => d.state)).toEqual(Array(8).fill("sent"));
  } finally {
    target.stop();
  }
});

/** A monitor with the channels linked, flipped down as a check would. */
function flipDown(h: Harness, channelIds: string[], name = "api") {
  const monitor = h.createMonitor({ name, kind: "http", url: "http://127.0.0.1:9/", channel_ids: channelIds });
  h.statusChanges.change({ monitorId: monitor.id, from: "pending", to: "down", reason: "connection refused", at: h.clock() });
  return monitor;
}

test("a receiver that fails 3 times: delivered once, 4 attempts logged, 30 s backoff doubling", async () => {
  harness = await alertsHarness();
  const r = receiver();
  r.answer(503, "busy");
  const channel = harness.webhook("ops", r.url);
  const monitor = flipDown(harness, [channel.id]);
  await harness.sender.sendDue();
  for (const waitSeconds of [30, 60, 120]) {
    harness.advance(waitSeconds * 1000 - 1);
    await harness.sender.sendDue();
    expect(r.requests).toHaveLength(1 + [30, 60, 120].indexOf(waitSeconds)); // not before its time
    if (waitSeconds === 120) r.answer(200, "ok");
    harness.advance(1);
    await harness.sender.sendDue();
  }
  harness.advance(3600_000);
  await harness.sender.sendDue();

  expect(r.requests).toHaveLength(4);
  const [delivery] = harness.store.deliveries.listForMonitor(monitor.id, 10);
  expect(delivery!.state).toBe("sent");
  expect(delivery!.attempts.map((a) => [a.result, a.error])).toEqual([
    ["HTTP 503", "busy"], ["HTTP 503", "busy"], ["HTTP 503", "busy"], ["HTTP 200", null],
  ]);
  const gaps = delivery!.attempts.slice(1).map((a, i) => a.at - delivery!.attempts[i]!.at);
  expect(gaps).toEqual([30_000, 60_000, 120_000]);
  expect(harness.store.channels.byId(channel.id)!.lastError).toBeNull();
});

test("a 404 from Slack is permanent: no retry, the channel's last_error says why", async () => {
  harness = await alertsHarness();
  const r = receiver();
  r.answer(404, "no_service");
  const slack = harness.createChannel({ name: "slack", kind: "slack", config: { url: `${r.url}/services/T000/B000/XXXXXXXXXXXXXXXX` } });
  const monitor = flipDown(harness, [slack.id]);
  await harness.sender.sendDue();
  harness.advance(25 * 3600_000);
  await harness.sender.sendDue();

  expect(r.requests).toHaveLength(1);
  const [delivery] = harness.store.deliveries.listForMonitor(monitor.id, 10);
  expect(delivery).toMatchObject({ state: "failed", reason: "no_service" });
  expect(delivery!.attempts).toHaveLength(1);
  expect(harness.store.channels.byId(slack.id)!.lastError).toBe("no_service");
});

test("a hanging channel holds only its own queue: checks run and the other channel gets its message within a second", async () => {
  harness = await alertsHarness({ timeoutMs: 10_000 });
  const [hanging, healthy] = [receiver(), receiver()];
  hanging.hang();
  const channels = [harness.webhook("stuck", hanging.url), harness.webhook("fine", healthy.url)];
  const target = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response("ok") });
  try {
    const checked = harness.createMonitor({ name: "other", kind: "http", url: `http://127.0.0.1:${target.port}/`, interval_seconds: 10 });
    flipDown(harness, channels.map((c) => c.id));
    const started = performance.now();
    const sending = harness.sender.sendDue();
    while (healthy.requests.length === 0 && performance.now() - started < 1000) await Bun.sleep(10);
    expect(healthy.requests).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(hanging.requests).toHaveLength(1);

    for (let i = 1; i <= 3; i++) {
      harness.advance(10_000);
      await harness.scheduler.checkDue();
    }
    expect(harness.store.checks.list(harness.store.monitors.byId(checked.id)!.seq, 10)).toHaveLength(3);
    hanging.stop(); // lets the stuck send end (as an error: retried later)
    await sending;
  } finally {
    target.stop(true);
  }
});

test("1,000 monitors down at once through a 10/min channel: 10 messages, then one summary naming the other 990", async () => {
  harness = await alertsHarness({ rateLimit: 10 });
  const r = receiver();
  const channel = harness.webhook("ops", r.url);
  for (let i = 0; i < 1000; i++) flipDown(harness, [channel.id], `m${String(i).padStart(4, "0")}`);
  for (let round = 0; round < 12; round++) await harness.sender.sendDue();
  expect(r.requests).toHaveLength(10);
  harness.advance(6_000); // one token back
  for (let round = 0; round < 3; round++) await harness.sender.sendDue();

  const bodies = bodiesOf(r.requests);
  expect(bodies).toHaveLength(11);
  expect(bodies.slice(0, 10).every((b) => b.event === "down")).toBe(true);
  const summary = bodies[10]!;
  expect(summary.event).toBe("summary");
  const named = new Set([...bodies.slice(0, 10).map((b) => b.monitor.name), ...summary.folded.map((f: { monitor_name: string }) => f.monitor_name)]);
  expect(named.size).toBe(1000);
  const log = harness.store.deliveries.listForChannel(channel.id, 2000);
  const states = log.reduce<Record<string, number>>((n, d) => ({ ...n, [d.state]: (n[d.state] ?? 0) + 1 }), {});
  expect(states).toEqual({ sent: 11, suppressed: 990 });
  // each folded row names the summary that carried it
  const summaryId = log.find((d) => d.event === "summary")!.id;
  const folded = log.filter((d) => d.state === "suppressed");
  expect(new Set(folded.map((d) => `${d.reason} ${d.carriedBy}`))).toEqual(new Set([`rate_limited ${summaryId}`]));
});

test("a claim left by a crash is sent again once its lease runs out; a sent delivery never again", async () => {
  harness = await alertsHarness();
  const r = receiver();
  const channel = harness.webhook("ops", r.url);
  const monitor = flipDown(harness, [channel.id]);
  const [queued] = harness.store.deliveries.listForMonitor(monitor.id, 1);
  // another sender claimed it and died before sending
  expect(harness.store.deliveries.claim(queued!.id, harness.clock(), harness.clock() + 15_000)).toBe(true);
  await harness.sender.sendDue();
  expect(r.requests).toHaveLength(0);
  harness.advance(15_000);
  await harness.sender.sendDue();
  expect(r.requests).toHaveLength(1);
  harness.advance(3600_000);
  await harness.sender.sendDue();
  expect(r.requests).toHaveLength(1);
  expect(harness.store.deliveries.claim(queued!.id, harness.clock(), harness.clock() + 15_000)).toBe(false);
});

test("pending → up says nothing and opens no incident", async () => {
  harness = await alertsHarness();
  const r = receiver();
  const channel = harness.webhook("ops", r.url);
  const monitor = harness.createMonitor({ name: "quiet", kind: "http", url: "http://127.0.0.1:9/", channel_ids: [channel.id] });
  harness.statusChanges.change({ monitorId: monitor.id, from: "pending", to: "up", reason: null, at: harness.clock() });
  await harness.sender.sendDue();
  expect(r.requests).toHaveLength(0);
  expect(harness.store.incidents.listForMonitor(monitor.id, 10)).toHaveLength(0);
});

test("a project's channels are merged with the monitor's; a disabled channel gets nothing", async () => {
  harness = await alertsHarness();
  const [own, shared, off] = [receiver(), receiver(), receiver()];
  const ownChannel = harness.webhook("own", own.url);
  const sharedChannel = harness.webhook("shared", shared.url);
  const offChannel = harness.webhook("off", off.url, { is_enabled: false });
  const monitor = harness.createMonitor({ name: "api", kind: "http", url: "http://127.0.0.1:9/", channel_ids: [ownChannel.id] });
  harness.store.channels.setProjectLinks(monitor.projectId, [sharedChannel.id, offChannel.id]);
  harness.statusChanges.change({ monitorId: monitor.id, from: "pending", to: "down", reason: "refused", at: harness.clock() });
  harness.statusChanges.change({ monitorId: monitor.id, from: "down", to: "up", reason: null, at: harness.clock() });
  await harness.sender.sendDue();
  await harness.sender.sendDue(); // one send per channel at a time
  expect(bodiesOf(own.requests).map((b) => b.event)).toEqual(["down", "up"]);
  expect(bodiesOf(shared.requests).map((b) => b.event)).toEqual(["down", "up"]);
  expect(off.requests).toHaveLength(0);
});
