import { and, eq, notInArray, sql } from "drizzle-orm";
import { regionResults, regions } from "../../db/postgres/schema.ts";
import { first, run, type PgDb } from "../../db/postgres/session.ts";
import type { RegionResultRow } from "../../domain/types.ts";
import type { RegionResult, RegionRules, RegionsStore } from "../store.ts";

export function regionsStore(db: PgDb): RegionsStore {
  const latestOf = (monitorSeq: number): RegionResultRow[] =>
    run(db.select().from(regionResults).where(eq(regionResults.monitorSeq, monitorSeq)).orderBy(regionResults.regionId));
  return {
    /** The first instance of a region makes its id; the others, here or elsewhere, read it. */
    idOf(name: string): number {
      const made = first(db.insert(regions).values({ name }).onConflictDoNothing().returning({ id: regions.id }));
      return made?.id ?? first(db.select({ id: regions.id }).from(regions).where(eq(regions.name, name)))!.id;
    },
    names: () => new Map(run(db.select().from(regions)).map((r) => [r.id, r.name])),
    record(result: RegionResult, { retries, recoveryChecks }: RegionRules): RegionResultRow[] {
      const { failStreak, successStreak } = regionResults;
      // a failing region keeps its fail streak until enough successes in a row: the streak is what says it still fails
      const recovering = sql`${failStreak} > ${retries} AND ${successStreak} + 1 < ${recoveryChecks}`;
      const streaks = result.isUp
        ? { successStreak: sql`${successStreak} + 1`, failStreak: sql`CASE WHEN ${recovering} THEN ${failStreak} ELSE 0 END` }
        : { successStreak: 0, failStreak: sql`${failStreak} + 1` };
      run(db.insert(regionResults).values({ ...result, failStreak: result.isUp ? 0 : 1, successStreak: result.isUp ? 1 : 0 })
        .onConflictDoUpdate({
          target: [regionResults.monitorSeq, regionResults.regionId],
          set: { checkedAt: result.checkedAt, isUp: result.isUp, errorMessage: result.errorMessage, ...streaks },
        }));
      return latestOf(result.monitorSeq);
    },
    latestOf,
    keepOnly(monitorSeq: number, regionIds: number[]): void {
      const unlisted = regionIds.length > 0 ? notInArray(regionResults.regionId, regionIds) : undefined;
      run(db.delete(regionResults).where(and(eq(regionResults.monitorSeq, monitorSeq), unlisted)));
    },
  };
}
