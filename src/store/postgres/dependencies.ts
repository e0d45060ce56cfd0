import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import { incidents, monitorDependencies, monitors } from "../../db/postgres/schema.ts";
import { run, type PgDb } from "../../db/postgres/session.ts";
import type { IncidentRow } from "../../domain/types.ts";
import { listsByKey } from "../grouping.ts";
import type { DependenciesStore, Store } from "../store.ts";

export function dependenciesStore(db: PgDb, transaction: Store["transaction"]): DependenciesStore {
  const ofMonitors = (monitorIds: string[]) =>
    run(db.select().from(monitorDependencies).where(inArray(monitorDependencies.monitorId, monitorIds)).orderBy(monitorDependencies.dependsOnId));
  return {
    setParents(monitorId: string, parentIds: string[]): void {
      transaction(() => {
        run(db.delete(monitorDependencies).where(eq(monitorDependencies.monitorId, monitorId)));
        if (parentIds.length > 0) run(db.insert(monitorDependencies).values(parentIds.map((dependsOnId) => ({ monitorId, dependsOnId }))));
      });
    },
    parentsOf: (monitorId: string): string[] => ofMonitors([monitorId]).map((r) => r.dependsOnId),
    /** Parent ids per monitor, for a page of monitors in one query. */
    parentsOfMany: (monitorIds: string[]): Map<string, string[]> =>
      listsByKey(monitorIds, monitorIds.length === 0 ? [] : ofMonitors(monitorIds), (r) => r.monitorId, (r) => r.dependsOnId),
    /** The monitor's parents that are down (and not paused) now, by name. */
    downParentsOf: (monitorId: string): { id: string; name: string }[] =>
      run(db.select({ id: monitors.id, name: monitors.name }).from(monitorDependencies)
        .innerJoin(monitors, eq(monitors.id, monitorDependencies.dependsOnId))
        .where(and(eq(monitorDependencies.monitorId, monitorId), eq(monitors.status, "down"), eq(monitors.isPaused, false)))
        .orderBy(asc(monitors.name))),
    /** Open incidents of monitors that have parents: the children whose held-back down may be due. */
    openIncidentsOfDependents: (): IncidentRow[] =>
      run(db.select().from(incidents).where(and(
        isNull(incidents.resolvedAt),
        inArray(incidents.monitorId, db.selectDistinct({ id: monitorDependencies.monitorId }).from(monitorDependencies)),
      ))),
    childIdsOf: (parentId: string): string[] =>
      run(db.select({ id: monitorDependencies.monitorId }).from(monitorDependencies).where(eq(monitorDependencies.dependsOnId, parentId)))
        .map((r) => r.id),
  };
}
