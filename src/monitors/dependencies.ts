// `depends_on`: the monitors whose down holds back this one's down alert. Each must be a monitor of the same
// organization, and following them must never lead back (a cycle would hold both back forever).
import * as v from "valibot";
import { invalid } from "../errors.ts";
import type { Store } from "../store/index.ts";

export const MonitorIds = v.pipe(
  v.array(v.pipe(v.string("must be monitor ids"), v.uuid("must be monitor ids")), "must be a list of monitor ids"),
  v.maxLength(50, "must list at most 50 monitors"),
);

const refuse = (message: string, field = "depends_on") => invalid([{ field, message }]);

/** Monitor ids without repeats; a 400 naming `field` for a monitor of another organization, or the monitor itself. */
export function checkMonitorIds(store: Store, organizationId: string, monitorId: string | null, ids: string[], field: string, itself: string): string[] {
  const unique = [...new Set(ids)];
  if (monitorId !== null && unique.includes(monitorId)) throw refuse(itself, field);
  const known = store.maintenance.monitorIdsIn(organizationId, unique);
  const unknown = unique.filter((id) => !known.has(id));
  if (unknown.length > 0) throw refuse(`not monitors of this organization: ${unknown.join(", ")}`, field);
  return unique;
}

/** The parent ids without repeats; a 400 naming `depends_on` for a stranger, itself or a cycle. */
export function checkDependsOn(store: Store, organizationId: string, monitorId: string | null, ids: string[]): string[] {
  const unique = checkMonitorIds(store, organizationId, monitorId, ids, "depends_on", "a monitor cannot depend on itself");
  if (monitorId === null) return unique; // nothing depends on a monitor not yet made
  const seen = new Set<string>();
  const walk = [...unique];
  while (walk.length > 0) {
    const id = walk.pop()!;
    if (id === monitorId) throw refuse("would make a cycle: this monitor is among the monitors it depends on, through their own depends_on");
    if (seen.has(id)) continue;
    seen.add(id);
    walk.push(...store.dependencies.parentsOf(id));
  }
  return unique;
}
