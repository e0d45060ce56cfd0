// Maintenance windows end to end: real checks of a real target that goes away, real sends to a local receiver.
import { afterEach, expect, test } from "bun:test";
import { alertsHarness, bodiesOf, T0 } from "./harness.ts";
import { startReceiver, type Receiver } from "./receiver.ts";
import { restartableTarget } from "./targets.ts";

type Harness = Awaited<ReturnType<typeof alertsHarness>>;
let harness: Harness | undefined;
let receiver: Receiver | undefined;
let target: ReturnType<typeof restartableTarget> | undefined;
afterEach(async () => {
  receiver?.stop();
  target?.stop();
  await harness?.close();
  harness = receiver = target = undefined;
});

const MINUTE = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

async function setUp() {
  harness = await alertsHarness();
  receiver = startReceiver();
  target = restartableTarget();
  const channel = harness.webhook("ops", receiver.url);
  const monitor = harness.createMonitor({ name: "web", kind: "http", url: target.url, interval_seconds: 60, channel_ids: [channel.id] });
  const h = harness;
  const minute = async () => {
    h.advance(MINUTE);
    await h.scheduler.checkDue();
    await h.sender.sendDue();
  };
  await h.scheduler.checkDue(); // pending → up: silent
  return { h, monitor, minute };
}

test("a one-off window silences a real outage; at its end exactly one message says the current state", async () => {
  const { h, monitor, minute } = await setUp();
  h.createWindow({ title: "router swap", monitor_ids: [monitor.id], starts_at: iso(T0 + 30_000), ends_at: iso(T0 + 5 * MINUTE + 30_000) });
  target!.stop();
  for (let i = 0; i < 3; i++) await minute(); // down inside the window, still down
  expect(h.store.monitors.byId(monitor.id)!.status).toBe("down");
  expect(receiver!.requests).toHaveLength(0);
  const log = h.store.deliveries.listForMonitor(monitor.id, 10);
  expect(log.map((d) => [d.event, d.state, d.reason])).toEqual([["down", "suppressed", "maintenance"]]);

  for (let i = 0; i < 5; i++) await minute(); // the window ends at 5.5 minutes; still down after it
  const bodies = bodiesOf(receiver!.requests);
  expect(bodies.map((b) => [b.event, b.monitor.status])).toEqual([["down", "down"]]);
});

test("a monitor that went down and came back inside the window stays silent at its end", async () => {
  const { h, monitor, minute } = await setUp();
  h.createWindow({ title: "deploy", monitor_ids: [monitor.id], starts_at: iso(T0 + 30_000), ends_at: iso(T0 + 4 * MINUTE + 30_000) });
  target!.stop();
  await minute();
  await minute();
  target!.start();
  for (let i = 0; i < 5; i++) await minute();
  expect(receiver!.requests).toHaveLength(0);
  expect(h.store.incidents.listForMonitor(monitor.id, 10)).toHaveLength(1);
});

test("a monitor down before the window that recovers inside it sends its up once the window ends", async () => {
  const { h, monitor, minute } = await setUp();
  target!.stop();
  await minute(); // down at 1 min: alerted
  h.createWindow({ title: "fix", project_ids: [monitor.projectId], starts_at: iso(T0 + 90_000), ends_at: iso(T0 + 4 * MINUTE + 30_000) });
  target!.start();
  await minute(); // up at 2 min, inside: held back
  expect(bodiesOf(receiver!.requests).map((b) => b.event)).toEqual(["down"]);
  for (let i = 0; i < 4; i++) await minute();
  expect(bodiesOf(receiver!.requests).map((b) => [b.event, b.monitor.status])).toEqual([["down", "down"], ["up", "up"]]);
});

test("a recurring Sunday 03:00 window (Europe/Berlin) holds back an outage across the DST change", async () => {
  const { h, monitor } = await setUp();
  // Sunday 29 March 2026: Berlin moves from +01:00 to +02:00 at 02:00, so 03:00 there is 01:00 UTC
  h.createWindow({ title: "backup", monitor_ids: [monitor.id], schedule: "0 3 * * 0", duration_minutes: 30, timezone: "Europe/Berlin" });
  const sunday = Date.parse("2026-03-29T01:00:00Z");
  const check = async (at: number) => {
    h.advance(at - h.clock());
    await h.scheduler.checkDue();
    await h.sender.sendDue();
  };
  target!.stop();
  await check(sunday + 5 * MINUTE);
  expect(h.store.monitors.byId(monitor.id)!.status).toBe("down");
  expect(receiver!.requests).toHaveLength(0);
  target!.start();
  await check(sunday + 20 * MINUTE);
  await check(sunday + 31 * MINUTE);
  expect(receiver!.requests).toHaveLength(0);
  expect(h.store.deliveries.listForMonitor(monitor.id, 10).map((d) => d.reason)).toEqual(["maintenance"]);
});
