// BoundedCache and keepFor: memory above the store keeps rows only while this process is the one writer.
import { expect, test } from "bun:test";
import { BoundedCache, keepFor } from "../../src/store/cache.ts";
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
