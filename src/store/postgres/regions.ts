import { and, eq, notInArray } from "drizzle-orm";
import { regionResults, regions } from "../../db/postgres/schema.ts";
import { first, run, type PgDb } from "../../db/postgres/session.ts";
import type { RegionResultRow } from "../../domain/types.ts";
import { streakUpdates } from "../region-streaks.ts";
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
    record(result: RegionResult, rules: RegionRules): RegionResultRow[] {
      const streaks = streakUpdates(regionResults, result, rules);
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
