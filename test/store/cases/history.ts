// Check results, hourly roll-ups, uptime per day, and heartbeat pulses.
import { describe, expect, test } from "bun:test";
import type { CheckRow, PulseRow } from "../../../src/domain/types.ts";
import type { Cases } from "../suite.ts";
import { T0, workspace } from "../fixtures.ts";

const HOUR = 3_600_000;
const check = (monitorSeq: number, checkedAt: number, isUp = true): CheckRow =>
  ({ monitorSeq, checkedAt, isUp, statusCode: isUp ? 200 : 503, responseTimeMs: 10, errorMessage: isUp ? null : "HTTP 503", regionId: 0 });

export const historyCases: Cases = (current) => {
  describe("checks", () => {
    test("recorded with the monitor's progress and latest details; a deleted monitor's results are skipped and reported", () => {
      const store = current();
      const { monitor } = workspace(store);
      const [kept, gone] = [monitor(), monitor()];
      store.monitors.delete(gone.id);
      const progress = (seq: number) => ({ monitorSeq: seq, lastCheckedAt: T0 + 1, nextDueAt: T0 + 60_001, failStreak: 1, successStreak: 0, details: '{"players_online":3}' });
      const missing = store.checks.record([check(kept.seq, T0 + 1, false), check(gone.seq, T0 + 1)], [progress(kept.seq), progress(gone.seq)]);
      expect(missing).toEqual(new Set([gone.seq]));
      expect(store.monitors.byId(kept.id)).toMatchObject({ lastCheckedAt: T0 + 1, nextDueAt: T0 + 60_001, failStreak: 1, lastDetails: { players_online: 3 } });
      expect(store.checks.list(kept.seq, 10)).toEqual([check(kept.seq, T0 + 1, false)]);
      expect(store.checks.recordedSinceStart(kept.seq)).toBe(1);
    });

    test("listed newest first, paged back by time; the latest of each monitor found at once", () => {
      const store = current();
      const { monitor } = workspace(store);
      const [m, idle] = [monitor(), monitor()];
      store.checks.insertMany([0, 1, 2, 3].map((i) => check(m.seq, T0 + i * 1000, i !== 3)));
      store.checks.insertMany([check(m.seq, T0)]); // already there: kept once
      expect(store.checks.list(m.seq, 2).map((c) => c.checkedAt - T0)).toEqual([3000, 2000]);
      expect(store.checks.list(m.seq, 10, T0 + 2000).map((c) => c.checkedAt - T0)).toEqual([1000, 0]);
      expect(store.latestChecks.of([m.seq, idle.seq])).toEqual(new Map([[m.seq, { responseTimeMs: 10, checkedAt: T0 + 3000, isUp: false }]]));
    });
  });

  describe("recent results", () => {
    test("each monitor's newest checks, oldest first, the error only on failures; monitors without checks absent", () => {
      const store = current();
      const { monitor } = workspace(store);
      const [m, other, idle] = [monitor(), monitor(), monitor()];
      store.checks.insertMany([...[0, 1, 2, 3].map((i) => check(m.seq, T0 + i * 1000, i !== 3)), check(other.seq, T0)]);
      const strips = store.recentResults.checks([m.seq, other.seq, idle.seq], 2);
      expect([...strips.keys()].sort()).toEqual([m.seq, other.seq].sort());
      expect(strips.get(m.seq)).toEqual([
        { at: T0 + 2000, isUp: true, code: 200, ms: 10, error: null },
        { at: T0 + 3000, isUp: false, code: 503, ms: 10, error: "HTTP 503" },
      ]);
      expect(strips.get(other.seq)?.map((r) => r.at)).toEqual([T0]);
      expect(store.recentResults.checks([], 2)).toEqual(new Map());
    });

    test("uptime counts roll-ups for the hours they cover and raw checks around them, as countsBetween does", () => {
      const store = current();
      const { monitor } = workspace(store);
      const [m, idle] = [monitor(), monitor()];
      store.rollups.save([{
        monitorSeq: m.seq, hourStart: T0, checks: 4, upChecks: 3, responseTimeSumMs: 40, responseTimeMinMs: 10, responseTimeMaxMs: 10, responseTimeSketch: "1:4",
      }]);
      // before the window, in the part-hour before the first full one, inside the rolled-up hour (not counted again), after it
      store.checks.insertMany([check(m.seq, T0 - HOUR), check(m.seq, T0 - 1000), check(m.seq, T0 + 5), check(m.seq, T0 + HOUR + 5, false)]);
      expect(store.recentResults.checkUptime([m.seq, idle.seq], T0 - HOUR / 2)).toEqual(new Map([[m.seq, { total: 6, up: 4 }]]));
      expect(store.rollups.countsBetween(m.seq, T0, T0 + HOUR, [[T0 - HOUR / 2, T0], [T0 + HOUR, T0 + 2 * HOUR]])).toEqual({ checks: 6, up: 4 });
      expect(store.rollups.countsBetween(idle.seq, T0, T0 + HOUR, [])).toEqual({ checks: 0, up: 0 });
    });
  });

  describe("rollups", () => {
    test("saved per hour (an hour saved again is replaced), read by range, pruned with the raw checks", () => {
      const store = current();
      const { monitor } = workspace(store);
      const m = monitor();
      monitor({ kind: "heartbeat", url: null });
      const hour = (hourStart: number, checks: number) => ({
        monitorSeq: m.seq, hourStart, checks, upChecks: checks, responseTimeSumMs: 10 * checks, responseTimeMinMs: 10,
        responseTimeMaxMs: 10, responseTimeSketch: `1:${checks}`,
      });
      store.rollups.save([hour(T0, 1), hour(T0 + HOUR, 2)]);
      store.rollups.save([hour(T0 + HOUR, 3)]);
      expect(store.rollups.checkedMonitorSeqs()).toEqual([m.seq]);
      expect(store.rollups.lastHour(m.seq)).toBe(T0 + HOUR);
      expect(store.rollups.between(m.seq, T0, T0 + 2 * HOUR).map((r) => r.checks)).toEqual([1, 3]);
      store.checks.insertMany([check(m.seq, T0 + 5), check(m.seq, T0 + HOUR + 5, false)]);
      expect(store.rollups.rawBetween(m.seq, T0, T0 + HOUR)).toEqual([{ checkedAt: T0 + 5, isUp: true, responseTimeMs: 10 }]);
      store.rollups.prune([m.seq], T0 + HOUR, T0 + HOUR);
      expect(store.rollups.rawBetween(m.seq, T0, T0 + 2 * HOUR).map((c) => c.checkedAt)).toEqual([T0 + HOUR + 5]);
      expect(store.rollups.between(m.seq, T0, T0 + 2 * HOUR).map((r) => r.hourStart)).toEqual([T0 + HOUR]);
    });
  });

  describe("daily uptime", () => {
    test("days from the roll-ups in range, plus the raw checks after the newest roll-up; the hour in progress counts the minutes gone by", () => {
      const store = current();
      const { monitor } = workspace(store);
      const [m, idle] = [monitor(), monitor()];
      const DAY = 24 * HOUR;
      const hour = (hourStart: number, checks: number, upChecks: number) => ({
        monitorSeq: m.seq, hourStart, checks, upChecks, responseTimeSumMs: 10 * checks, responseTimeMinMs: 10,
        responseTimeMaxMs: 10, responseTimeSketch: `1:${checks}`,
      });
      store.rollups.save([hour(T0 - DAY - HOUR, 5, 0), hour(T0 - DAY + 2 * HOUR, 10, 10), hour(T0, 60, 30)]);
      const now = T0 + HOUR + 30 * 60_000;
      // rolled up already, two in the hour in progress (one down), one after now
      store.checks.insertMany([check(m.seq, T0 + 5), check(m.seq, T0 + HOUR + 5, false), check(m.seq, T0 + HOUR + 10), check(m.seq, now + 1, false)]);
      const days = store.dailyUptime.checkedDays([m.seq, idle.seq], T0 - DAY, now).sort((a, b) => a.dayStart - b.dayStart);
      expect(days).toEqual([
        { monitorSeq: m.seq, dayStart: T0 - DAY, checks: 10, upChecks: 10, downMinutes: 0 },
        { monitorSeq: m.seq, dayStart: T0, checks: 62, upChecks: 31, downMinutes: 30 + 15 },
      ]);
      expect(store.dailyUptime.checkedDays([], T0 - DAY, now)).toEqual([]);
    });
  });

  describe("pulses", () => {
    const pulse = (monitor: { seq: number }, id: string, receivedAt: number, more: Partial<PulseRow> = {}): PulseRow => ({
      monitorSeq: monitor.seq, id, type: "success", exitCode: null, durationMs: null, body: null, sourceIp: null, userAgent: null, rid: null, receivedAt, ...more,
    });

    test("listed newest first; paging by id is exact when pulses share a millisecond, by time too", () => {
      const store = current();
      const m = workspace(store).monitor({ kind: "heartbeat", url: null });
      for (const [id, at] of [["a", T0], ["b", T0 + 1], ["c", T0 + 1], ["d", T0 + 1], ["e", T0 + 2]] as const) store.pulses.insert(pulse(m, id, at));
      const ids = (limit: number, before?: { ms: number } | { id: string }) => store.pulses.list(m.id, limit, before).map((p) => p.id);
      expect(ids(2)).toEqual(["e", "d"]);
      expect(ids(2, { id: "d" })).toEqual(["c", "b"]);
      expect(ids(2, { id: "b" })).toEqual(["a"]);
      expect(ids(10, { ms: T0 + 1 })).toEqual(["a"]);
      expect(ids(10, { id: "unknown" })).toEqual([]);
    });

    test("runs: the latest start, success and fail, by rid too; results since a time with durations", () => {
      const store = current();
      const m = workspace(store).monitor({ kind: "heartbeat", url: null });
      store.pulses.insert(pulse(m, "1", T0, { type: "start", rid: "r1" }));
      store.pulses.insert(pulse(m, "2", T0 + 1, { type: "success", durationMs: 30 }));
      store.pulses.insert(pulse(m, "3", T0 + 2, { type: "fail", durationMs: 10 }));
      store.pulses.insert(pulse(m, "4", T0 + 3, { type: "log" }));
      expect(store.pulses.latestRunEvent(m.id)).toEqual({ type: "fail", rid: null, receivedAt: T0 + 2 });
      expect(store.pulses.latestRunEventWithRid(m.id, "r1")).toEqual({ type: "start", rid: "r1", receivedAt: T0 });
      expect(store.pulses.latestSuccessAt(m.id)).toBe(T0 + 1);
      expect(store.pulses.resultsSince(m.id, T0)).toEqual({ total: 2, up: 1, durationsMs: [10, 30] });
    });

    test("a batch: many pulses in one call, in order; each monitor's latest run event in one read", () => {
      const store = current();
      const { monitor } = workspace(store);
      const [m, other, quiet] = [monitor({ kind: "heartbeat", url: null }), monitor({ kind: "heartbeat", url: null }), monitor({ kind: "heartbeat", url: null })];
      store.pulses.insertMany([
        pulse(m, "1", T0, { type: "start", rid: "r1" }), pulse(m, "2", T0, { type: "success", body: "done" }),
        pulse(m, "3", T0, { type: "log" }), pulse(other, "4", T0 + 1, { type: "fail", exitCode: 3 }),
      ]);
      store.pulses.insertMany([]);
      expect(store.pulses.list(m.id, 10).map((p) => [p.id, p.body])).toEqual([["3", null], ["2", "done"], ["1", null]]);
      const latest = store.pulses.latestRunEvents([m.id, other.id, quiet.id]);
      expect(Object.fromEntries(latest)).toEqual({
        [m.id]: { type: "success", rid: null, receivedAt: T0 }, [other.id]: { type: "fail", rid: null, receivedAt: T0 + 1 },
      });
      expect(store.pulses.latestRunEvents([]).size).toBe(0);
    });

    test("a heartbeat's strip is its newest successes and fails, oldest first; runs between two times likewise", () => {
      const store = current();
      const { monitor } = workspace(store);
      const [m, quiet] = [monitor({ kind: "heartbeat", url: null }), monitor({ kind: "heartbeat", url: null })];
      store.pulses.insert(pulse(m, "1", T0, { type: "success", durationMs: 5 }));
      store.pulses.insert(pulse(m, "2", T0 + 1, { type: "start" }));
      store.pulses.insert(pulse(m, "3", T0 + 2, { type: "success", durationMs: 7 }));
      store.pulses.insert(pulse(m, "4", T0 + 3, { type: "fail", exitCode: 2 }));
      store.pulses.insert(pulse(m, "5", T0 + 4, { type: "log" }));
      store.pulses.insert(pulse(m, "6", T0 + 5, { type: "fail" }));
      const strips = store.recentResults.pulses([m.id, quiet.id], 3);
      expect([...strips.keys()]).toEqual([m.id]);
      expect(strips.get(m.id)).toEqual([
        { at: T0 + 2, isUp: true, code: null, ms: 7, error: null },
        { at: T0 + 3, isUp: false, code: 2, ms: null, error: "exit code 2" },
        { at: T0 + 5, isUp: false, code: null, ms: null, error: "fail" },
      ]);
      expect(store.pulses.runsBetween(m.id, T0, T0 + 5)).toEqual([
        { type: "success", durationMs: 5, receivedAt: T0 }, { type: "success", durationMs: 7, receivedAt: T0 + 2 },
        { type: "fail", durationMs: null, receivedAt: T0 + 3 },
      ]);
    });

    test("prune drops what is older than the cutoff but keeps each monitor's newest N", () => {
      const store = current();
      const { monitor } = workspace(store);
      const [busy, quiet] = [monitor({ kind: "heartbeat", url: null }), monitor({ kind: "heartbeat", url: null })];
      for (let i = 0; i < 5; i++) store.pulses.insert(pulse(busy, `b${i}`, T0 + i));
      store.pulses.insert(pulse(quiet, "q0", T0));
      expect(store.pulses.prune(T0 + 100, 2)).toBe(3);
      expect(store.pulses.list(busy.id, 10).map((p) => p.id)).toEqual(["b4", "b3"]);
      expect(store.pulses.list(quiet.id, 10).map((p) => p.id)).toEqual(["q0"]);
    });
  });
};
