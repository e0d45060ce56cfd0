import { and, eq } from "drizzle-orm";
import type { Db } from "../db/open.ts";
import { incidents, monitorEscalations } from "../db/schema.ts";
import type { IncidentRow } from "../domain/types.ts";
import { BoundedCache } from "./cache.ts";
import { dueByIncident, stepsFrom, type StepRow } from "./escalation-steps.ts";
import type { DueEscalation, EscalationStep, EscalationsStore } from "./store.ts";

export function escalationsStore(db: Db): EscalationsStore {
  // every API read of a monitor shows its steps; setSteps and a deleted channel (its rows cascade) clear them
  const remembered = new BoundedCache<string, EscalationStep[]>(30_000);
  const stepRows = db.$client.query("SELECT after_minutes AS afterMinutes, channel_id AS channelId FROM monitor_escalations WHERE monitor_id = ?");
  const stepsOf = (monitorId: string): EscalationStep[] =>
    remembered.get(monitorId, () => stepsFrom(stepRows.all(monitorId) as StepRow[]));
  // open, unacknowledged incidents of down, unpaused monitors with a step past the last one sent that is due by now
  const due = db.$client.query(
    `SELECT i.id AS incidentId, e.after_minutes AS afterMinutes, e.channel_id AS channelId FROM incidents i
     JOIN monitors m ON m.id = i.monitor_id
     JOIN monitor_escalations e ON e.monitor_id = i.monitor_id AND e.after_minutes > i.escalated_minutes
     WHERE i.resolved_at IS NULL AND i.acknowledged_at IS NULL AND m.status = 'down' AND m.is_paused = 0
       AND i.started_at + e.after_minutes * 60000 <= ?`,
  );

  return {
    setSteps(monitorId: string, steps: EscalationStep[]): void {
      db.transaction((tx) => {
        tx.delete(monitorEscalations).where(eq(monitorEscalations.monitorId, monitorId)).run();
        const rows = steps.flatMap((s) => s.channelIds.map((channelId) => ({ monitorId, afterMinutes: s.afterMinutes, channelId })));
        if (rows.length > 0) tx.insert(monitorEscalations).values(rows).run();
      });
      remembered.delete(monitorId);
    },
    stepsOf,
    // a page of monitors reads through the same memory: after the first page, no query at all
    stepsOfMany: (monitorIds: string[]) => new Map(monitorIds.map((id) => [id, stepsOf(id)])),
    channelDeleted: () => remembered.clear(),
    due: (now: number): DueEscalation[] => dueByIncident(due.all(now) as (StepRow & { incidentId: string })[]),
    markEscalated: (incident: IncidentRow, upToMinutes: number): boolean =>
      db.update(incidents).set({ escalatedMinutes: upToMinutes })
        .where(and(eq(incidents.id, incident.id), eq(incidents.escalatedMinutes, incident.escalatedMinutes)))
        .returning({ id: incidents.id }).all().length === 1,
  };
}
