// Cluster members on a real PostgreSQL: two or three instances, each with its own connection, scheduler and
// monitor service, share one database. Rounds are stepped by hand. The takeover tests use a short lease timeout,
// measured on the database's clock, so they wait for it for real; the others a long one, so that a slow round on
// a busy machine makes no instance look dead.
import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { createClusterMember, fairShare, type ClusterMember } from "../../src/cluster/member.ts";
import { connectPostgres } from "../../src/db/postgres/connection.ts";
import type { MonitorRow } from "../../src/domain/types.ts";
import { createMonitorService } from "../../src/monitors/service.ts";
import { createStatusChanges } from "../../src/monitors/status.ts";
import { createScheduler } from "../../src/scheduler/scheduler.ts";
import { createPostgresStore } from "../../src/store/postgres/index.ts";
import type { Store } from "../../src/store/store.ts";
import { manualClock } from "../support/clock.ts";
import { postgresForStores, type PostgresForStores } from "../support/postgres-store.ts";
import { T0, workspace } from "../store/fixtures.ts";

const MINUTE = 60_000;
/** The lease of the tests that wait for none to run out: no round on a busy machine comes near it. */
const STEADY_LEASE_MS = 10 * MINUTE;
/** The shortest lease a takeover test waits for. */
const SHORT_LEASE_MS = 2_000;
/** How long past an expiry a takeover test waits (timers, and this process's clock beside the database's). */
const PAST_EXPIRY_MS = 100;
/** The slowest round stepped so far in this file: a takeover test's lease is several times as long. */
let slowestRoundMs = 0;
const YEAR = 365 * 24 * 60 * MINUTE;

let postgres: PostgresForStores;
const hits = new Map<string, number>();
const target = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  fetch(request) {
    const { pathname } = new URL(request.url);
    hits.set(pathname, (hits.get(pathname) ?? 0) + 1);
    return new Response("ok");
  },
});
const cleanUps: (() => void | Promise<void>)[] = [];
beforeAll(async () => {
  postgres = await postgresForStores();
});
async function cleanUpAll(): Promise<void> {
  for (const cleanUp of cleanUps.splice(0).reverse()) await cleanUp();
  hits.clear();
}
afterEach(cleanUpAll);
afterAll(() => {
  target.stop(true);
  postgres?.stop();
});

type Instance = Awaited<ReturnType<typeof cluster>>["instances"][number];

/**
 * `count` instances on one fresh database, started in order (each one's first round done), and N monitors (and
 * `many` more of which only the database knows).
 */
async function cluster(count: number, monitorCount: number, { many = 0, leaseMs = STEADY_LEASE_MS } = {}) {
  const database = postgres.freshDatabase();
  cleanUps.push(() => database.drop());
  const clock = manualClock(T0);
  const seedConnection = connectPostgres(database.url);
  cleanUps.push(() => seedConnection.close());
  const seed = createPostgresStore(seedConnection);
  const { user, project } = workspace(seed);
  const monitors: MonitorRow[] = [];
  for (let i = 0; i < monitorCount; i++) {
    monitors.push(seed.monitors.insert({
      projectId: project.id, name: `m${i}`, kind: "http", url: `${target.url}m${i}`, intervalSeconds: 60, timeoutSeconds: 5,
    }, T0));
  }
  // many more, written in one statement: their rows are not needed
  if (many > 0) {
    seedConnection.query(
      `INSERT INTO monitors (id, project_id, name, kind, url, interval_seconds, timeout_seconds, created_at, updated_at)
       SELECT 'bulk-' || g, $1, 'bulk', 'http', $2, 60, 5, $3, $3 FROM generate_series(1, $4) g`,
      [project.id, `${target.url}bulk`, T0, many],
    );
  }
  const join = (name: string, watch = false) => {
    const instance = instanceOn(database.url, name, clock.now, leaseMs, watch);
    instance.start();
    return instance;
  };
  const instances = Array.from({ length: count }, (_, i) => join(`i${i}`));
  return { clock, user, project, monitors, instances, join, url: database.url };
}

