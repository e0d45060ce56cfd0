// Monitors, their status changes, the heartbeat reads and deadlines, and what imports created.
import { describe, expect, test } from "bun:test";
import type { Cases } from "../suite.ts";
import { addUser, T0, workspace } from "../fixtures.ts";

export const monitorCases: Cases = (current) => {
  describe("monitors", () => {
    test("inserted with defaults and a growing seq; found by id and ping token; updated; deleted", () => {
      const store = current();
      const { monitor } = workspace(store);
      const first = monitor();
      const second = monitor({ kind: "heartbeat", url: null, pingToken: "tok", settings: { grace_seconds: 30 } });
      expect(first).toMatchObject({ status: "pending", statusReason: null, retries: 0, failStreak: 0, isPaused: false, settings: {}, createdAt: T0 });
      expect(second.seq).toBeGreaterThan(first.seq);
      expect(store.monitors.byId(second.id)).toEqual(second);
      expect(store.monitors.byPingToken("tok")?.id).toBe(second.id);
      const updated = store.monitors.update(first.id, { name: "renamed", isPaused: true, settings: { method: "HEAD" } }, T0 + 5)!;
      expect(updated).toMatchObject({ name: "renamed", isPaused: true, settings: { method: "HEAD" }, updatedAt: T0 + 5 });
      expect(store.monitors.byId(first.id)).toEqual(updated);
      store.monitors.delete(first.id);
      expect(store.monitors.byId(first.id)).toBeUndefined();
      expect(store.monitors.update(first.id, { name: "gone" }, T0)).toBeUndefined();
    });

    test("a user's list: newest first, filtered by project, kind and status, paged, with the total and their role", () => {
      const store = current();
      const { user, organization, project, join, monitor } = workspace(store);
      const extra = store.projects.create({ organizationId: organization.id, name: "Extra" }, T0);
      const [a, b, c] = [monitor({}, T0), monitor({ kind: "tcp", url: "h:1" }, T0 + 1), monitor({ projectId: extra.id }, T0 + 2)];
      store.events.transition(b.id, "pending", "down", "refused", T0);
      const ids = (filter: object, limit = 10, offset = 0) => store.monitors.listForUser(user.id, filter, limit, offset).rows.map((r) => r.monitor.id);
      expect(ids({})).toEqual([c.id, b.id, a.id]);
      expect(ids({ projectId: project.id })).toEqual([b.id, a.id]);
      expect(ids({ kind: "tcp" })).toEqual([b.id]);
      expect(ids({ status: "down" })).toEqual([b.id]);
      const page = store.monitors.listForUser(join("viewer").id, {}, 1, 1);
      expect(page.total).toBe(3);
      expect(page.rows).toEqual([{ monitor: store.monitors.byId(b.id)!, role: "viewer", organizationId: organization.id }]);
      expect(store.monitors.listForUser(addUser(store).id, {}, 10, 0)).toEqual({ rows: [], total: 0 });
    });

    test("a user's list searched by text: in the name or the target, in any case, % and _ taken as they are", () => {
      const store = current();
      const { user, monitor } = workspace(store);
      const [api, db, odd] = [
        monitor({ name: "Public API", url: "https://api.example.com/" }, T0),
        monitor({ kind: "tcp", name: "database", url: "DB.internal:5432" }, T0 + 1),
        monitor({ kind: "heartbeat", name: "100%_up", url: null }, T0 + 2),
      ];
      const search = (text: string) => store.monitors.listForUser(user.id, { text }, 10, 0);
      expect(search("api").rows.map((r) => r.monitor.id)).toEqual([api.id]);
      expect(search("db.INTERNAL").rows.map((r) => r.monitor.id)).toEqual([db.id]);
      expect(search("%_").rows.map((r) => r.monitor.id)).toEqual([odd.id]);
      expect(search("i").total).toBe(2);
      expect(search("nothing like it")).toEqual({ rows: [], total: 0 });
    });

    test("the active stream yields every unpaused monitor, decoded as byId reads it", () => {
      const store = current();
      const { monitor } = workspace(store);
      const running = monitor({ settings: { expected_status: "200" } });
      monitor({ isPaused: true });
      expect([...store.monitors.active()]).toEqual([running]);
    });
  });

  describe("events", () => {
    test("a transition flips the status once and records the event; a stale one changes nothing", () => {
      const store = current();
      const m = workspace(store).monitor();
      const event = store.events.transition(m.id, "pending", "down", "refused", T0 + 10, { checkedAt: T0 + 9 });
      expect(event).toMatchObject({ monitorId: m.id, fromStatus: "pending", toStatus: "down", reason: "refused", at: T0 + 10 });
      expect(store.events.transition(m.id, "pending", "up", null, T0 + 11)).toBeNull();
      expect(store.events.transition(m.id, "down", "down", null, T0 + 11)).toBeNull();
      expect(store.monitors.byId(m.id)).toMatchObject({ status: "down", statusReason: "refused", lastCheckedAt: T0 + 9 });
      store.events.transition(m.id, "down", "up", null, T0 + 20);
      expect(store.events.list(m.id, 10).map((e) => e.toStatus)).toEqual(["up", "down"]);
      expect(store.events.count(m.id)).toBe(2);
      expect(store.events.since(m.id, T0 + 10).map((e) => e.toStatus)).toEqual(["up"]);
      expect(store.events.statusAt(m.id, T0 + 15)).toBe("down");
      expect(store.events.statusAt(m.id, T0)).toBeUndefined();
    });

    test("several monitors at once: statuses at a time, changes since, the newest outages and recoveries", () => {
      const store = current();
      const { monitor } = workspace(store);
      const [a, b, quiet] = [monitor(), monitor(), monitor()];
      store.events.transition(a.id, "pending", "up", null, T0);
      store.events.transition(b.id, "pending", "down", "refused", T0 + 1);
      store.events.transition(a.id, "up", "down", "timeout", T0 + 2);
      store.events.transition(b.id, "down", "up", null, T0 + 3);
      store.events.transition(a.id, "down", "pending", "settings changed", T0 + 4);
      const ids = [a.id, b.id, quiet.id];
      expect(store.events.statusesAt(ids, T0 + 2)).toEqual(new Map([[a.id, "down"], [b.id, "down"]]));
      expect(store.events.statusesAt(ids, T0)).toEqual(new Map([[a.id, "up"]]));
      expect(store.events.sinceOf(ids, T0 + 1).map((e) => [e.monitorId, e.toStatus])).toEqual([[a.id, "down"], [b.id, "up"], [a.id, "pending"]]);
      expect(store.events.recentOutagesOf(ids, 3).map((e) => e.at - T0)).toEqual([4, 3, 2]);
      expect(store.events.recentOutagesOf([b.id], 10).map((e) => e.toStatus)).toEqual(["up", "down"]);
      expect(store.events.sinceOf([], T0)).toEqual([]);
    });

    test("inside a transaction that throws, the flip is undone and after-commit work never runs", () => {
      const store = current();
      const m = workspace(store).monitor();
      const ran: string[] = [];
      expect(() => store.transaction(() => {
        store.events.transition(m.id, "pending", "up", null, T0);
        store.afterCommit(() => ran.push("undone"));
        throw new Error("rolled back");
      })).toThrow("rolled back");
      store.transaction(() => store.afterCommit(() => ran.push("committed")));
      expect(ran).toEqual(["committed"]);
      expect(store.monitors.byId(m.id)?.status).toBe("pending");
      expect(store.events.count(m.id)).toBe(0);
    });
  });

  describe("heartbeats", () => {
    test("found by token with their settings; pings move the deadline; the overdue ones are those not down yet", () => {
      const store = current();
      const { monitor } = workspace(store);
      const beat = (token: string, nextDueAt: number) => monitor({
        kind: "heartbeat", url: null, pingToken: token, nextDueAt, settings: { grace_seconds: 30, schedule: "0 * * * *", timezone: "UTC" },
      });
      const late = beat("late", T0 + 10);
      const down = beat("down", T0 + 10);
      const later = beat("later", T0 + 50);
      store.events.transition(down.id, "pending", "down", "timeout", T0);
      expect(store.heartbeats.byToken("late")).toEqual({
        id: late.id, seq: late.seq, status: "pending", isPaused: false, intervalSeconds: 60, graceSeconds: 30, schedule: "0 * * * *", timezone: "UTC",
        nextDueAt: T0 + 10, lastCheckedAt: null,
      });
      expect(store.heartbeats.byToken("nope")).toBeUndefined();
      expect(store.heartbeats.byId(workspace(store).monitor().id)).toBeUndefined(); // not a heartbeat
      expect(store.heartbeats.overdue(T0 + 10).map((h) => h.id)).toEqual([late.id]);
      expect(store.heartbeats.earliestDeadline(T0 + 10, T0 + 100)).toBe(T0 + 50);
      store.heartbeats.recordPing(late.id, T0 + 11, T0 + 70);
      expect(store.heartbeats.byId(late.id)).toMatchObject({ lastCheckedAt: T0 + 11, nextDueAt: T0 + 70 });
      // not the deadline the sweep saw: kept, and the sweep is told
      expect(store.heartbeats.replaceDeadline(later.id, T0 + 1, T0 + 999)).toBe(false);
      expect(store.heartbeats.byId(later.id)?.nextDueAt).toBe(T0 + 50);
      expect(store.heartbeats.replaceDeadline(later.id, T0 + 50, null)).toBe(true);
      store.heartbeats.setDeadline(down.id, T0 + 5);
      expect(store.heartbeats.overdue(T0 + 1000).map((h) => h.id)).toEqual([late.id]);
      expect(store.heartbeats.earliestDeadline(T0, T0 + 60)).toBeNull();
    });

    test("a batch of pings: rows by many tokens (aliases too) and many deadlines in one call each", () => {
      const store = current();
      const { monitor } = workspace(store);
      const [a, b, c] = ["a", "b", "c"].map((token) => monitor({ kind: "heartbeat", url: null, pingToken: token, nextDueAt: T0 + 10 }));
      monitor({ pingToken: "http" }); // not a heartbeat
      store.imports.addAlias("key/b", b!.id);
      store.imports.addAlias("b", a!.id); // a token of its own wins over an alias spelled the same
      const found = store.heartbeats.byTokens(["a", "key/b", "b", "nope", "http"]);
      expect([...found.keys()].sort()).toEqual(["a", "b", "key/b"]);
      expect(found.get("a")).toEqual(store.heartbeats.byToken("a"));
      expect([found.get("key/b")?.id, found.get("b")?.id]).toEqual([b!.id, b!.id]);
      expect(store.heartbeats.byTokens([]).size).toBe(0);
      store.heartbeats.recordPings([{ id: a!.id, at: T0 + 5, nextDueAt: T0 + 65 }, { id: c!.id, at: T0 + 6, nextDueAt: null }]);
      expect(store.heartbeats.byId(a!.id)).toMatchObject({ lastCheckedAt: T0 + 5, nextDueAt: T0 + 65 });
      expect(store.heartbeats.byId(c!.id)).toMatchObject({ lastCheckedAt: T0 + 6, nextDueAt: null });
      expect(store.heartbeats.byId(b!.id)).toMatchObject({ lastCheckedAt: null, nextDueAt: T0 + 10 });
      store.heartbeats.recordPings([]);
    });
  });

  describe("imports", () => {
    test("what a source's id became is found in its organization, and replaced when imported again; aliases find their heartbeat", () => {
      const store = current();
      const { organization, monitor } = workspace(store);
      const other = workspace(store).organization;
      const [first, second] = [monitor({ kind: "heartbeat", url: null }), monitor({ kind: "heartbeat", url: null })];
      expect(store.imports.resourceOf(organization.id, "healthchecks", "uuid-1")).toBeUndefined();
      store.imports.record(organization.id, "healthchecks", "uuid-1", first.id, T0);
      store.imports.record(organization.id, "healthchecks", "uuid-1", second.id, T0 + 1);
      expect(store.imports.resourceOf(organization.id, "healthchecks", "uuid-1")).toBe(second.id);
      expect(store.imports.resourceOf(other.id, "healthchecks", "uuid-1")).toBeUndefined();
      expect(store.imports.resourceOf(organization.id, "cronitor", "uuid-1")).toBeUndefined();
      store.imports.addAlias("key/backup", first.id);
      expect(store.imports.aliasOwner("key/backup")).toBe(first.id);
      expect(store.imports.aliasOwner("key/other")).toBeUndefined();
    });
  });
};
