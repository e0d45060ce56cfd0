// The overdue sweep against a ping that lands between its read and its flip (through another instance that
// shares the database, say): the ping's new deadline wins and the heartbeat does not go down.
import { afterEach, expect, test } from "bun:test";
import { createOverdueWatch } from "../../src/heartbeats/overdue.ts";
import { createStatusChanges } from "../../src/monitors/status.ts";
import { T0, workspace } from "../store/fixtures.ts";
import { freshStore, type FreshStore } from "../support/fresh-store.ts";

let fresh: FreshStore;
afterEach(() => fresh.close());

async function upHeartbeatDueAt(deadline: number) {
  fresh = await freshStore();
  const store = fresh.store;
  const monitor = workspace(store).monitor({ kind: "heartbeat", url: null, pingToken: "tok", status: "up", nextDueAt: deadline, settings: { grace_seconds: 0 } });
  // its last success, a period before the deadline
  store.pulses.insert({
    monitorSeq: monitor.seq, id: "p1", type: "success", exitCode: null, durationMs: null, body: null, sourceIp: null, userAgent: null, rid: null,
    receivedAt: deadline - 60_000,
  });
  return { store, monitor };
}

test("a ping between the sweep's read and its flip keeps the heartbeat up", async () => {
  const { store, monitor } = await upHeartbeatDueAt(T0 + 60_000);
  const overdue = store.heartbeats.overdue.bind(store.heartbeats);
  // the sweep reads the overdue heartbeat; right after, a ping elsewhere moves its deadline on
  store.heartbeats.overdue = (now) => {
    const seen = overdue(now);
    store.heartbeats.recordPing(monitor.id, T0 + 61_000, T0 + 121_000);
    return seen;
  };
  const watch = createOverdueWatch(store, createStatusChanges(store), () => T0 + 61_500, () => {});
  expect(watch.sweep()).toBe(0);
  expect(store.monitors.byId(monitor.id)).toMatchObject({ status: "up", nextDueAt: T0 + 121_000 });
  expect(store.events.since(monitor.id, 0)).toEqual([]);
});

test("without a ping meanwhile the same sweep flips it down once", async () => {
  const { store, monitor } = await upHeartbeatDueAt(T0 + 60_000);
  const watch = createOverdueWatch(store, createStatusChanges(store), () => T0 + 61_500, () => {});
  expect(watch.sweep()).toBe(1);
  expect(watch.sweep()).toBe(0);
  expect(store.monitors.byId(monitor.id)).toMatchObject({ status: "down", nextDueAt: null });
});