function instanceOn(url: string, instanceId: string, clock: () => number, leaseMs: number, watch: boolean) {
  const connection = connectPostgres(url);
  const store: Store = createPostgresStore(connection);
  const statusChanges = createStatusChanges(store);
  const monitors = createMonitorService(store, clock, statusChanges);
  // a beat far apart, no round at another's lease expiry: the test steps the rounds
  const member: ClusterMember = createClusterMember({
    cluster: store.cluster!, instanceId, region: null, beatMs: 3_600_000, leaseTimeoutMs: leaseMs, watchExpiries: watch,
  });
  const scheduler = createScheduler({ store, monitors, statusChanges, clock, maxConcurrent: 16, shared: member });
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    member.halt();
    await scheduler.stop(1000);
    connection.close();
  };
  cleanUps.push(stop);
  return {
    store, monitors, member, scheduler, stop,
    start() {
      scheduler.load();
      member.start(scheduler);
    },
    holding: (all: MonitorRow[]) => all.filter((m) => member.holds(m.id)).map((m) => m.name),
  };
}

/** One round of `instance`, timed: its beats fall between `from` and `to` (this process's clock). */
function round(instance: Instance): { from: number; to: number } {
  const from = performance.now();
  instance.member.round();
  const to = performance.now();
  slowestRoundMs = Math.max(slowestRoundMs, to - from);
  return { from, to };
}

const rounds = (instances: Instance[], times = 2) => {
  for (let i = 0; i < times; i++) for (const instance of instances) round(instance);
};

const sleepUntil = (at: number) => Bun.sleep(Math.max(0, at - performance.now()));
/** Whether less than `ms` went by since `from` (on a busy machine, more may have). */
const within = (from: number, ms: number) => performance.now() - from < ms;

/**
 * A takeover test, with a lease it waits for: several times the slowest round so far, at least SHORT_LEASE_MS.
 * A run that a busy machine made too slow to prove anything (a step meant to come before an expiry came after it)
 * says so, and runs again on a fresh cluster with a lease twice as long.
 */
async function withShortLease(run: (leaseMs: number) => Promise<"proved" | "too slow">): Promise<void> {
  // capped: the 70,000 monitors' rounds say nothing about a round over 10
  let leaseMs = Math.min(Math.max(SHORT_LEASE_MS, 4 * slowestRoundMs), 4 * SHORT_LEASE_MS);
  for (let attempt = 1; ; attempt++, leaseMs *= 2) {
    if ((await run(leaseMs)) === "proved") return;
    if (attempt === 3) throw new Error(`too slow to tell, even with a lease of ${leaseMs} ms`);
    console.log(`too slow to tell with a lease of ${leaseMs} ms: again with ${2 * leaseMs} ms`);
    await cleanUpAll();
  }
}

/** Each instance's count, and every monitor held by exactly one of them. */
function expectShared(instances: Instance[], monitors: MonitorRow[]): number[] {
  const holders = monitors.map((m) => instances.filter((instance) => instance.member.holds(m.id)).length);
  expect(holders).toEqual(monitors.map(() => 1));
  return instances.map((instance) => instance.holding(monitors).length);
}

async function checkAll(instances: Instance[]): Promise<void> {
  for (const instance of instances) await instance.scheduler.checkDue();
}

