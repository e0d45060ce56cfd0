import { afterAll, afterEach, beforeEach, describe, expect, test } from "bun:test";
import { createScheduler } from "../../src/scheduler/scheduler.ts";
import { schedulerHarness, T0 } from "./harness.ts";
import { startHttpTarget } from "../support/targets.ts";

const target = startHttpTarget();
afterAll(() => target.stop());

let h: Awaited<ReturnType<typeof schedulerHarness>>;
beforeEach(async () => {
  target.setFlakyStatus(200);
  h = await schedulerHarness();
  h.scheduler.load();
});
afterEach(() => h.close());

const MINUTE = 60_000;
const http = (path: string, more: Record<string, unknown> = {}) =>
  ({ kind: "http", name: path, url: `${target.url}${path}`, interval_seconds: 60, timeout_seconds: 5, ...more });

describe("status transitions", () => {
  test("a new monitor is checked at once and the first success makes it up", async () => {
    const m = h.create(http("/ok"));
    await h.scheduler.checkDue();
    expect(h.monitor(m.id)).toMatchObject({ status: "up", lastCheckedAt: T0, nextDueAt: T0 + MINUTE, failStreak: 0 });
    expect(h.checks(m.id)).toEqual([
      { monitorSeq: m.seq, checkedAt: T0, isUp: true, statusCode: 200, responseTimeMs: expect.any(Number), errorMessage: null, regionId: 0 },
    ]);
    expect(h.store.events.list(m.id, 10).map((e) => [e.fromStatus, e.toStatus])).toEqual([["pending", "up"]]);
  });

  test("retries: that many failures are tolerated, the next one is down, one success is up again", async () => {
    const m = h.create(http("/flaky", { retries: 2 }));
    await h.scheduler.checkDue();
    target.setFlakyStatus(503);
    const statuses: string[] = [];
    for (let i = 0; i < 3; i++) {
      h.advance(MINUTE);
      await h.scheduler.checkDue();
      statuses.push(`${h.monitor(m.id).status}/${h.monitor(m.id).failStreak}`);
    }
    expect(statuses).toEqual(["up/1", "up/2", "down/3"]);
    expect(h.monitor(m.id).statusReason).toBe("expected 200-399, got 503");

    target.setFlakyStatus(200);
    h.advance(MINUTE);
    await h.scheduler.checkDue();
    expect(h.monitor(m.id)).toMatchObject({ status: "up", failStreak: 0 });
    const events = h.store.events.list(m.id, 10).reverse();
    expect(events.map((e) => `${e.fromStatus}>${e.toStatus}@${e.at - T0}`)).toEqual([
      "pending>up@0", `up>down@${3 * MINUTE}`, `down>up@${4 * MINUTE}`,
    ]);
    expect(h.checks(m.id).map((c) => c.isUp)).toEqual([true, false, false, false, true]);
  });

  test("recovery_checks: a down monitor stays down until that many successes in a row", async () => {
    const m = h.create(http("/flaky", { recovery_checks: 3 }));
    target.setFlakyStatus(503);
    await h.scheduler.checkDue();
    expect(h.monitor(m.id).status).toBe("down");
    const statuses: string[] = [];
    for (const code of [200, 200, 503, 200, 200, 200]) {
      target.setFlakyStatus(code);
      h.advance(MINUTE);
      await h.scheduler.checkDue();
      statuses.push(`${h.monitor(m.id).status}/${h.monitor(m.id).successStreak}`);
    }
    // a failure in between starts the count again
    expect(statuses).toEqual(["down/1", "down/2", "down/0", "down/1", "down/2", "up/3"]);
    expect(h.store.events.list(m.id, 10).map((e) => `${e.fromStatus}>${e.toStatus}@${e.at - T0}`)).toEqual([
      `down>up@${6 * MINUTE}`, "pending>down@0",
    ]);
  });

  test("recovery_checks does not hold back a first result: pending is up at once", async () => {
    const m = h.create(http("/ok", { recovery_checks: 5 }));
    await h.scheduler.checkDue();
    expect(h.monitor(m.id).status).toBe("up");
  });

  test("with no retries the first failure is down", async () => {
    const m = h.create(http("/unavailable"));
    await h.scheduler.checkDue();
    expect(h.monitor(m.id).status).toBe("down");
    expect(h.checks(m.id)[0]).toMatchObject({ isUp: false, statusCode: 503, errorMessage: "expected 200-399, got 503" });
  });

  test("a monitor reset by an edit follows the stored status", async () => {
    const m = h.create(http("/unavailable"));
    await h.scheduler.checkDue();
    h.update(m.id, { url: `${target.url}/ok` });
    expect(h.monitor(m.id).status).toBe("pending");
    await h.scheduler.checkDue();
    expect(h.monitor(m.id).status).toBe("up");
    expect(h.store.events.list(m.id, 10).map((e) => `${e.fromStatus}>${e.toStatus}`)).toEqual(["pending>up", "down>pending", "pending>down"]);
  });
});

