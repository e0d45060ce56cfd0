// Escalation steps and when they fall due, flapping's counts, and the secrets the server keeps for itself.
import { describe, expect, test } from "bun:test";
import type { Cases } from "../suite.ts";
import { T0, workspace } from "../fixtures.ts";

const MINUTE = 60_000;

export const escalationCases: Cases = (current) => {
  describe("escalations", () => {
    test("steps saved and replaced by after_minutes; due once past the last one sent; not once acknowledged; gone with their channels", () => {
      const store = current();
      const { organization, monitor } = workspace(store);
      const channel = (name: string) =>
        store.channels.insert({ organizationId: organization.id, name, kind: "webhook", config: { url: "https://hooks.example/" } }, T0);
      const [lead, boss] = [channel("lead"), channel("boss")];
      const m = monitor({ status: "down" });
      store.escalations.setSteps(m.id, [{ afterMinutes: 30, channelIds: [boss.id] }, { afterMinutes: 5, channelIds: [lead.id, boss.id] }]);
      expect(store.escalations.stepsOf(m.id)).toEqual([
        { afterMinutes: 5, channelIds: [lead.id, boss.id].sort() }, { afterMinutes: 30, channelIds: [boss.id] },
      ]);
      expect(store.escalations.stepsOfMany([m.id, "none"]).get("none")).toEqual([]);

      const incident = store.incidents.open(m.id, T0, "refused");
      expect(store.escalations.due(T0 + 5 * MINUTE - 1)).toEqual([]);
      expect(store.escalations.due(T0 + 30 * MINUTE)).toEqual([{ incidentId: incident.id, steps: store.escalations.stepsOf(m.id) }]);
      expect(store.escalations.markEscalated(incident, 5)).toBe(true);
      expect(store.escalations.markEscalated(incident, 5)).toBe(false); // another sweep's copy of the row
      expect(store.escalations.due(T0 + 30 * MINUTE).map((d) => d.steps.map((s) => s.afterMinutes))).toEqual([[30]]);
      store.incidents.acknowledge(incident.id, { userId: null, via: "link" }, T0 + MINUTE);
      expect(store.escalations.due(T0 + 30 * MINUTE)).toEqual([]);

      store.channels.delete(boss.id);
      expect(store.escalations.stepsOf(m.id)).toEqual([{ afterMinutes: 5, channelIds: [lead.id] }]);
      store.escalations.setSteps(m.id, []);
      expect(store.escalations.stepsOf(m.id)).toEqual([]);
    });
  });

  describe("flapping", () => {
    test("changes between up and down counted after a time; flapping monitors listed", () => {
      const store = current();
      const { monitor } = workspace(store);
      const m = monitor();
      store.events.transition(m.id, "pending", "up", null, T0);
      store.events.transition(m.id, "up", "down", "refused", T0 + MINUTE);
      store.events.transition(m.id, "down", "up", null, T0 + 2 * MINUTE);
      store.events.transition(m.id, "up", "pending", "settings changed", T0 + 3 * MINUTE);
      expect(store.flapping.changesSince(m.id, T0 - 1)).toBe(2);
      expect(store.flapping.changesSince(m.id, T0 + MINUTE)).toBe(1);
      expect(store.flapping.lastChangeAt(m.id)).toBe(T0 + 3 * MINUTE);
      expect(store.flapping.lastChangeAt(monitor({ name: "new" }).id)).toBeNull();
      store.flapping.setFlappingSince(m.id, T0 + 2 * MINUTE);
      expect(store.flapping.flapping().map((f) => [f.id, f.flappingSince])).toEqual([[m.id, T0 + 2 * MINUTE]]);
      store.flapping.setFlappingSince(m.id, null);
      expect(store.flapping.flapping()).toEqual([]);
    });
  });

  describe("server secrets", () => {
    test("made on first use, the same afterwards", () => {
      const store = current();
      expect(store.serverSecrets.getOrCreate("key", () => "first", T0)).toBe("first");
      expect(store.serverSecrets.getOrCreate("key", () => "second", T0 + 1)).toBe("first");
      expect(store.serverSecrets.getOrCreate("other", () => "third", T0 + 1)).toBe("third");
    });
  });
};
