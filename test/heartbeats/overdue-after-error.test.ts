// The overdue watch outlives a database error (PostgreSQL away for a moment): it says so in one line, no stack,
// and sweeps again, or no heartbeat would turn down after the outage until the next ping.
import { afterEach, expect, spyOn, test } from "bun:test";
import { createOverdueWatch } from "../../src/heartbeats/overdue.ts";
import { createStatusChanges } from "../../src/monitors/status.ts";
import { freshStore } from "../support/fresh-store.ts";

const cleanUps: (() => void)[] = [];
afterEach(() => {
  for (const cleanUp of cleanUps.splice(0).reverse()) cleanUp();
});

test("a failed look for the next deadline is logged in one line and the sweeps go on", async () => {
  const { store, close } = await freshStore();
  cleanUps.push(close);
  const sweeps = spyOn(store.heartbeats, "overdue");
  const failOnce = spyOn(store.heartbeats, "earliestDeadline").mockImplementationOnce(() => {
    throw new Error("PostgreSQL did not answer within 30 s");
  });
  const logged = spyOn(console, "error").mockImplementation(() => {});
  cleanUps.push(() => sweeps.mockRestore(), () => failOnce.mockRestore(), () => logged.mockRestore());
  const watch = createOverdueWatch(store, createStatusChanges(store), Date.now, () => {});
  cleanUps.push(() => watch.stop());
  watch.start();
  for (const until = Date.now() + 10_000; sweeps.mock.calls.length < 3; await Bun.sleep(50)) {
    if (Date.now() > until) throw new Error(`the watch stopped after ${sweeps.mock.calls.length} sweeps`);
  }
  expect(logged.mock.calls).toEqual([["upbeat: heartbeat sweep failed: PostgreSQL did not answer within 30 s"]]);
});
