// byId(id, { cached: true }) (the API's reads) and the list's pages show every write to a monitor at once,
// whichever store made it, and never a write that was rolled back.
import { describe, expect, test } from "bun:test";
import type { Store } from "../../../src/store/store.ts";
import type { Cases } from "../suite.ts";
import { T0, workspace } from "../fixtures.ts";

export const cachedReadCases: Cases = (current) => {
  describe("cached monitor reads", () => {
    const read = (store: Store, id: string) => store.monitors.byId(id, { cached: true });

    /** A monitor read once through the cache, then written by `write`; the next cached read must see it. */
    function afterWrite(write: (store: Store, monitor: { id: string; seq: number }) => void) {
      const store = current();
      const monitor = workspace(store).monitor({ kind: "heartbeat", url: null, pingToken: `tok-${crypto.randomUUID()}` });
      expect(read(store, monitor.id)).toEqual(monitor);
      write(store, monitor);
      return { store, fresh: read(store, monitor.id), id: monitor.id };
    }

    test("an edit, a status reason, a status change and a check's progress", () => {
      expect(afterWrite((s, m) => s.monitors.update(m.id, { name: "renamed" }, T0 + 1)).fresh).toMatchObject({ name: "renamed", updatedAt: T0 + 1 });
      expect(afterWrite((s, m) => s.monitors.setStatusReason(m.id, "parent down")).fresh?.statusReason).toBe("parent down");
      expect(afterWrite((s, m) => s.events.transition(m.id, "pending", "down", "timeout", T0 + 2, { checkedAt: T0 + 2 })).fresh)
        .toMatchObject({ status: "down", statusReason: "timeout", lastCheckedAt: T0 + 2 });
      const progress = (seq: number) => ({ monitorSeq: seq, lastCheckedAt: T0 + 3, nextDueAt: T0 + 60_003, failStreak: 2, successStreak: 0, details: null });
      expect(afterWrite((s, m) => s.checks.record([], [progress(m.seq)])).fresh).toMatchObject({ lastCheckedAt: T0 + 3, failStreak: 2 });
    });

    test("flapping, a ping and the heartbeat deadlines", () => {
      expect(afterWrite((s, m) => s.flapping.setFlappingSince(m.id, T0 + 4)).fresh?.flappingSince).toBe(T0 + 4);
      expect(afterWrite((s, m) => s.heartbeats.recordPing(m.id, T0 + 5, T0 + 65_000)).fresh).toMatchObject({ lastCheckedAt: T0 + 5, nextDueAt: T0 + 65_000 });
      expect(afterWrite((s, m) => s.heartbeats.setDeadline(m.id, T0 + 7)).fresh?.nextDueAt).toBe(T0 + 7);
      expect(afterWrite((s, m) => {
        s.heartbeats.setDeadline(m.id, T0 + 8);
        read(s, m.id);
        s.heartbeats.replaceDeadline(m.id, T0 + 8, T0 + 9);
      }).fresh?.nextDueAt).toBe(T0 + 9);
    });

    test("a deleted monitor, and the monitors of a deleted project, are gone", () => {
      expect(afterWrite((s, m) => s.monitors.delete(m.id)).fresh).toBeUndefined();
      const store = current();
      const { project, monitor } = workspace(store);
      const doomed = monitor();
      expect(read(store, doomed.id)).toBeDefined();
      store.projects.delete(project.id);
      expect(read(store, doomed.id)).toBeUndefined();
    });

    test("a write rolled back is not shown, even when read inside its transaction", () => {
      const { store, fresh, id } = afterWrite((s, m) => {
        expect(() => s.transaction(() => {
          s.monitors.update(m.id, { name: "undone" }, T0 + 10);
          expect(read(s, m.id)?.name).toBe("undone");
          throw new Error("roll back");
        })).toThrow("roll back");
      });
      expect(fresh?.name).toBe("site");
      expect(store.monitors.byId(id)?.name).toBe("site");
    });

    test("a page of the list shows an edit at once, and its rows are the cached reads' rows", () => {
      const store = current();
      const { user, monitor } = workspace(store);
      const [a, b] = [monitor({}, T0), monitor({}, T0 + 1)];
      const page = () => store.monitors.listForUser(user.id, {}, 10, 0).rows.map((r) => r.monitor);
      expect(page().map((m) => m.id)).toEqual([b.id, a.id]);
      store.monitors.update(a.id, { name: "renamed" }, T0 + 2);
      expect(page().map((m) => m.name)).toEqual(["site", "renamed"]);
      store.checks.record([], [{ monitorSeq: b.seq, lastCheckedAt: T0 + 3, nextDueAt: T0 + 63, failStreak: 0, successStreak: 1, details: null }]);
      expect(page()[0]).toMatchObject({ lastCheckedAt: T0 + 3, successStreak: 1 });
      expect(read(store, a.id)).toEqual(page()[1]!);
    });
  });
};
