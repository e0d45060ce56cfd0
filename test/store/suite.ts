// The store's behaviour through its interface alone, so every backend runs the same suite:
// describeStore("postgres", makeStore) is all a second one needs.
import { afterEach, beforeEach, describe } from "bun:test";
import type { Store } from "../../src/store/store.ts";
import { accountCases } from "./cases/accounts.ts";
import { alertingCases } from "./cases/alerting.ts";
import { cachedReadCases } from "./cases/cached-reads.ts";
import { escalationCases } from "./cases/escalation.ts";
import { historyCases } from "./cases/history.ts";
import { monitorCases } from "./cases/monitors.ts";
import { noiseCases } from "./cases/noise.ts";
import { regionCases } from "./cases/regions.ts";

export interface StoreUnderTest {
  store: Store;
  close(): void;
}

/** `current()` is a fresh, empty store in every test. */
export type Cases = (current: () => Store) => void;

export function describeStore(name: string, makeStore: () => StoreUnderTest): void {
  describe(`store: ${name}`, () => {
    let made: StoreUnderTest | undefined;
    beforeEach(() => {
      made = makeStore();
    });
    afterEach(() => made?.close());
    const current = () => made!.store;
    for (const cases of [accountCases, monitorCases, historyCases, alertingCases, noiseCases, escalationCases, cachedReadCases, regionCases]) cases(current);
  });
}
