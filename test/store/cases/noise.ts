// What holds alerts back: monitor dependencies, maintenance windows, and the delivery log's held-back rows.
import { describe, expect, test } from "bun:test";
import type { Cases } from "../suite.ts";
import { addUser, T0, workspace } from "../fixtures.ts";

export const noiseCases: Cases = (current) => {
  describe("dependencies", () => {
    test("parents set and replaced; down parents by name; children; a parent's deletion removes the link", () => {
      const store = current();
      const { monitor } = workspace(store);
      const [router, modem, nas] = [monitor({ name: "router" }), monitor({ name: "modem", status: "down" }), monitor({ name: "nas" })];
      store.dependencies.setParents(nas.id, [router.id, modem.id]);
      expect(store.dependencies.parentsOf(nas.id)).toEqual([router.id, modem.id].sort());
      expect(store.dependencies.parentsOfMany([nas.id, router.id])).toEqual(new Map([[nas.id, [router.id, modem.id].sort()], [router.id, []]]));
      expect(store.dependencies.downParentsOf(nas.id)).toEqual([{ id: modem.id, name: "modem" }]);
      expect(store.dependencies.childIdsOf(router.id)).toEqual([nas.id]);
      const incident = store.incidents.open(nas.id, T0, "timeout");
      expect(store.dependencies.openIncidentsOfDependents().map((i) => i.id)).toEqual([incident.id]);
      store.monitors.delete(modem.id);
      expect(store.dependencies.parentsOf(nas.id)).toEqual([router.id]);
      store.dependencies.setParents(nas.id, []);
      expect(store.dependencies.childIdsOf(router.id)).toEqual([]);
    });
  });

  describe("maintenance windows", () => {
    test("saved with their links, visible to members only, found by the monitors they cover", () => {
      const store = current();
      const { user, organization, project, monitor } = workspace(store);
      const [db, web] = [monitor({ name: "db" }), monitor({ name: "web" })];
      const timing = { startsAt: null, endsAt: null, schedule: "0 3 * * 0", durationMinutes: 60, timezone: "Europe/Berlin", isActive: true };
      const byMonitor = store.maintenance.insert({ organizationId: organization.id, title: "db", ...timing, endHandledAt: T0 }, { monitorIds: [db.id], projectIds: [] }, T0);
      const byProject = store.maintenance.insert({ organizationId: organization.id, title: "all", ...timing, endHandledAt: T0 }, { monitorIds: [], projectIds: [project.id] }, T0 + 1);
      expect(store.maintenance.listForUser(user.id).map((w) => w.title)).toEqual(["all", "db"]);
      expect(store.maintenance.getForUser(byMonitor.id, addUser(store).id)).toBeUndefined();
      expect(store.maintenance.covering(db.id, project.id).map((w) => w.id).sort()).toEqual([byMonitor.id, byProject.id].sort());
      expect(store.maintenance.covering(web.id, project.id).map((w) => w.id)).toEqual([byProject.id]);
      expect(store.maintenance.monitorIdsCovered(byProject).sort()).toEqual([db.id, web.id].sort());
      expect(store.maintenance.monitorIdsIn(organization.id, [db.id, "elsewhere"])).toEqual(new Set([db.id]));
      expect(store.maintenance.projectIdsIn(organization.id, [project.id])).toEqual(new Set([project.id]));

      const off = store.maintenance.update(byProject.id, { isActive: false }, { monitorIds: [web.id], projectIds: [] }, T0 + 2);
      expect(off).toMatchObject({ isActive: false, monitorIds: [web.id], projectIds: [], updatedAt: T0 + 2 });
      expect(store.maintenance.allActive().map((w) => w.id)).toEqual([byMonitor.id]);
      expect(store.maintenance.activeOfOrganization(organization.id).map((w) => w.id)).toEqual([byMonitor.id]);
      // the end of an occurrence is handled once
      expect(store.maintenance.markEndHandled(byMonitor, T0 + 10)).toBe(true);
      expect(store.maintenance.markEndHandled(byMonitor, T0 + 10)).toBe(false);
      store.maintenance.delete(byMonitor.id);
      expect(store.maintenance.getForUser(byMonitor.id, user.id)).toBeUndefined();
    });
  });

  describe("held-back deliveries", () => {
    test("logged as suppressed; only deliveries not held back count as alerted; unsent downs can be held back", () => {
      const store = current();
      const { organization, monitor } = workspace(store);
      const channel = (name: string) => store.channels.insert({ organizationId: organization.id, name, kind: "webhook", config: { url: "https://hooks.example/" } }, T0);
      const [a, b] = [channel("a"), channel("b")];
      const m = monitor();
      const incident = store.incidents.open(m.id, T0, "timeout");
      const row = (channelId: string) => ({ channelId, monitorId: m.id, incidentId: incident.id, event: "down", message: { event: "down" } });
      const [held] = store.deliveries.enqueue([row(a.id)], T0, "maintenance");
      expect(store.deliveries.byId(held!)).toMatchObject({ state: "suppressed", reason: "maintenance", nextAttemptAt: null });
      expect(store.deliveries.alertedChannelIdsOf(incident.id)).toEqual([]);
      const [queued] = store.deliveries.enqueue([row(b.id)], T0);
      expect(store.deliveries.alertedChannelIdsOf(incident.id)).toEqual([b.id]);
      expect(store.deliveries.unsentDownOf(incident.id, T0).map((d) => d.id)).toEqual([queued!]);
      store.deliveries.setMessage(queued!, { event: "down", unreachable: [] });
      expect(store.deliveries.byId(queued!)!.message).toEqual({ event: "down", unreachable: [] });
      expect(store.deliveries.suppressUnsentDown(incident.id, "dependency", T0)).toBe(1);
      expect(store.deliveries.alertedChannelIdsOf(incident.id)).toEqual([]);
    });
  });
};
