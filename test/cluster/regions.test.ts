// Multi-location monitors on a real PostgreSQL: instances in eu-1 and us-1 (and one without a region) share one
// database. Each listed region checks the monitor once per interval, each check records its region, and the
// monitor is down only while min_failing_regions regions fail, with one event when both regions flip it at once.
import { afterAll, afterEach, beforeAll, expect, test } from "bun:test";
import { createClusterMember } from "../../src/cluster/member.ts";
import { connectPostgres } from "../../src/db/postgres/connection.ts";
import { createMonitorService } from "../../src/monitors/service.ts";
import { createStatusChanges } from "../../src/monitors/status.ts";
import { createScheduler } from "../../src/scheduler/scheduler.ts";
import { createPostgresStore } from "../../src/store/postgres/index.ts";
import { manualClock, type ManualClock } from "../support/clock.ts";
import { postgresForStores, type PostgresForStores } from "../support/postgres-store.ts";
import { T0, workspace } from "../store/fixtures.ts";

const MINUTE = 60_000;
let postgres: PostgresForStores;
let failing = false;
let hits = 0;
const target = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  fetch() {
    hits++;
    return new Response(failing ? "down" : "ok", { status: failing ? 503 : 200 });
  },
});
const cleanUps: (() => void | Promise<void>)[] = [];
beforeAll(async () => {
  postgres = await postgresForStores();
});
afterEach(async () => {
  for (const cleanUp of cleanUps.splice(0).reverse()) await cleanUp();
  failing = false;
  hits = 0;
});
afterAll(() => {
  target.stop(true);
  postgres?.stop();
});

/** One upbeat on the database: its own connection, scheduler and cluster member in `region`; rounds stepped by hand. */
function instanceOn(url: string, clock: ManualClock, region: string | null) {
  const connection = connectPostgres(url);
  const store = createPostgresStore(connection);
  const statusChanges = createStatusChanges(store);
  const member = createClusterMember({ cluster: store.cluster!, instanceId: `in-${region}`, region, beatMs: 3_600_000 });
  const monitors = createMonitorService(store, clock.now, statusChanges);
  const scheduler = createScheduler({
    store, monitors, statusChanges, clock: clock.now, maxConcurrent: 4, shared: member,
    region: region ? { id: store.regions.idOf(region), name: region } : null,
  });
  cleanUps.push(async () => {
    member.halt();
    await scheduler.stop(1000);
    connection.close();
  });
  scheduler.load();
  member.start(scheduler);
  return { store, member, scheduler, monitors };
}

async function regionsCluster(regions: string[], minFailingRegions: number, more: { recoveryChecks?: number } = {}) {
  const database = postgres.freshDatabase();
  cleanUps.push(() => database.drop());
  const clock = manualClock(T0);
  const eu = instanceOn(database.url, clock, "eu-1");
  const { monitor, user } = workspace(eu.store);
  const m = monitor({ kind: "http", url: `${target.url}shop`, intervalSeconds: 60, timeoutSeconds: 5, regions, minFailingRegions, ...more });
  const us = instanceOn(database.url, clock, "us-1");
  const none = instanceOn(database.url, clock, null);
  const all = [eu, us, none];
  for (let i = 0; i < 2; i++) for (const instance of all) instance.member.round();
  const statusOf = () => eu.store.monitors.byId(m.id)!;
  const eventsTo = (status: string) => eu.store.events.list(m.id, 100).filter((e) => e.toStatus === status).length;
  const downEvents = () => eventsTo("down");
  /** An edit through the eu-1 instance, as its API makes it. */
  const edit = (changes: Record<string, unknown>) => eu.monitors.update(m.id, user.id, changes);
  const regionsWithResults = () => [...eu.store.regions.latestOf(m.seq)].map((r) => eu.store.regions.names().get(r.regionId)).sort();
  return { clock, m, eu, us, none, all, statusOf, downEvents, eventsTo, edit, regionsWithResults };
}

test("each listed region checks once per interval and records its region; an instance of no region takes none", async () => {
  const { clock, m, eu, us, none, all } = await regionsCluster(["eu-1", "us-1"], 1);
  expect(all.map((i) => i.member.holds(m.id))).toEqual([true, true, false]);
  for (const instance of all) await instance.scheduler.checkDue();
  clock.advance(MINUTE);
  for (const instance of all) await instance.scheduler.checkDue();
  expect(hits).toBe(4);
  const names = eu.store.regions.names();
  const regionsOf = eu.store.checks.list(m.seq, 10).map((c) => names.get(c.regionId)).sort();
  expect(regionsOf).toEqual(["eu-1", "eu-1", "us-1", "us-1"]);
  expect(none.store.cluster!.liveRegions(15_000).sort()).toEqual(["eu-1", "us-1"]);
  expect(us.store.monitors.byId(m.id)!.status).toBe("up");
});

test("a monitor listing one region is checked by that region's instance only", async () => {
  const { m, all } = await regionsCluster(["us-1"], 1);
  expect(all.map((i) => i.member.holds(m.id))).toEqual([false, true, false]);
});

