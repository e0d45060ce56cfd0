import { and, eq, notInArray, sql } from "drizzle-orm";
import type { Db } from "../db/open.ts";
import { regionResults, regions } from "../db/schema.ts";
import type { RegionResultRow } from "../domain/types.ts";
import type { RegionResult, RegionRules, RegionsStore } from "./store.ts";

export function regionsStore(db: Db): RegionsStore {
  const latestOf = (monitorSeq: number): RegionResultRow[] =>
    db.select().from(regionResults).where(eq(regionResults.monitorSeq, monitorSeq)).orderBy(regionResults.regionId).all();
  return {
    idOf(name: string): number {
      db.insert(regions).values({ name }).onConflictDoNothing().run();
      return db.select({ id: regions.id }).from(regions).where(eq(regions.name, name)).get()!.id;
    },
    names: () => new Map(db.select().from(regions).all().map((r) => [r.id, r.name])),
    record(result: RegionResult, { retries, recoveryChecks }: RegionRules): RegionResultRow[] {
      const { failStreak, successStreak } = regionResults;
      // a failing region keeps its fail streak until enough successes in a row: the streak is what says it still fails
      const recovering = sql`${failStreak} > ${retries} AND ${successStreak} + 1 < ${recoveryChecks}`;
      const streaks = result.isUp
        ? { successStreak: sql`${successStreak} + 1`, failStreak: sql`CASE WHEN ${recovering} THEN ${failStreak} ELSE 0 END` }
        : { successStreak: 0, failStreak: sql`${failStreak} + 1` };
      db.insert(regionResults).values({ ...result, failStreak: result.isUp ? 0 : 1, successStreak: result.isUp ? 1 : 0 })
        .onConflictDoUpdate({
          target: [regionResults.monitorSeq, regionResults.regionId],
          set: { checkedAt: result.checkedAt, isUp: result.isUp, errorMessage: result.errorMessage, ...streaks },
        }).run();
      return latestOf(result.monitorSeq);
    },
    latestOf,
    keepOnly(monitorSeq: number, regionIds: number[]): void {
      const unlisted = regionIds.length > 0 ? notInArray(regionResults.regionId, regionIds) : undefined;
      db.delete(regionResults).where(and(eq(regionResults.monitorSeq, monitorSeq), unlisted)).run();
    },
  };
}
