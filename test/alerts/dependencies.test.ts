// depends_on end to end: a router and the services behind it, real checks of real targets, real sends.
import { expect, test } from "bun:test";
import { closedAfterEachTest } from "./per-test.ts";

const opened = closedAfterEachTest();

const MINUTE = 60_000;

/** A router and three services depending on it, each on its own target; alerts go to a Mattermost hook (text). */
async function setUp(childSettings: Record<string, unknown> = {}) {
  const h = await opened.harness();
  const receiver = opened.receiver();
  const channel = h.createChannel({ name: "chat", kind: "mattermost", config: { url: `${receiver.url}/hooks/ops` } });
  const monitorOn = (name: string, more: Record<string, unknown> = {}) => {
    const target = opened.target();
    const monitor = h.createMonitor({ name, kind: "http", url: target.url, interval_seconds: 60, channel_ids: [channel.id], ...more });
    return { monitor, target };
  };
  const router = monitorOn("router");
  const services = ["nas", "git", "wiki"].map((name) => monitorOn(name, { depends_on: [router.monitor.id], ...childSettings }));
  const minute = async () => {
    h.advance(MINUTE);
    await h.scheduler.checkDue();
    // a channel sends one message at a time: a round per message queued this minute
    for (let i = 0; i < 4; i++) await h.sender.sendDue();
  };
  await h.scheduler.checkDue(); // all up: silent
  const texts = () => receiver.requests.map((r) => JSON.parse(r.body).text.split("\n")[0] as string);
  const textOf = (i: number) => JSON.parse(receiver.requests[i]!.body).text as string;
  return { h, router, services, minute, texts, textOf };
}

test("router unplugged: one message, about the router, naming the 3 unreachable services; no child alerts", async () => {
  const { h, router, services, minute, texts, textOf } = await setUp();
  [router, ...services].forEach((m) => m.target.stop());
  await minute();
  await minute();
  expect(texts()).toHaveLength(1);
  expect(texts()[0]).toContain("router");
  expect(textOf(0)).toContain("3 monitors unreachable: git, nas, wiki");
  for (const { monitor } of services) {
    expect(h.store.monitors.byId(monitor.id)).toMatchObject({ status: "down", statusReason: "unreachable: router is down" });
    expect(h.store.deliveries.listForMonitor(monitor.id, 10).map((d) => [d.event, d.state, d.reason])).toEqual([["down", "suppressed", "dependency"]]);
  }
});

test("parent down, then a child down: only the parent alerts; the parent up while the child stays down: the child alerts then", async () => {
  // the services tolerate one failure, so the router is down a minute before them
  const { h, router, services, minute, texts } = await setUp({ retries: 1 });
  [router, ...services].forEach((m) => m.target.stop());
  await minute(); // router down
  await minute(); // services down, held back
  await minute();
  expect(texts()).toHaveLength(1);
  expect(services.every(({ monitor }) => h.store.monitors.byId(monitor.id)!.status === "down")).toBe(true);

  router.target.start();
  services[0]!.target.start();
  services[1]!.target.start();
  await minute(); // router, nas and git up; wiki checked with them, still down
  await minute(); // wiki checked again after the router's recovery: still down
  const after = texts().slice(1);
  expect(after).toHaveLength(2);
  expect(after.find((t) => t.includes("router"))).toContain("UP");
  expect(after.find((t) => t.includes("wiki"))).toContain("DOWN");
  // nas and git never alerted their down, so they send no up either
  expect(after.some((t) => t.includes("nas") || t.includes("git"))).toBe(false);
  expect(h.store.monitors.byId(services[2]!.monitor.id)!.statusReason).not.toContain("unreachable");
});

test("a child whose down was held back sends no up of its own when it recovers before its parent", async () => {
  const { router, services, minute, texts } = await setUp({ retries: 1 });
  router.target.stop();
  services[0]!.target.stop();
  for (let i = 0; i < 3; i++) await minute();
  services[0]!.target.start();
  await minute();
  router.target.start();
  await minute();
  expect(texts()).toEqual(["**🔴 DOWN  router — connection refused**", "**✅ UP  router after 4 min**"]);
});
