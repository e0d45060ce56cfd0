// Region labels as small ids, checks that carry one, and multi-location monitors' latest result per region.
import { describe, expect, test } from "bun:test";
import type { Cases } from "../suite.ts";
import { T0, workspace } from "../fixtures.ts";

export const regionCases: Cases = (current) => {
  describe("regions", () => {
    test("a label gets one id, the same on every ask; names() maps them back", () => {
      const store = current();
      const eu = store.regions.idOf("eu-1");
      const us = store.regions.idOf("us-1");
      expect(eu).toBeGreaterThan(0);
      expect(us).not.toBe(eu);
      expect(store.regions.idOf("eu-1")).toBe(eu);
      expect(store.regions.names()).toEqual(new Map([[eu, "eu-1"], [us, "us-1"]]));
    });

    test("a monitor's regions are stored; two regions' checks of the same millisecond are both kept", () => {
      const store = current();
      const { monitor } = workspace(store);
      const m = monitor({ regions: ["eu-1", "us-1"], minFailingRegions: 2 });
      expect(store.monitors.byId(m.id)).toMatchObject({ regions: ["eu-1", "us-1"], minFailingRegions: 2 });
      const [eu, us] = [store.regions.idOf("eu-1"), store.regions.idOf("us-1")];
      const check = (regionId: number) => ({ monitorSeq: m.seq, checkedAt: T0, isUp: true, statusCode: 200, responseTimeMs: 3, errorMessage: null, regionId });
      store.checks.record([check(eu)], [{ monitorSeq: m.seq, lastCheckedAt: T0, nextDueAt: T0 + 60_000, failStreak: 0, successStreak: 1, details: null }]);
      store.checks.insertMany([check(us)]);
      // SQLite has one instance, so one region a millisecond: its key stays (monitor, time) and the second is ignored
      const expected = store.cluster ? [eu, us] : [eu];
      expect(store.checks.list(m.seq, 10).map((c) => c.regionId).sort()).toEqual(expected.sort());
    });

    test("the latest result per region, with its failures in a row", () => {
      const store = current();
      const { monitor } = workspace(store);
      const m = monitor({ regions: ["eu-1", "us-1"] });
      const [eu, us] = [store.regions.idOf("eu-1"), store.regions.idOf("us-1")];
      const result = (regionId: number, checkedAt: number, isUp: boolean) =>
        store.regions.record({ monitorSeq: m.seq, regionId, checkedAt, isUp, errorMessage: isUp ? null : "refused" }, { retries: 0, recoveryChecks: 1 });
      result(eu, T0, false);
      result(us, T0 + 1, true);
      expect(result(eu, T0 + 2, false)).toEqual([
        { monitorSeq: m.seq, regionId: eu, checkedAt: T0 + 2, isUp: false, failStreak: 2, successStreak: 0, errorMessage: "refused" },
        { monitorSeq: m.seq, regionId: us, checkedAt: T0 + 1, isUp: true, failStreak: 0, successStreak: 1, errorMessage: null },
      ]);
      result(eu, T0 + 3, true);
      expect(store.regions.latestOf(m.seq).map((r) => [r.isUp, r.failStreak])).toEqual([[true, 0], [true, 0]]);
      store.monitors.delete(m.id);
      expect(store.regions.latestOf(m.seq)).toEqual([]);
    });

    test("a failing region keeps its fail streak until recovery_checks successes in a row; one failure between starts over", () => {
      const store = current();
      const { monitor } = workspace(store);
      const m = monitor({ regions: ["eu-1"], retries: 1, recoveryChecks: 3 });
      const eu = store.regions.idOf("eu-1");
      let at = T0;
      const streaks = (...results: boolean[]) => results.map((isUp) => {
        const [row] = store.regions.record({ monitorSeq: m.seq, regionId: eu, checkedAt: ++at, isUp, errorMessage: isUp ? null : "refused" }, m);
        return [row!.failStreak, row!.successStreak];
      });
      // a failure within retries is cleared by one success; past them (failing), only by the third in a row
      expect(streaks(false, true)).toEqual([[1, 0], [0, 1]]);
      expect(streaks(false, false, true, true, false, true, true, true, true)).toEqual([
        [1, 0], [2, 0], [2, 1], [2, 2], [3, 0], [3, 1], [3, 2], [0, 3], [0, 4],
      ]);
    });

    test("keepOnly forgets the results of the regions not named, of that monitor only; none named forgets all", () => {
      const store = current();
      const { monitor } = workspace(store);
      const [m, other] = [monitor({ regions: ["eu-1", "us-1", "ap-1"] }), monitor({ regions: ["eu-1"] })];
      const [eu, us, ap] = ["eu-1", "us-1", "ap-1"].map((name) => store.regions.idOf(name));
      for (const [seq, regionId] of [[m.seq, eu], [m.seq, us], [m.seq, ap], [other.seq, eu]] as const) {
        store.regions.record({ monitorSeq: seq, regionId: regionId!, checkedAt: T0, isUp: true, errorMessage: null }, { retries: 0, recoveryChecks: 1 });
      }
      store.regions.keepOnly(m.seq, [us!, ap!]);
      expect(store.regions.latestOf(m.seq).map((r) => r.regionId).sort()).toEqual([us!, ap!].sort());
      store.regions.keepOnly(m.seq, []);
      expect(store.regions.latestOf(m.seq)).toEqual([]);
      expect(store.regions.latestOf(other.seq).map((r) => r.regionId)).toEqual([eu!]);
    });
  });
};
