// What both stores make of the dashboard strips' rows (recent-results.ts and its PostgreSQL twin).
import type { RecentResult } from "./store.ts";

/** Rows in order, each monitor's in one list under its key. */
export function groupedByKey<K>(rows: (RecentResult & { key: K })[]): Map<K, RecentResult[]> {
  const byKey = new Map<K, RecentResult[]>();
  for (const { key, ...result } of rows) {
    let list = byKey.get(key);
    if (!list) byKey.set(key, (list = []));
    list.push(result);
  }
  return byKey;
}

/** A heartbeat run's end as a result: a fail says its exit code when it had one. */
export const runResult = <K>(key: K, at: number, isUp: boolean, code: number | null, ms: number | null): RecentResult & { key: K } =>
  ({ key, at, isUp, code, ms, error: isUp ? null : code === null ? "fail" : `exit code ${code}` });
