// Multi-location monitors: each region in `regions` checks it, and it is down while at least `min_failing_regions`
// of them fail. A region fails once its failures in a row pass the monitor's retries, and recovers after
// `recovery_checks` successes in a row (its stored fail streak is kept until then); one silent for two intervals
// and a lease timeout (no instance of it is checking) counts neither way.
import type { MonitorRow, RegionResultRow } from "../domain/types.ts";
import { LEASE_TIMEOUT_MS } from "../cluster/timings.ts";
import type { Store } from "../store/index.ts";
import type { Flip, StatusChanges } from "./status.ts";

export type Status = MonitorRow["status"];

/** One region's latest result as the status rule and the API see it, by label. */
export interface RegionResult extends Omit<RegionResultRow, "regionId" | "monitorSeq"> {
  region: string;
}

type Rules = Pick<MonitorRow, "regions" | "retries" | "intervalSeconds" | "minFailingRegions">;

/** The results older than this count neither as up nor as failing. */
export const staleAfterMs = (m: Pick<MonitorRow, "intervalSeconds">) => 2 * m.intervalSeconds * 1000 + LEASE_TIMEOUT_MS;

/** The monitor's results by region label, in its own order; only the regions it lists. */
export function resultsByRegion(m: Pick<MonitorRow, "regions">, rows: RegionResultRow[], names: Map<number, string>): RegionResult[] {
  const byName = new Map(rows.map(({ regionId, monitorSeq: _, ...rest }) => [names.get(regionId), rest]));
  return m.regions.flatMap((region) => {
    const row = byName.get(region);
    return row ? [{ region, ...row }] : [];
  });
}

/** Down, with the failing regions and the newest failure's error as the reason, or up. */
export function regionalStatus(m: Rules, results: RegionResult[], now: number): { status: Status; reason: string | null } {
  const fresh = results.filter((r) => r.checkedAt > now - staleAfterMs(m));
  const failing = fresh.filter((r) => r.failStreak > m.retries);
  if (failing.length < m.minFailingRegions) return { status: "up", reason: null };
  // the newest error of a region still failing its checks; all of them up again: they are recovering
  const newest = failing.filter((r) => !r.isUp).reduce<RegionResult | null>((a, b) => (a && a.checkedAt >= b.checkedAt ? a : b), null);
  return { status: "down", reason: `failing from ${failing.map((r) => r.region).join(", ")}: ${newest ? (newest.errorMessage ?? "check failed") : "recovering"}` };
}

/** How the flip is stamped: `at` is also the moment results are judged fresh against. */
type FlipStamp = Pick<Flip, "at" | "checkedAt" | "certificate">;

/**
 * Moves the monitor to what its regions' latest results say, with the conditional flip every status change is (racing
 * regions flip it once), or updates the reason while it stays down (the failing regions changed).
 */
export function settleRegions(
  store: Store, statusChanges: Pick<StatusChanges, "change">, m: MonitorRow, rows: RegionResultRow[], names: Map<number, string>, stamp: FlipStamp,
): void {
  const verdict = regionalStatus(m, resultsByRegion(m, rows, names), stamp.at);
  if (verdict.status !== m.status) statusChanges.change({ monitorId: m.id, from: m.status, to: verdict.status, reason: verdict.reason, ...stamp });
  else if (verdict.status === "down" && verdict.reason !== m.statusReason) store.monitors.setStatusReason(m.id, verdict.reason);
}

/**
 * After an edit of a monitor's regions or of the rules they are judged by (in the edit's transaction): the results of
 * regions it no longer lists are forgotten, and its status follows the others' at once, not at its next check. A pending
 * monitor (never checked, or its target just changed) waits for its checks, and so does one no region checked lately
 * (paused, or its regions' instances gone): stale results say nothing either way.
 */
export function reviewRegions(store: Store, statusChanges: Pick<StatusChanges, "change">, m: MonitorRow, now: number): void {
  const names = store.regions.names();
  store.regions.keepOnly(m.seq, [...names].filter(([, name]) => m.regions.includes(name)).map(([id]) => id));
  if (m.regions.length === 0 || m.status === "pending") return;
  const rows = store.regions.latestOf(m.seq);
  // no listed region has checked it lately (its instances are gone): nothing to judge by, so no flip until one does
  if (!rows.some((r) => r.checkedAt > now - staleAfterMs(m))) return;
  settleRegions(store, statusChanges, m, rows, names, { at: now });
}

/** What the API shows of one listed region: its latest result (nulls before the first), and whether any live instance is in it. */
export interface RegionReport {
  region: string;
  served: boolean;
  result: RegionResult | null;
}

/**
 * The monitor's listed regions with their latest results. `servedRegions`: the regions of the live instances (on
 * SQLite, this instance's own), so a label no instance carries (a typo) shows as not served instead of silently unchecked.
 */
export function regionReports(store: Store, m: MonitorRow, servedRegions: string[]): RegionReport[] {
  const results = resultsByRegion(m, store.regions.latestOf(m.seq), store.regions.names());
  return m.regions.map((region) => ({ region, served: servedRegions.includes(region), result: results.find((r) => r.region === region) ?? null }));
}

/** The regions checks can come from now: the live instances' on a shared database, else this instance's own. */
export const servedRegions = (store: Store, ownRegion: string | null): string[] =>
  store.cluster ? store.cluster.liveRegions(LEASE_TIMEOUT_MS) : ownRegion === null ? [] : [ownRegion];
