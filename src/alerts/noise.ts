// Why an alert is not sent now: the monitor is in a maintenance window, it is flapping, or a monitor it depends on is down.
// Each answer is the reason its delivery rows are logged with (the why-not log).
import type { MonitorRow } from "../domain/types.ts";
import { windowOf } from "../maintenance/service.ts";
import { OPENING_EVENTS } from "../enums.ts";
import type { Store } from "../store/index.ts";
import type { AlertEvent } from "./message.ts";

export type HeldBack =
  | { reason: "maintenance" }
  | { reason: "flapping" }
  | { reason: "dependency"; statusReason: string; parents: { id: string; name: string }[] };

/** A down, a late heartbeat or an ssl expiry warning: what a down parent holds back, and what later events follow. */
export const opensIncident = (event: AlertEvent): boolean => (OPENING_EVENTS as readonly string[]).includes(event);

export const unreachableReason = (parents: { name: string }[]) =>
  `unreachable: ${parents.map((p) => p.name).join(", ")} ${parents.length === 1 ? "is" : "are"} down`;

/**
 * Null when the alert goes out. Maintenance holds back every event; flapping every event but its own notice; a down parent
 * holds back the opening one.
 */
export function heldBack(store: Store, monitor: MonitorRow, event: AlertEvent, at: number): HeldBack | null {
  if (windowOf(store, monitor, at)) return { reason: "maintenance" };
  if (monitor.flappingSince !== null && event !== "flapping") return { reason: "flapping" };
  if (!opensIncident(event)) return null;
  const parents = store.dependencies.downParentsOf(monitor.id);
  return parents.length === 0 ? null : { reason: "dependency", statusReason: unreachableReason(parents), parents };
}
