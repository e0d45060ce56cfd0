// Channels and their links, the delivery outbox, incidents, ssl expiry warnings given.
import { describe, expect, test } from "bun:test";
import type { Store } from "../../../src/store/store.ts";
import type { Cases } from "../suite.ts";
import { addUser, T0, workspace } from "../fixtures.ts";

function withChannel(store: Store) {
  const space = workspace(store);
  const channel = (name: string, more: { isDefault?: boolean; isEnabled?: boolean } = {}, at = T0) =>
    store.channels.insert({ organizationId: space.organization.id, name, kind: "webhook", config: { url: "https://hooks.example/" }, ...more }, at);
  return { ...space, channel };
}

export const alertingCases: Cases = (current) => {
  describe("channels", () => {
    test("visible to members, newest first; updated; defaults and organization membership answered", () => {
      const store = current();
      const { user, organization, channel } = withChannel(store);
      const a = channel("a", { isDefault: true }, T0);
      const b = channel("b", {}, T0 + 1);
      expect(a).toMatchObject({ isEnabled: true, lastError: null, lastSentAt: null });
      expect(store.channels.listForUser(user.id).map((c) => c.channel.id)).toEqual([b.id, a.id]);
      expect(store.channels.listForUser(user.id, T0 + 1).map((c) => c.channel.id)).toEqual([a.id]);
      expect(store.channels.getForUser(a.id, addUser(store).id)).toBeUndefined();
      expect(store.channels.defaultIdsOf(organization.id)).toEqual([a.id]);
      expect(store.channels.idsInOrganization(organization.id, [a.id, "elsewhere"])).toEqual(new Set([a.id]));
      expect(store.channels.update(b.id, { name: "bee" }, T0 + 2)).toMatchObject({ name: "bee", updatedAt: T0 + 2 });
      store.channels.recordError(b.id, "HTTP 500");
      store.channels.recordSent(a.id, T0 + 3);
      expect([store.channels.byId(a.id)?.lastSentAt, store.channels.byId(b.id)?.lastError]).toEqual([T0 + 3, "HTTP 500"]);
      store.channels.delete(b.id);
      expect(store.channels.byId(b.id)).toBeUndefined();
    });

    test("config and quiet hours come back as written, keys in their order (an export repeats them)", () => {
      const store = current();
      const { organization } = withChannel(store);
      const config = { url: "https://hooks.example/", method: "POST", secret: "s", headers: { "X-B": "1", "X-A": "2" } };
      const quietHours = { start: "22:00", end: "07:00", timezone: "Europe/Berlin", days: ["sat", "sun"] };
      const { id } = store.channels.insert({ organizationId: organization.id, name: "ops", kind: "webhook", config, quietHours }, T0);
      const stored = store.channels.byId(id)!;
      expect(JSON.stringify([stored.config, stored.quietHours])).toBe(JSON.stringify([config, quietHours]));
    });

    test("an alert goes to the enabled channels of the monitor and of its project, each once", () => {
      const store = current();
      const { project, organization, monitor, channel } = withChannel(store);
      const [own, shared, off] = [channel("own"), channel("shared"), channel("off", { isEnabled: false })];
      const [m, other] = [monitor(), monitor()];
      store.channels.setMonitorLinks(m.id, [own.id, shared.id, off.id]);
      store.channels.setProjectLinks(project.id, [shared.id]);
      expect(store.channels.routeOf(m.id, project.id).map((c) => c.id).sort()).toEqual([own.id, shared.id].sort());
      expect(store.channels.monitorLinks(m.id)).toEqual([own.id, shared.id, off.id].sort());
      expect(store.channels.projectLinks(project.id)).toEqual([shared.id]);
      expect(store.channels.linkAll(own.id, organization.id)).toBe(1);
      expect(store.channels.monitorLinksOf([other.id])).toEqual(new Map([[other.id, [own.id]]]));
      store.channels.setMonitorLinks(m.id, []);
      expect(store.channels.monitorLinks(m.id)).toEqual([]);
    });
  });

  describe("deliveries", () => {
    test("queued due at once, claimed by one caller, then sent, retried or failed with their attempts", () => {
      const store = current();
      const { organization, monitor, channel } = withChannel(store);
      const ch = channel("ops");
      const m = monitor();
      const message = { text: "down" };
      const [first, second] = store.deliveries.enqueue([0, 1].map(() => ({ channelId: ch.id, monitorId: m.id, incidentId: null, event: "down", message })), T0);
      expect(store.deliveries.byId(first!)).toMatchObject({ state: "pending", message, nextAttemptAt: T0 });
      expect(store.deliveries.dueChannels(T0)).toEqual([ch.id]);
      expect(store.deliveries.earliestDue()).toBe(T0);
      expect(store.deliveries.pendingCountIn([organization.id])).toBe(2);
      expect(store.deliveries.claim(first!, T0, T0 + 10_000)).toBe(true);
      expect(store.deliveries.claim(first!, T0, T0 + 10_000)).toBe(false);
      expect(store.deliveries.dueOf(ch.id, T0, 10).map((d) => d.id)).toEqual([second!]);
      store.deliveries.recordAttempt({ deliveryId: first!, at: T0, durationMs: 5, result: "error", error: "HTTP 500" });
      store.deliveries.markRetry(first!, T0 + 30_000);
      expect(store.deliveries.byId(first!)).toMatchObject({ state: "retrying", nextAttemptAt: T0 + 30_000 });
      store.deliveries.markSent(first!, T0 + 30_001);
      store.deliveries.markFailed(first!, "too late"); // done already: stays sent
      store.deliveries.suppress([second!], "rate_limited", first!);
      expect(store.deliveries.byId(first!)).toMatchObject({ state: "sent", sentAt: T0 + 30_001, nextAttemptAt: null });
      expect(store.deliveries.byId(second!)).toMatchObject({ state: "suppressed", reason: "rate_limited", carriedBy: first! });
      expect(store.deliveries.attemptsOf(first!).map((a) => a.error)).toEqual(["HTTP 500"]);
      const attempts = (list: { id: string; attempts: unknown[] }[]) => Object.fromEntries(list.map((d) => [d.id, d.attempts.length]));
      expect(attempts(store.deliveries.listForMonitor(m.id, 10))).toEqual({ [first!]: 1, [second!]: 0 });
      expect(attempts(store.deliveries.listForChannel(ch.id, 10))).toEqual({ [first!]: 1, [second!]: 0 });
      expect(store.deliveries.earliestDue()).toBeNull();
      expect(store.deliveries.pendingCountIn([organization.id])).toBe(0);
    });
  });

  describe("incidents", () => {
    test("opened and resolved once; acknowledged once; paged for members; open ones of some monitors", () => {
      const store = current();
      const { user, monitor } = workspace(store);
      const m = monitor();
      const incident = store.incidents.open(m.id, T0, "refused");
      expect(store.incidents.openOf(m.id)).toEqual(incident);
      expect(store.incidents.openFor([m.id]).map((i) => i.id)).toEqual([incident.id]);
      expect(store.incidents.acknowledge(incident.id, { userId: user.id, via: "api" }, T0 + 1)).toBe(true);
      expect(store.incidents.acknowledge(incident.id, { userId: null, via: "link" }, T0 + 2)).toBe(false);
      store.incidents.resolve(incident.id, T0 + 5);
      store.incidents.resolve(incident.id, T0 + 9);
      expect(store.incidents.getForUser(incident.id, user.id))
        .toMatchObject({ acknowledgedAt: T0 + 1, acknowledgedBy: user.id, acknowledgedVia: "api", resolvedAt: T0 + 5 });
      expect(store.incidents.byId(incident.id)).toEqual(store.incidents.getForUser(incident.id, user.id)!);
      expect(store.incidents.getForUser(incident.id, addUser(store).id)).toBeUndefined();
      const later = store.incidents.open(m.id, T0 + 10, "timeout");
      expect(store.incidents.listForMonitor(m.id, 10).map((i) => i.id)).toEqual([later.id, incident.id]);
      expect(store.incidents.listForMonitor(m.id, 10, T0 + 10).map((i) => i.id)).toEqual([incident.id]);
      const page = (status?: "open" | "resolved") => store.incidents.pageForUser(user.id, status, { limit: 1, offset: 0 });
      expect(page()).toEqual({ items: [store.incidents.openOf(m.id)!], total: 2 });
      expect(page("resolved").items.map((i) => i.id)).toEqual([incident.id]);
    });

    test("reminders are due for open, unacknowledged incidents of down monitors, and counted once", () => {
      const store = current();
      const { organization, monitor } = workspace(store);
      const m = monitor({ name: "mail", remindEveryMinutes: 10 });
      const quiet = monitor({ name: "api" });
      store.events.transition(m.id, "pending", "down", "refused", T0);
      store.events.transition(quiet.id, "pending", "down", "timeout", T0);
      const incident = store.incidents.open(m.id, T0, "refused");
      expect(store.incidents.downMonitorsOf(organization.id, "none", 10).map((d) => [d.name, d.startedAt])).toEqual([["api", null], ["mail", T0]]);
      expect(store.incidents.dueReminders(T0 + 10 * 60_000 - 1)).toEqual([]);
      const [due] = store.incidents.dueReminders(T0 + 10 * 60_000);
      expect(due).toEqual({ incident, remindEveryMinutes: 10 });
      expect(store.incidents.markReminded(due!.incident, T0 + 10 * 60_000)).toBe(true);
      expect(store.incidents.markReminded(due!.incident, T0 + 10 * 60_000)).toBe(false);
      expect(store.incidents.dueReminders(T0 + 19 * 60_000)).toEqual([]);
    });
  });

  describe("ssl warnings", () => {
    test("claimed once per monitor, certificate and threshold", () => {
      const store = current();
      const { monitor } = workspace(store);
      const [m, other] = [monitor(), monitor({ name: "other" })];
      const certificate = { fingerprint: "AB:CD", expiresAt: T0 + 9 * 86_400_000, thresholdDays: 14 };
      expect(store.sslWarnings.claim(m.id, certificate, T0)).toBe(true);
      expect(store.sslWarnings.claim(m.id, certificate, T0 + 60_000)).toBe(false);
      expect(store.sslWarnings.claim(m.id, { ...certificate, thresholdDays: 7 }, T0)).toBe(true);
      expect(store.sslWarnings.claim(m.id, { ...certificate, fingerprint: "EF:01" }, T0)).toBe(true);
      expect(store.sslWarnings.claim(other.id, certificate, T0)).toBe(true);
    });
  });
};