describe("cluster members on one PostgreSQL", () => {
  test("two instances split the monitors evenly and each monitor is checked once per interval", async () => {
    const { clock, monitors, instances } = await cluster(2, 10);
    rounds(instances);
    expect(expectShared(instances, monitors)).toEqual([5, 5]);
    await checkAll(instances);
    clock.advance(MINUTE);
    await checkAll(instances);
    for (const m of monitors) expect(hits.get(`/${m.name}`)).toBe(2);
    const stored = instances[0]!.store.checks;
    for (const m of monitors) expect(stored.list(m.seq, 10).map((c) => c.checkedAt).sort()).toEqual([T0, T0 + MINUTE]);
  });

  test("a third instance joins: it gets its share and the others give theirs up; three split 4/3/3", async () => {
    const { clock, monitors, instances, join } = await cluster(2, 10);
    rounds(instances);
    await checkAll(instances);
    const third = join("i2");
    expect(third.holding(monitors)).toEqual([]); // nothing is free yet
    const all = [...instances, third];
    rounds(all);
    expect(expectShared(all, monitors).sort()).toEqual([3, 3, 4]);
    // the handed-over monitors keep their phase: nothing is checked again before its interval is up
    await checkAll(all);
    expect([...hits.values()].reduce((a, b) => a + b)).toBe(10);
    clock.advance(MINUTE);
    await checkAll(all);
    for (const m of monitors) expect(hits.get(`/${m.name}`)).toBe(2);
  });

  test("a silent instance's monitors are taken over after the lease timeout, not before", async () => {
    await withShortLease(async (leaseMs) => {
      const { monitors, instances } = await cluster(2, 10, { leaseMs });
      const [a, b] = instances as [Instance, Instance];
      rounds(instances);
      const aLast = round(a);
      const bLast = round(b); // b's last beat: then it stops (as if frozen or killed)
      b.member.halt();
      const bHeld = b.holding(monitors);
      await sleepUntil(bLast.from + leaseMs / 2);
      const early = round(a);
      const aBefore = a.holding(monitors);
      // each round must have read the other's beat before it could run out
      if (bLast.to - aLast.from >= leaseMs || early.to - bLast.from >= leaseMs) return "too slow";
      expect([bHeld.length, aBefore.length]).toEqual([5, 5]);
      await sleepUntil(bLast.to + leaseMs + PAST_EXPIRY_MS);
      const late = round(a);
      const aAfter = a.holding(monitors);
      if (!within(late.from, leaseMs / 2)) return "too slow"; // a's own leases may have looked stale to it
      expect(aAfter).toHaveLength(10);
      expect(bHeld.every((name) => aAfter.includes(name))).toBe(true);
      return "proved";
    });
  }, 180_000);

  test("an instance watching takes a silent one's monitors over as its lease runs out, with no round stepped", async () => {
    await withShortLease(async (leaseMs) => {
      const { instances, join } = await cluster(1, 10, { leaseMs });
      const silent = round(instances[0]!);
      instances[0]!.member.halt(); // silent from this round on
      const watcher = join("watcher", true);
      const leasesOfWatcher = () => watcher.store.cluster!.heldCount("watcher");
      const before = leasesOfWatcher();
      if (!within(silent.from, leaseMs)) return "too slow"; // the watcher's first round may have come after the expiry
      expect(before).toBe(0); // all held by a live instance
      // its beat is an hour apart: only the round at the expiry can take them (however late a busy machine runs it)
      for (const deadline = silent.to + leaseMs + 30_000; leasesOfWatcher() < 10 && performance.now() < deadline;) await Bun.sleep(20);
      expect(leasesOfWatcher()).toBe(10);
      return "proved";
    });
  }, 180_000);

  test("an instance back from a long pause drops what was taken over and gets a share again", async () => {
    await withShortLease(async (leaseMs) => {
      const { monitors, instances } = await cluster(2, 10, { leaseMs });
      const [a, b] = instances as [Instance, Instance];
      rounds(instances);
      const bLast = round(b);
      await sleepUntil(bLast.to + leaseMs + PAST_EXPIRY_MS);
      const taking = round(a);
      const taken = a.holding(monitors);
      round(b); // back: it held 5 a moment ago, and checks none of them now
      const backWith = b.holding(monitors);
      // b's round must have read a's beat, and a's leases looked fresh to it, well before they could run out
      if (!within(taking.from, leaseMs / 2)) return "too slow";
      expect([taken.length, backWith.length]).toEqual([10, 0]);
      const settling = performance.now();
      rounds(instances);
      if (!within(settling, leaseMs / 2)) return "too slow";
      expect(expectShared(instances, monitors)).toEqual([5, 5]);
      return "proved";
    });
  }, 180_000);

  test("an edit made through one instance is followed by the monitor's holder, and only it checks", async () => {
    const { clock, user, monitors, instances } = await cluster(2, 4);
    const [a, b] = instances as [Instance, Instance];
    rounds(instances);
    await checkAll(instances);
    const edited = monitors.find((m) => b.member.holds(m.id))!;
    clock.advance(1000);
    a.monitors.update(edited.id, user.id, { url: `${target.url}edited` });
    await a.scheduler.checkDue();
    expect(hits.get("/edited")).toBeUndefined(); // a does not hold it
    b.member.round();
    await b.scheduler.checkDue(); // new settings: checked at once, with them
    expect(hits.get("/edited")).toBe(1);
    clock.advance(MINUTE);
    await checkAll(instances);
    expect(hits.get("/edited")).toBe(2);
    // edited again through an instance whose clock is behind: an earlier stamp is an edit too
    clock.advance(-10_000);
    a.monitors.update(edited.id, user.id, { url: `${target.url}again` });
    clock.advance(10_000);
    b.member.round();
    await b.scheduler.checkDue();
    expect(hits.get("/again")).toBe(1);
    expect(hits.get(`/${edited.name}`)).toBe(1);
  });

  test("edits are found by the database's change numbers: one stamped a year off by its instance's clock is followed too", async () => {
    const { clock, user, monitors, instances } = await cluster(2, 4);
    const [a, b] = instances as [Instance, Instance];
    rounds(instances);
    await checkAll(instances);
    const shared = a.store.cluster!;
    const before = shared.newestChange();
    clock.advance(MINUTE);
    await checkAll(instances); // a check's writes (status, last check, next due) are no edit
    expect(shared.newestChange()).toBe(before);
    const held = monitors.find((m) => b.member.holds(m.id))!;
    for (const [offsetMs, path] of [[-YEAR, "past"], [YEAR, "future"], [-YEAR, "past-again"]] as const) {
      const skewed = createMonitorService(a.store, () => clock.now() + offsetMs, createStatusChanges(a.store));
      skewed.update(held.id, user.id, { url: `${target.url}${path}` });
      expect(shared.newestChange()).toBeGreaterThan(before);
      b.member.round();
      await b.scheduler.checkDue();
      expect(hits.get(`/${path}`)).toBe(1);
    }
    expect(shared.editedAfter("i1", shared.newestChange())).toEqual([]);
  });

  test("deleted and paused monitors are dropped by their holder, and the shares stay even over the rest", async () => {
    const { clock, user, monitors, instances } = await cluster(2, 10);
    const [a, b] = instances as [Instance, Instance];
    rounds(instances);
    await checkAll(instances);
    const ofA = monitors.filter((m) => a.member.holds(m.id));
    clock.advance(1000);
    b.monitors.delete(ofA[0]!.id, user.id);
    b.monitors.setPaused(ofA[1]!.id, user.id, true);
    b.monitors.setPaused(ofA[2]!.id, user.id, true);
    rounds(instances);
    const left = monitors.filter((m) => !ofA.slice(0, 3).includes(m));
    expect(expectShared(instances, left).sort()).toEqual([3, 4]);
    for (const m of ofA.slice(0, 3)) expect(a.member.holds(m.id) || b.member.holds(m.id)).toBe(false);
    clock.advance(MINUTE);
    await checkAll(instances);
    for (const m of ofA.slice(0, 3)) expect(hits.get(`/${m.name}`)).toBe(1);
    for (const m of left) expect(hits.get(`/${m.name}`)).toBe(2);
    // resumed through either instance: someone picks it up on the next round
    a.monitors.setPaused(ofA[1]!.id, user.id, false);
    rounds(instances);
    expect(expectShared(instances, [...left, ofA[1]!]).sort()).toEqual([4, 4]);
  });

  test("a monitor deleted through another instance, with nothing else changing, is dropped by its holder at its next round", async () => {
    const { user, monitors, instances } = await cluster(2, 6);
    const [a, b] = instances as [Instance, Instance];
    rounds(instances, 3); // long enough that the rounds take the counts as settled
    const ofA = monitors.filter((m) => a.member.holds(m.id));
    b.monitors.delete(ofA[0]!.id, user.id);
    a.member.round();
    expect(a.member.holds(ofA[0]!.id)).toBe(false);
    rounds(instances);
    expect(expectShared(instances, monitors.filter((m) => m !== ofA[0])).sort()).toEqual([2, 3]);
  });

  test("the first monitor made in an empty database, with the counts long settled, is claimed at the next round", async () => {
    const { user, project, instances } = await cluster(1, 0);
    const [a] = instances as [Instance];
    rounds(instances, 3); // long enough that the rounds take the counts as settled
    const first = a.monitors.create(user.id, { project_id: project.id, name: "first", kind: "http", url: `${target.url}first` });
    a.member.round();
    expect(a.member.holds(first.id)).toBe(true);
  });

  test("leases of a claim whose answer never came (the connection's timeout) are checked by their holder", async () => {
    const { user, monitors, instances } = await cluster(2, 4);
    const [a, b] = instances as [Instance, Instance];
    rounds(instances, 3);
    const x = monitors.find((m) => b.member.holds(m.id))!;
    b.store.cluster!.release("i1", [x.id]);
    expect(a.store.cluster!.claim("i0", ["http"], 10, STEADY_LEASE_MS).map((m) => m.id)).toEqual([x.id]); // the answer a never saw
    a.monitors.create(user.id, { project_id: x.projectId, name: "another", kind: "http", url: `${target.url}another` });
    a.member.round();
    expect(a.member.holds(x.id)).toBe(true);
  });

  test("leave() hands every monitor over at once, without waiting for the lease timeout", async () => {
    const { monitors, instances } = await cluster(3, 9);
    const [a, b, c] = instances as [Instance, Instance, Instance];
    rounds(instances);
    expect(expectShared(instances, monitors)).toEqual([3, 3, 3]);
    await a.scheduler.stop(1000);
    a.member.leave();
    rounds([b, c]);
    expect(expectShared([b, c], monitors).sort()).toEqual([4, 5]);
  });

  test("70,000 monitors are claimed and handed over in batches (past the 65,535 parameters of one statement)", async () => {
    const { monitors, instances, join } = await cluster(1, 0, { many: 70_000 });
    const leases = (instanceId: string) => instances[0]!.store.cluster!.heldCount(instanceId);
    expect(leases("i0")).toBe(70_000);
    const second = join("i1");
    rounds([instances[0]!, second]);
    expect([leases("i0"), leases("i1")]).toEqual([35_000, 35_000]);
    expect(monitors).toEqual([]);
  }, 300_000); // 20 s on a quiet machine, 100 s seen on one loaded 15 deep

  test("a big claim leaves statistics on the leases: the planner counts the pool's leases, not 0.5 % of them", async () => {
    const { instances, url } = await cluster(1, 0, { many: 3_000 });
    expect(instances[0]!.store.cluster!.heldCount("i0")).toBe(3_000);
    const connection = connectPostgres(url);
    cleanUps.push(() => connection.close());
    const [plan] = connection.query("EXPLAIN (FORMAT JSON) SELECT * FROM monitor_leases WHERE region = ''") as { "QUERY PLAN": [{ Plan: { "Plan Rows": number } }] }[];
    // without statistics the estimate is a default fraction (a few dozen rows here), which sent later claims into a
    // nested loop over every lease
    expect(plan!["QUERY PLAN"][0].Plan["Plan Rows"]).toBeGreaterThan(2_000);
  });

  test("the fair share: ⌊n/live⌋ while an instance is short of it, ⌈n/live⌉ after", () => {
    expect(fairShare(10, [10])).toBe(10);
    expect(fairShare(10, [10, 0])).toBe(5);
    expect(fairShare(10, [5, 5, 0])).toBe(3);
    expect(fairShare(10, [3, 3, 3])).toBe(4);
    expect(fairShare(0, [2, 0])).toBe(0);
  });
});
