import { and, eq, notInArray } from "drizzle-orm";
import type { Db } from "../db/open.ts";
import { regionResults, regions } from "../db/schema.ts";
import type { RegionResultRow } from "../domain/types.ts";
import { streakUpdates } from "./region-streaks.ts";
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
    record(result: RegionResult, rules: RegionRules): RegionResultRow[] {
      const streaks = streakUpdates(regionResults, result, rules);
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