describe("schedule", () => {
  test("checks come once per interval, not before", async () => {
    const m = h.create(http("/ok"));
    await h.scheduler.checkDue();
    h.advance(MINUTE - 1);
    await h.scheduler.checkDue();
    expect(h.checks(m.id)).toHaveLength(1);
    h.advance(1);
    await h.scheduler.checkDue();
    expect(h.checks(m.id).map((c) => c.checkedAt - T0)).toEqual([0, MINUTE]);
  });

  test("a check run more than one interval late is not run again at once: the slots missed are skipped, the phase kept", async () => {
    const m = h.create(http("/ok"));
    await h.scheduler.checkDue();
    h.advance(2.5 * MINUTE); // a stall: the check due at one minute starts one and a half intervals late
    await h.scheduler.checkDue();
    await h.scheduler.checkDue();
    expect(h.checks(m.id).map((c) => c.checkedAt - T0)).toEqual([0, 2.5 * MINUTE]);
    expect(h.monitor(m.id).nextDueAt).toBe(T0 + 3 * MINUTE);
    h.advance(MINUTE / 2);
    await h.scheduler.checkDue();
    expect(h.checks(m.id).map((c) => c.checkedAt - T0)).toEqual([0, 2.5 * MINUTE, 3 * MINUTE]);
  });

  test("pause stops checks at once; resume checks at once", async () => {
    const m = h.create(http("/ok"));
    await h.scheduler.checkDue();
    h.pause(m.id, true);
    h.advance(5 * MINUTE);
    await h.scheduler.checkDue();
    expect(h.checks(m.id)).toHaveLength(1);
    h.pause(m.id, false);
    await h.scheduler.checkDue();
    expect(h.checks(m.id).map((c) => c.checkedAt - T0)).toEqual([0, 5 * MINUTE]);
  });

  test("a PATCH of the target checks the new target at once; a rename keeps the schedule", async () => {
    const m = h.create(http("/ok"));
    await h.scheduler.checkDue();
    h.advance(1000);
    h.update(m.id, { name: "renamed" });
    await h.scheduler.checkDue();
    expect(h.checks(m.id)).toHaveLength(1);
    h.update(m.id, { url: `${target.url}/unavailable`, interval_seconds: 30 });
    await h.scheduler.checkDue();
    h.advance(30_000);
    await h.scheduler.checkDue();
    expect(h.checks(m.id).map((c) => [c.checkedAt - T0, c.statusCode])).toEqual([[0, 200], [1000, 503], [31_000, 503]]);
  });

  test("a deleted monitor is not checked again", async () => {
    const m = h.create(http("/ok"));
    await h.scheduler.checkDue();
    const before = target.hits.get("/ok") ?? 0;
    h.remove(m.id);
    h.advance(MINUTE);
    await h.scheduler.checkDue();
    expect(target.hits.get("/ok") ?? 0).toBe(before);
  });

  test("heartbeat monitors are left to the heartbeat sweep", async () => {
    const m = h.create({ kind: "heartbeat", name: "backup", interval_seconds: 60 });
    await h.scheduler.checkDue();
    expect(h.monitor(m.id)).toMatchObject({ status: "pending", lastCheckedAt: null });
  });

  test("monitors loaded at start are spread over their interval, each checked once", async () => {
    const ids = Array.from({ length: 40 }, (_, i) => h.create(http("/ok", { name: `m${i}`, is_paused: true })).id);
    // unpaused behind the running scheduler's back, as if stored before a restart
    ids.forEach((id) => h.store.monitors.update(id, { isPaused: false }, T0));
    const restarted = createScheduler({ store: h.store, monitors: h.monitors, statusChanges: h.statusChanges, clock: h.clock, maxConcurrent: 16 });
    restarted.load();
    const checkedBy: number[] = [];
    for (const step of [0, 15_000, 15_000, 15_000, 14_999]) {
      h.advance(step);
      await restarted.checkDue();
      checkedBy.push(ids.filter((id) => h.checks(id).length > 0).length);
    }
    expect(checkedBy[0]).toBeLessThan(40);
    expect(checkedBy.at(-1)).toBe(40);
    expect(ids.every((id) => h.checks(id).length === 1)).toBe(true);
    await restarted.stop(1000);
  });

  test("no more than maxConcurrent checks are in flight", async () => {
    const capped = await schedulerHarness({ maxConcurrent: 2 });
    capped.scheduler.load();
    for (let i = 0; i < 6; i++) capped.create(http("/hold", { name: `hold${i}` }));
    await capped.scheduler.checkDue();
    expect(target.maxHeld()).toBe(2);
    await capped.close();
  });

  test("stop lets a running check finish and stores its result", async () => {
    const m = h.create(http("/hold"));
    const running = h.scheduler.checkDue();
    await Bun.sleep(20);
    await h.scheduler.stop(2000);
    await running;
    expect(h.checks(m.id)).toHaveLength(1);
  });
});