test("down only once min_failing_regions regions fail; the reason names them; up when one recovers", async () => {
  const { clock, eu, us, statusOf, downEvents } = await regionsCluster(["eu-1", "us-1"], 2);
  await eu.scheduler.checkDue();
  await us.scheduler.checkDue();
  expect(statusOf().status).toBe("up");
  failing = true;
  clock.advance(MINUTE);
  await eu.scheduler.checkDue(); // eu-1 fails, us-1's latest is still up: one region of two
  expect(statusOf().status).toBe("up");
  await us.scheduler.checkDue();
  expect(statusOf()).toMatchObject({ status: "down", statusReason: "failing from eu-1, us-1: expected 200-399, got 503" });
  failing = false;
  clock.advance(MINUTE);
  await us.scheduler.checkDue(); // one region failing is below the quorum of two
  expect(statusOf().status).toBe("up");
  expect(downEvents()).toBe(1);
});

test("both regions failing at the same moment flip the monitor once", async () => {
  const { clock, eu, us, statusOf, downEvents } = await regionsCluster(["eu-1", "us-1"], 1);
  await Promise.all([eu.scheduler.checkDue(), us.scheduler.checkDue()]);
  failing = true;
  clock.advance(MINUTE);
  await Promise.all([eu.scheduler.checkDue(), us.scheduler.checkDue()]);
  expect(statusOf().status).toBe("down");
  expect(downEvents()).toBe(1);
});

test("a region silent for two intervals and the lease timeout no longer counts", async () => {
  const { clock, eu, us, statusOf } = await regionsCluster(["eu-1", "us-1"], 2);
  failing = true;
  await us.scheduler.checkDue(); // us-1 fails once, then its instance goes quiet
  clock.advance(3 * MINUTE);
  await eu.scheduler.checkDue();
  expect(statusOf().status).toBe("up");
});

test("a failing region taken off the list no longer counts at once: the monitor is up without another check", async () => {
  const { clock, eu, us, statusOf, eventsTo, edit, regionsWithResults } = await regionsCluster(["eu-1", "us-1"], 1);
  await us.scheduler.checkDue();
  failing = true;
  clock.advance(MINUTE);
  await eu.scheduler.checkDue();
  expect(statusOf()).toMatchObject({ status: "down", statusReason: "failing from eu-1: expected 200-399, got 503" });
  const before = hits;
  edit({ regions: ["us-1"] });
  expect(statusOf().status).toBe("up");
  expect(regionsWithResults()).toEqual(["us-1"]);
  expect(eventsTo("up")).toBe(2);
  expect(hits).toBe(before);
});

test("min_failing_regions changed: the status follows the same results at once, each way", async () => {
  const { clock, eu, us, statusOf, eventsTo, edit } = await regionsCluster(["eu-1", "us-1"], 1);
  await us.scheduler.checkDue();
  failing = true;
  clock.advance(MINUTE);
  await eu.scheduler.checkDue();
  expect(statusOf().status).toBe("down");
  edit({ min_failing_regions: 2 }); // one failing region of the two it now takes
  expect(statusOf().status).toBe("up");
  edit({ min_failing_regions: 1 });
  expect(statusOf()).toMatchObject({ status: "down", statusReason: "failing from eu-1: expected 200-399, got 503" });
  expect([eventsTo("up"), eventsTo("down")]).toEqual([2, 2]);
  edit({ name: "renamed" }); // nothing the status depends on: no flip
  expect(eventsTo("down")).toBe(2);
});

test("a new target forgets every region's result: the monitor waits for its checks", async () => {
  const { eu, us, statusOf, edit, regionsWithResults } = await regionsCluster(["eu-1", "us-1"], 1);
  await Promise.all([eu.scheduler.checkDue(), us.scheduler.checkDue()]);
  expect(regionsWithResults()).toEqual(["eu-1", "us-1"]);
  edit({ url: `${target.url}other` });
  expect(statusOf().status).toBe("pending");
  expect(regionsWithResults()).toEqual([]);
});

test("recovery_checks: a failing region counts until that many successes in a row, then the monitor is up", async () => {
  const { clock, eu, us, statusOf, eventsTo } = await regionsCluster(["eu-1", "us-1"], 1, { recoveryChecks: 3 });
  await us.scheduler.checkDue();
  failing = true;
  clock.advance(MINUTE);
  await eu.scheduler.checkDue();
  expect(statusOf().status).toBe("down");
  failing = false;
  for (let success = 1; success < 3; success++) {
    clock.advance(MINUTE);
    await eu.scheduler.checkDue();
    expect(statusOf()).toMatchObject({ status: "down", statusReason: "failing from eu-1: recovering" });
    await us.scheduler.checkDue();
  }
  clock.advance(MINUTE);
  await eu.scheduler.checkDue();
  expect(statusOf().status).toBe("up");
  expect([eventsTo("down"), eventsTo("up")]).toEqual([1, 2]);
});
