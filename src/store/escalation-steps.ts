// Escalation rows (one per step and channel) regrouped into steps, for both stores.
import type { DueEscalation, EscalationStep } from "./store.ts";

export interface StepRow { afterMinutes: number; channelId: string }

/** Rows → steps by after_minutes, channels sorted. */
export function stepsFrom(rows: StepRow[]): EscalationStep[] {
  const byMinutes = new Map<number, string[]>();
  for (const row of rows) byMinutes.set(row.afterMinutes, [...(byMinutes.get(row.afterMinutes) ?? []), row.channelId]);
  return [...byMinutes].sort(([a], [b]) => a - b).map(([afterMinutes, channelIds]) => ({ afterMinutes, channelIds: channelIds.sort() }));
}

/** Due step rows of several incidents → each incident with its steps. */
export function dueByIncident(rows: (StepRow & { incidentId: string })[]): DueEscalation[] {
  const byIncident = new Map<string, StepRow[]>();
  for (const row of rows) byIncident.set(row.incidentId, [...(byIncident.get(row.incidentId) ?? []), row]);
  return [...byIncident].map(([incidentId, steps]) => ({ incidentId, steps: stepsFrom(steps) }));
}
