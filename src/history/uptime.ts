// One uptime for every place that shows it (API, status pages, badges): checked monitors count their
// checks (hourly roll-ups for the hours they cover, raw checks for the edges and the open hour);
// heartbeats measure the time spent up (time-in-status.ts), since they have pings rather than checks.
import type { MonitorRow } from "../domain/types.ts";
import type { Store } from "../store/index.ts";
import type { RawCheck } from "../store/store.ts";
import { percentOf } from "./percent.ts";
import { HOUR_MS } from "./rollup.ts";
import { addToSketch, mergeSketch, sketchQuantile, type Sketch } from "./sketch.ts";
import { uptimeFromEvents } from "./time-in-status.ts";
import { UPTIME_WINDOWS_MS, type UptimeWindow } from "./windows.ts";

export interface Uptime {
  /** null when nothing was measured in the window */
  percent: number | null;
  /** checks, or for heartbeats success and fail pings */
  total: number;
  up: number;
  /** response times, or for heartbeats job durations; whole milliseconds */
  avgMs: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
}

type Measured = Pick<MonitorRow, "id" | "seq" | "kind">;

export function uptime(store: Store, monitor: Measured, window: UptimeWindow, nowMs: number): Uptime {
  const sinceMs = nowMs - UPTIME_WINDOWS_MS[window];
  if (monitor.kind === "heartbeat") {
    const runs = store.pulses.resultsSince(monitor.id, sinceMs);
    const durations = runs.durationsMs;
    return {
      percent: uptimeFromEvents(store, monitor.id, sinceMs, nowMs),
      total: runs.total,
      up: runs.up,
      avgMs: durations.length ? Math.round(durations.reduce((a, b) => a + b, 0) / durations.length) : null,
      p50Ms: rankOfSorted(durations, 0.5),
      p95Ms: rankOfSorted(durations, 0.95),
    };
  }
  const stats = uptimeSince(store, monitor.seq, sinceMs, nowMs);
  return { ...stats, percent: percentOf(stats.up, stats.total), avgMs: stats.avgMs === null ? null : Math.round(stats.avgMs) };
}

/** uptime()'s percent alone, counted in SQL, sparing response times and pulse statistics (status pages and badges show only this). */
export function uptimePercent(store: Store, monitor: Measured, window: UptimeWindow, nowMs: number): number | null {
  const sinceMs = nowMs - UPTIME_WINDOWS_MS[window];
  if (monitor.kind === "heartbeat") return uptimeFromEvents(store, monitor.id, sinceMs, nowMs);
  const { firstFullHour, rolledUntil, rawSpans } = spansSince(store, monitor.seq, sinceMs, nowMs);
  const counts = store.rollups.countsBetween(monitor.seq, firstFullHour, rolledUntil, rawSpans);
  return percentOf(counts.up, counts.checks);
}

/** avgMs not yet rounded */
export type CheckStats = Omit<Uptime, "percent">;

const ceilHour = (ms: number) => Math.ceil(ms / HOUR_MS) * HOUR_MS;

/** Roll-ups for the full hours rolled up so far; raw checks for the hour cut by the window's start and the hours after. */
function spansSince(store: Store, monitorSeq: number, sinceMs: number, nowMs: number) {
  const firstFullHour = ceilHour(sinceMs);
  const last = store.rollups.lastHour(monitorSeq);
  const rolledUntil = last === null ? firstFullHour : Math.max(firstFullHour, last + HOUR_MS);
  const rawSpans: [number, number][] = [[sinceMs, Math.min(firstFullHour, nowMs + 1)], [rolledUntil, nowMs + 1]];
  return { firstFullHour, rolledUntil, rawSpans };
}

/** A checked monitor's checks since `sinceMs`, from roll-ups and raw checks. */
export function uptimeSince(store: Store, monitorSeq: number, sinceMs: number, nowMs: number): CheckStats {
  const { firstFullHour, rolledUntil, rawSpans } = spansSince(store, monitorSeq, sinceMs, nowMs);
  const rollups = store.rollups.between(monitorSeq, firstFullHour, rolledUntil);
  const raw: RawCheck[] = rawSpans.flatMap(([from, to]) => store.rollups.rawBetween(monitorSeq, from, to));

  let total = raw.length;
  let up = 0;
  let sumMs = 0;
  let maxMs = 0;
  for (const c of raw) {
    if (c.isUp) up++;
    sumMs += c.responseTimeMs;
    maxMs = Math.max(maxMs, c.responseTimeMs);
  }
  for (const r of rollups) {
    total += r.checks;
    up += r.upChecks;
    sumMs += r.responseTimeSumMs;
    maxMs = Math.max(maxMs, r.responseTimeMaxMs);
  }
  return { total, up, avgMs: total === 0 ? null : sumMs / total, ...medianAndP95(raw, rollups.map((r) => r.responseTimeSketch), maxMs) };
}

/** Nearest rank: the value at rank ceil(q·n). */
const rankOfSorted = (sortedMs: number[], q: number): number | null =>
  (sortedMs.length ? sortedMs[Math.max(1, Math.ceil(sortedMs.length * q)) - 1]! : null);

/** Exact from raw checks alone; through the merged sketch once roll-ups are involved. */
function medianAndP95(raw: RawCheck[], sketches: string[], maxMs: number): Pick<Uptime, "p50Ms" | "p95Ms"> {
  if (sketches.length === 0) {
    const sorted = raw.map((c) => c.responseTimeMs).sort((a, b) => a - b);
    return { p50Ms: rankOfSorted(sorted, 0.5), p95Ms: rankOfSorted(sorted, 0.95) };
  }
  const sketch: Sketch = new Map();
  for (const text of sketches) mergeSketch(sketch, text);
  for (const c of raw) addToSketch(sketch, c.responseTimeMs);
  return { p50Ms: sketchQuantile(sketch, 0.5, maxMs), p95Ms: sketchQuantile(sketch, 0.95, maxMs) };
}
