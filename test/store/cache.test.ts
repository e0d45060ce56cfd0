// BoundedCache and keepFor: memory above the store keeps rows only while this process is the one writer.
import { expect, test } from "bun:test";
import { BoundedCache, coarseNow, keepFor } from "../../src/store/cache.ts";
import type { ClusterStore } from "../../src/store/store.ts";

test("a cache keeps what it read for its TTL; with a TTL of 0 it reads through every time", () => {
  let reads = 0;
  const load = () => ++reads;
  const kept = new BoundedCache<string, number>(60_000);
  expect([kept.get("k", load), kept.get("k", load)]).toEqual([1, 1]);
  const through = new BoundedCache<string, number>(0);
  expect([through.get("k", load), through.get("k", load)]).toEqual([2, 3]);
});

test("keepFor: the long time on a store of one's own, the shared time (none unless given) on a shared one", () => {
  const shared = { cluster: {} as ClusterStore };
  expect([keepFor({}, 30_000), keepFor(shared, 30_000), keepFor(shared, 30_000, 2_000)]).toEqual([30_000, 0, 2_000]);
});

test("coarseNow: the same time within a moment, a later one after its refresh interval", async () => {
  const first = coarseNow();
  expect(coarseNow()).toBe(first);
  await Bun.sleep(150);
  expect(coarseNow()).toBeGreaterThan(first + 100);
});

test("a cache entry expires after its TTL, read on the coarse time", async () => {
  let reads = 0;
  const kept = new BoundedCache<string, number>(200);
  expect(kept.get("k", () => ++reads)).toBe(1);
  await Bun.sleep(350);
  expect(kept.get("k", () => ++reads)).toBe(2);
});
