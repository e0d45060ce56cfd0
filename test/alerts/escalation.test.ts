// Escalation end to end: a real target goes away; the team hears of it at once, the escalation channel two minutes into
// the incident unless someone acknowledged it; real receivers for both.
import { afterEach, expect, test } from "bun:test";
import { AppError } from "../../src/errors.ts";
import { createAckLinks } from "../../src/incidents/ack-link.ts";
import { alertsHarness, bodiesOf } from "./harness.ts";
import { startReceiver, type Receiver } from "./receiver.ts";
import { restartableTarget } from "./targets.ts";

type Harness = Awaited<ReturnType<typeof alertsHarness>>;
let harness: Harness | undefined;
const receivers: Receiver[] = [];
let target: ReturnType<typeof restartableTarget> | undefined;
afterEach(async () => {
  receivers.splice(0).forEach((r) => r.stop());
  target?.stop();
  await harness?.close();
  harness = target = undefined;
});

const MINUTE = 60_000;

async function setUp(settings: { baseUrl?: string } = {}) {
  const h = (harness = await alertsHarness(settings));
  const [team, boss] = [startReceiver(), startReceiver()];
  receivers.push(team, boss);
  target = restartableTarget();
  const teamChannel = h.webhook("team", team.url);
  const bossChannel = h.webhook("boss", boss.url);
  const monitor = h.createMonitor({
    name: "shop", kind: "http", url: target.url, interval_seconds: 60, channel_ids: [teamChannel.id],
    escalations: [{ after_minutes: 2, channel_ids: [bossChannel.id] }],
  });
  const minute = async () => {
    h.advance(MINUTE);
    await h.scheduler.checkDue();
    await h.sender.sendDue();
  };
  await h.scheduler.checkDue(); // pending → up: silent
  const events = (r: Receiver) => bodiesOf(r.requests).map((b) => b.event as string);
  return { h, team, boss, bossChannel, monitor, minute, events };
}

test("still down 2 minutes into the incident and not acknowledged: the escalation channel gets it once, and the recovery", async () => {
  const { team, boss, minute, events } = await setUp();
  target!.stop();
  await minute(); // down at 1 min
  await minute(); // 1 min into the incident
  expect([events(team), events(boss)]).toEqual([["down"], []]);
  await minute(); // 2 min into it
  expect(events(boss)).toEqual(["escalation"]);
  const escalation = bodiesOf(boss.requests)[0]!;
  expect([escalation.monitor.name, escalation.duration_seconds, escalation.escalation]).toEqual(["shop", 120, { after_minutes: 2 }]);
  expect(escalation.ack_link).toContain("/ack/");
  await minute();
  await minute();
  expect(events(boss)).toEqual(["escalation"]); // once per step and incident
  target!.start();
  await minute();
  expect([events(team), events(boss)]).toEqual([["down", "up"], ["escalation", "up"]]);
});

test("acknowledged within 2 minutes: no escalation, and the recovery only where the down went", async () => {
  const { h, team, boss, monitor, minute, events } = await setUp();
  target!.stop();
  await minute();
  const incident = h.store.incidents.openOf(monitor.id)!;
  expect(h.store.incidents.acknowledge(incident.id, { userId: h.admin.id, via: "api" }, h.clock())).toBe(true);
  for (let i = 0; i < 4; i++) await minute();
  target!.start();
  await minute();
  expect([events(team), events(boss)]).toEqual([["down", "up"], []]);
});

test("the ack link keeps UPBEAT_BASE_URL's sub-path and names the incident", async () => {
  const { h, team, monitor, minute } = await setUp({ baseUrl: "https://example.test/upbeat/" });
  target!.stop();
  await minute();
  const link: string = bodiesOf(team.requests)[0]!.ack_link;
  expect(link).toMatch(/^https:\/\/example\.test\/upbeat\/ack\/[^/]+$/);
  const token = link.split("/").at(-1)!;
  expect(createAckLinks(h.store, h.clock).incidentIdOf(token)).toBe(h.store.incidents.openOf(monitor.id)!.id);
});

test("escalations are refused with 400s naming the field: minutes out of range, too many steps, another organization's channel", async () => {
  const { h, bossChannel } = await setUp();
  const problems = (escalations: unknown) => {
    try {
      h.createMonitor({ name: "x", kind: "http", url: "https://example.com/", escalations });
    } catch (error) {
      return (error as AppError).details!.map((d) => d.field);
    }
    return [];
  };
  const step = (after_minutes: number) => ({ after_minutes, channel_ids: [bossChannel.id] });
  expect(problems([step(0)])).toEqual(["escalations[0].after_minutes"]);
  expect(problems([step(10081)])).toEqual(["escalations[0].after_minutes"]);
  expect(problems(Array.from({ length: 11 }, (_, i) => step(i + 1)))).toEqual(["escalations"]);
  expect(problems([step(5), step(5)])).toEqual(["escalations"]);
  expect(problems([{ after_minutes: 5, channel_ids: [] }])).toEqual(["escalations[0].channel_ids"]);
  expect(problems([{ after_minutes: 5, channel_ids: ["01930000-0000-7000-8000-000000000000"] }])).toEqual(["escalations"]);
  expect(problems([step(1), step(10080)])).toEqual([]);
});
