// Flapping end to end: a real target that comes and goes every 30 seconds, real checks, real sends to a local receiver.
import { afterEach, expect, test } from "bun:test";
import { alertsHarness, bodiesOf } from "./harness.ts";
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

const HALF_MINUTE = 30_000;

async function setUp(monitorSettings: Record<string, unknown> = {}) {
  const h = (harness = await alertsHarness());
  receiver = startReceiver();
  target = restartableTarget();
  const channel = h.webhook("ops", receiver.url);
  const monitor = h.createMonitor({ name: "wifi-cam", kind: "http", url: target.url, interval_seconds: 30, channel_ids: [channel.id], ...monitorSettings });
  const step = async () => {
    h.advance(HALF_MINUTE);
    await h.scheduler.checkDue();
    // one message per round per channel: enough rounds for what one check can queue
    for (let i = 0; i < 3; i++) await h.sender.sendDue();
  };
  await h.scheduler.checkDue(); // pending → up: silent
  /** The target goes away and comes back `times` times in all, one change per check. */
  const flap = async (times: number) => {
    let up = true;
    for (let i = 0; i < times; i++) {
      up ? target!.stop() : target!.start();
      up = !up;
      await step();
    }
  };
  const events = () => bodiesOf(receiver!.requests).map((b) => b.event as string);
  return { h, monitor, step, flap, events };
}

test("10 changes in 5 minutes: the alerts of the first 6, one flapping notice, then silence until 30 stable minutes, then the state once", async () => {
  const { h, monitor, step, flap, events } = await setUp();
  await flap(10);
  expect(events()).toEqual(["down", "up", "down", "up", "down", "up", "flapping"]);
  const notice = bodiesOf(receiver!.requests).at(-1)!;
  expect(notice.flapping).toEqual({ changes: 7, window_minutes: 30, stable: false });
  expect(h.store.monitors.byId(monitor.id)!.flappingSince).not.toBeNull();
  const held = h.store.deliveries.listForMonitor(monitor.id, 50).filter((d) => d.state === "suppressed");
  expect(held.map((d) => [d.event, d.reason])).toEqual([["down", "flapping"], ["down", "flapping"]]);

  for (let i = 0; i < 59; i++) await step(); // stable (up) for 29.5 minutes: still held
  expect(events()).toHaveLength(7);
  await step(); // 30 minutes without a change
  await step();
  expect(events()).toEqual(["down", "up", "down", "up", "down", "up", "flapping", "up"]);
  const settled = bodiesOf(receiver!.requests).at(-1)!;
  expect([settled.monitor.status, settled.flapping]).toEqual(["up", { changes: 10, window_minutes: 30, stable: true }]);
  expect(h.store.monitors.byId(monitor.id)!.flappingSince).toBeNull();
});

test("a monitor that settles down after flapping sends its down once, with an ack link, and its up later as usual", async () => {
  const { flap, step, events } = await setUp({ flap_threshold: 2, flap_window_minutes: 5 });
  await flap(5); // down, up, then the third change (down) begins flapping; up, down held
  expect(events()).toEqual(["down", "up", "flapping"]);
  for (let i = 0; i < 11; i++) await step();
  expect(events()).toEqual(["down", "up", "flapping", "down"]);
  expect(bodiesOf(receiver!.requests).at(-1)!.ack_link).toContain("/ack/");
  target!.start();
  await step();
  expect(events()).toEqual(["down", "up", "flapping", "down", "up"]);
});

test("flap_threshold 0 never flaps: every change alerts", async () => {
  const { h, monitor, flap, events } = await setUp({ flap_threshold: 0 });
  await flap(8);
  expect(events()).toEqual(["down", "up", "down", "up", "down", "up", "down", "up"]);
  expect(h.store.monitors.byId(monitor.id)!.flappingSince).toBeNull();
});
