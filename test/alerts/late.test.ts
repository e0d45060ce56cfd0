// A heartbeat that misses its deadline alerts as late ("no ping since …, expected by …"), not as a plain down.
import { afterEach, expect, test } from "bun:test";
import { createHeartbeats } from "../../src/heartbeats/index.ts";
import type { Ping } from "../../src/heartbeats/ping.ts";
import { alertsHarness, bodiesOf } from "./harness.ts";
import { startReceiver, type Receiver } from "./receiver.ts";

let harness: Awaited<ReturnType<typeof alertsHarness>> | undefined;
let receiver: Receiver | undefined;
afterEach(async () => {
  receiver?.stop();
  await harness?.close();
  harness = undefined;
});

async function heartbeatWithChannels() {
  harness = await alertsHarness();
  receiver = startReceiver();
  // one channel with the default JSON body, one with the default text as its whole body
  const json = harness.webhook("json", `${receiver.url}/json`);
  const text = harness.webhook("text", `${receiver.url}/text`, { config: { url: `${receiver.url}/text`, template: "{{ text }}" } });
  const monitor = harness.createMonitor({ name: "nightly backup", kind: "heartbeat", interval_seconds: 60, grace_seconds: 30, channel_ids: [json.id, text.id] });
  const heartbeats = createHeartbeats({ store: harness.store, monitors: harness.monitors, statusChanges: harness.statusChanges, clock: harness.clock, retentionDays: 30 });
  const ping = (type: Ping["type"]) => heartbeats.receive({
    token: harness!.store.monitors.byId(monitor.id)!.pingToken!, type, exitCode: null, durationMs: null, body: null, reason: null,
    sourceIp: "127.0.0.1", userAgent: null, rid: null, receivedAt: harness!.clock(),
  });
  const bodies = (path: string) => receiver!.requests.filter((r) => r.path === path);
  return { monitor, heartbeats, ping, harness, json: () => bodiesOf(bodies("/json")), text: () => bodies("/text").map((r) => r.body) };
}

test("a missed deadline alerts once as late, saying when the last ping came and by when the next was expected (in the organization's zone); the next ping says up", async () => {
  const { monitor, heartbeats, ping, harness, json, text } = await heartbeatWithChannels();
  const organizationId = harness.store.organizations.listForUser(harness.admin.id)[0]!.organization.id;
  harness.store.organizations.update(organizationId, { timezone: "Europe/Berlin" });
  await ping("success"); // pending → up: silent
  harness.advance(90_000); // the period (60 s) and grace (30 s) pass without a ping
  heartbeats.sweep();
  harness.advance(60_000);
  heartbeats.sweep(); // still late: nothing more
  await harness.sender.sendDue();

  expect(json().map((b) => [b.event, b.reason])).toEqual([["late", "timeout"]]);
  expect(json()[0]).toMatchObject({ monitor: { id: monitor.id, status: "down" } });
  const [late] = text();
  // T0 is 10:00 UTC
  expect(late!.split("\n")[0]).toBe("⏰ LATE  nightly backup — no ping since 2026-03-01 11:00:00 CET, expected by 2026-03-01 11:01:30 CET");

  await ping("success");
  await harness.sender.sendDue();
  expect(json().map((b) => b.event)).toEqual(["late", "up"]);
  expect(text()[1]!.split("\n")[0]).toBe("✅ UP  nightly backup after 1 min");
});

test("a failure reported by the job itself is a down, not late", async () => {
  const { ping, harness, json, text } = await heartbeatWithChannels();
  await ping("success");
  harness.advance(10_000);
  await ping("fail");
  await harness.sender.sendDue();
  expect(json().map((b) => [b.event, b.reason])).toEqual([["down", "fail"]]);
  expect(text()[0]!.split("\n")[0]).toBe("🔴 DOWN  nightly backup — fail");
});
