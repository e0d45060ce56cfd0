import { and, eq, gt, inArray, isNull, sql } from "drizzle-orm";
import { incidents, monitorEscalations, monitors } from "../../db/postgres/schema.ts";
import { run, type PgDb } from "../../db/postgres/session.ts";
import type { IncidentRow } from "../../domain/types.ts";
import { dueByIncident, stepsFrom } from "../escalation-steps.ts";
import { listsByKey } from "../grouping.ts";
import type { DueEscalation, EscalationStep, EscalationsStore, Store } from "../store.ts";

export function escalationsStore(db: PgDb, transaction: Store["transaction"]): EscalationsStore {
  const step = { afterMinutes: monitorEscalations.afterMinutes, channelId: monitorEscalations.channelId };
  const stepsOfMany = (monitorIds: string[]): Map<string, EscalationStep[]> => {
    const rows = monitorIds.length === 0 ? [] : run(db.select({ monitorId: monitorEscalations.monitorId, ...step }).from(monitorEscalations)
      .where(inArray(monitorEscalations.monitorId, monitorIds)));
    return new Map([...listsByKey(monitorIds, rows, (r) => r.monitorId, (r) => r)].map(([id, list]) => [id, stepsFrom(list)]));
  };
  return {
    setSteps(monitorId: string, steps: EscalationStep[]): void {
      transaction(() => {
        run(db.delete(monitorEscalations).where(eq(monitorEscalations.monitorId, monitorId)));
        const rows = steps.flatMap((s) => s.channelIds.map((channelId) => ({ monitorId, afterMinutes: s.afterMinutes, channelId })));
        if (rows.length > 0) run(db.insert(monitorEscalations).values(rows));
      });
    },
    stepsOf: (monitorId: string): EscalationStep[] => stepsOfMany([monitorId]).get(monitorId)!,
    stepsOfMany,
    // nothing remembered here (another instance may change the steps): a deleted channel's steps are simply gone
    channelDeleted: () => {},
    /** Open, unacknowledged incidents of down, unpaused monitors with a step past the last one sent that is due by `now`. */
    due: (now: number): DueEscalation[] =>
      dueByIncident(run(db.select({ incidentId: incidents.id, ...step }).from(incidents)
        .innerJoin(monitors, eq(monitors.id, incidents.monitorId))
        .innerJoin(monitorEscalations, and(eq(monitorEscalations.monitorId, incidents.monitorId), gt(monitorEscalations.afterMinutes, incidents.escalatedMinutes)))
        .where(and(
          isNull(incidents.resolvedAt), isNull(incidents.acknowledgedAt), eq(monitors.status, "down"), eq(monitors.isPaused, false),
          sql`${incidents.startedAt} + ${monitorEscalations.afterMinutes} * 60000::bigint <= ${now}`,
        )))),
    /** Records the steps up to `upToMinutes` as sent, once: false when another sweep got there first. */
    markEscalated: (incident: IncidentRow, upToMinutes: number): boolean =>
      run(db.update(incidents).set({ escalatedMinutes: upToMinutes })
        .where(and(eq(incidents.id, incident.id), eq(incidents.escalatedMinutes, incident.escalatedMinutes)))
        .returning({ id: incidents.id })).length === 1,
  };
}
