import { and, eq, inArray, isNull } from "drizzle-orm";
import { listsByKey } from "./grouping.ts";
import type { Db } from "../db/open.ts";
import { incidents, monitorDependencies } from "../db/schema.ts";
import type { IncidentRow } from "../domain/types.ts";
import type { DependenciesStore } from "./store.ts";

export function dependenciesStore(db: Db): DependenciesStore {
  // runs inside flips: a monitor's parents that are down now, by name
  const downParents = db.$client.query(
    `SELECT m.id, m.name FROM monitor_dependencies d JOIN monitors m ON m.id = d.depends_on_id
     WHERE d.monitor_id = ? AND m.status = 'down' AND m.is_paused = 0 ORDER BY m.name`,
  );
  // every API read of a monitor shows its depends_on
  const parentsOf = db.$client.query("SELECT depends_on_id AS id FROM monitor_dependencies WHERE monitor_id = ? ORDER BY depends_on_id");
  // a page of monitors (a JSON array of ids): one statement for any page, where drizzle built one per call
  const parentsOfMany = db.$client.query<{ monitorId: string; dependsOnId: string }, [string]>(
    "SELECT monitor_id AS monitorId, depends_on_id AS dependsOnId FROM monitor_dependencies WHERE monitor_id IN (SELECT value FROM json_each(?)) ORDER BY depends_on_id",
  );
  const children = db.$client.query(`SELECT monitor_id AS id FROM monitor_dependencies WHERE depends_on_id = ?`);

  return {
    setParents(monitorId: string, parentIds: string[]): void {
      db.transaction((tx) => {
        tx.delete(monitorDependencies).where(eq(monitorDependencies.monitorId, monitorId)).run();
        if (parentIds.length > 0) tx.insert(monitorDependencies).values(parentIds.map((dependsOnId) => ({ monitorId, dependsOnId }))).run();
      });
    },
    parentsOf: (monitorId: string): string[] => (parentsOf.all(monitorId) as { id: string }[]).map((r) => r.id),
    /** Parent ids per monitor, for a page of monitors in one query. */
    parentsOfMany: (monitorIds: string[]): Map<string, string[]> =>
      listsByKey(monitorIds, monitorIds.length === 0 ? [] : parentsOfMany.all(JSON.stringify(monitorIds)), (r) => r.monitorId, (r) => r.dependsOnId),
    downParentsOf: (monitorId: string): { id: string; name: string }[] => downParents.all(monitorId) as { id: string; name: string }[],
    /** Open incidents of monitors that have parents: the children whose held-back down may be due. */
    openIncidentsOfDependents: (): IncidentRow[] =>
      db.select().from(incidents).where(and(
        isNull(incidents.resolvedAt),
        inArray(incidents.monitorId, db.selectDistinct({ id: monitorDependencies.monitorId }).from(monitorDependencies)),
      )).all(),
    childIdsOf: (parentId: string): string[] => (children.all(parentId) as { id: string }[]).map((r) => r.id),
  };
}
