// Certificate expiry warnings: a real TLS server on 127.0.0.1, the real ssl probe, its result flipped the
// way the scheduler flips it. One warning per certificate and threshold, said instead of the down, not beside it.
import { afterAll, afterEach, expect, test } from "bun:test";
import { probeSsl } from "../../src/probes/ssl.ts";
import { selfSignedCert, type TestCert } from "../support/certs.ts";
import { startHttpTarget } from "../support/targets.ts";
import { alertsHarness, bodiesOf } from "./harness.ts";
import { startReceiver, type Receiver } from "./receiver.ts";

let harness: Awaited<ReturnType<typeof alertsHarness>> | undefined;
let receiver: Receiver | undefined;
afterEach(async () => {
  receiver?.stop();
  await harness?.close();
  harness = undefined;
});

const soon = selfSignedCert(10);
const renewedSoon = selfSignedCert(20);
const servers = { soon: startHttpTarget(soon), renewedSoon: startHttpTarget(renewedSoon) };
afterAll(() => Object.values(servers).forEach((s) => s.stop()));

test("an expiring certificate warns once per certificate and threshold, as the monitor's one message", async () => {
  harness = await alertsHarness();
  receiver = startReceiver();
  const json = harness.webhook("json", `${receiver.url}/json`);
  const text = harness.webhook("text", `${receiver.url}/text`, { config: { url: `${receiver.url}/text`, template: "{{ text }}" } });
  const monitor = harness.createMonitor({ name: "shop", kind: "ssl", url: "localhost", ssl_expiry_days: 30, channel_ids: [json.id, text.id] });

  /** One check of `server` (its certificate trusted) with the given threshold, and the flip the scheduler would make of it. */
  async function check(server: { port: number }, cert: TestCert, expiryDays: number) {
    const result = await probeSsl({ host: "localhost", port: server.port, expiryDays, timeoutMs: 5000, ca: [cert.cert] });
    const from = harness!.store.monitors.byId(monitor.id)!.status;
    const to = result.isUp ? "up" : "down";
    harness!.advance(60_000);
    if (to !== from) harness!.statusChanges.change({ monitorId: monitor.id, from, to, reason: result.errorMessage, at: harness!.clock(), certificate: result.expiring });
    await harness!.sender.sendDue();
  }

  await check(servers.soon, soon, 30);
  await check(servers.soon, soon, 30); // still expiring: no flip, nothing said
  const [warning, ...rest] = bodiesOf(receiver.requests.filter((r) => r.path === "/json"));
  expect(rest).toEqual([]);
  expect(warning).toMatchObject({ event: "ssl_expiry", reason: "TLS: certificate expires in 9 days (alert threshold 30 days)", monitor: { id: monitor.id } });
  const lines = receiver.requests.find((r) => r.path === "/text")!.body.split("\n");
  expect(lines[0]).toBe("⚠️ SSL EXPIRY  shop — TLS: certificate expires in 9 days (alert threshold 30 days)");
  expect(lines).toContainEqual(expect.stringMatching(/^Certificate expires: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d .+ \(9 days left\)$/));

  await check(servers.soon, soon, 5); // threshold lowered: up
  await check(servers.soon, soon, 30); // the same certificate at the same threshold again: a plain down
  await check(servers.soon, soon, 5);
  await check(servers.soon, soon, 12); // another threshold: a warning
  await check(servers.renewedSoon, renewedSoon, 5);
  await check(servers.renewedSoon, renewedSoon, 30); // another certificate: a warning
  const events = bodiesOf(receiver.requests.filter((r) => r.path === "/json")).map((b) => b.event);
  expect(events).toEqual(["ssl_expiry", "up", "down", "up", "ssl_expiry", "up", "ssl_expiry"]);
  expect(receiver.requests.filter((r) => r.path === "/text")).toHaveLength(events.length);
});
