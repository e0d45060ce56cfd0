// How a region's streaks move with a new result, for both backends' upsert (the columns are the dialect's own).
import { sql, type Column } from "drizzle-orm";
import type { RegionResult, RegionRules } from "./store.ts";

export function streakUpdates(
  { failStreak, successStreak }: { failStreak: Column; successStreak: Column },
  result: RegionResult,
  { retries, recoveryChecks }: RegionRules,
) {
  // a failing region keeps its fail streak until enough successes in a row: the streak is what says it still fails
  const recovering = sql`${failStreak} > ${retries} AND ${successStreak} + 1 < ${recoveryChecks}`;
  return result.isUp
    ? { successStreak: sql`${successStreak} + 1`, failStreak: sql`CASE WHEN ${recovering} THEN ${failStreak} ELSE 0 END` }
    : { successStreak: 0, failStreak: sql`${failStreak} + 1` };
}
