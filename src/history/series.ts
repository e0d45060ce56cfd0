// What a response-time chart draws over a window: each check for the short windows, one point an hour (the
// roll-ups, then the raw checks not rolled up yet) for the long ones; a heartbeat plots its runs' durations.
// Down periods come from the status changes, the same spans a heartbeat's uptime is measured on.
import type { MonitorRow } from "../domain/types.ts";
import type { Store } from "../store/index.ts";
import { floorHour, HOUR_MS, summarizeByHour } from "./rollup.ts";
import { statusSpans } from "./time-in-status.ts";
import { UPTIME_WINDOWS_MS } from "./windows.ts";

export const SERIES_WINDOWS_MS = { "1h": HOUR_MS, ...UPTIME_WINDOWS_MS } as const;
export type SeriesWindow = keyof typeof SERIES_WINDOWS_MS;
export const SERIES_WINDOWS = Object.keys(SERIES_WINDOWS_MS) as SeriesWindow[];

/** Windows drawn check by check: a day of checks every 10 s is 8,640 points, which a canvas chart draws at once. */
const CHECK_BY_CHECK: ReadonlySet<SeriesWindow> = new Set(["1h", "24h"]);

export interface DownPeriod {
  fromMs: number;
  /** null while still down */
  toMs: number | null;
  reason: string | null;
}

export interface Series {
  /** a point is one check, one hour of checks, or one run of a heartbeat */
  resolution: "check" | "hour" | "run";
  fromMs: number;
  toMs: number;
  atMs: number[];
  /** a check's time, an hour's average, or a run's duration (null: the run reported no start) */
  responseTimeMs: (number | null)[];
  /** failed checks (or runs) at that point */
  failed: number[];
  downPeriods: DownPeriod[];
}

type Charted = Pick<MonitorRow, "id" | "seq" | "kind">;

export function series(store: Store, monitor: Charted, window: SeriesWindow, nowMs: number): Series {
  const fromMs = nowMs - SERIES_WINDOWS_MS[window];
  const points = monitor.kind === "heartbeat"
    ? runPoints(store, monitor.id, fromMs, nowMs)
    : CHECK_BY_CHECK.has(window) ? checkPoints(store, monitor.seq, fromMs, nowMs) : hourPoints(store, monitor.seq, fromMs, nowMs);
  return { ...points, fromMs, toMs: nowMs, downPeriods: downPeriods(store, monitor.id, fromMs, nowMs) };
}

type Points = Pick<Series, "resolution" | "atMs" | "responseTimeMs" | "failed">;

function checkPoints(store: Store, seq: number, fromMs: number, nowMs: number): Points {
  const raw = store.rollups.rawBetween(seq, fromMs, nowMs + 1);
  return { resolution: "check", atMs: raw.map((c) => c.checkedAt), responseTimeMs: raw.map((c) => c.responseTimeMs), failed: raw.map((c) => (c.isUp ? 0 : 1)) };
}

/** Rolled-up hours as stored; the hours after the last roll-up summarized from their raw checks the same way. */
function hourPoints(store: Store, seq: number, fromMs: number, nowMs: number): Points {
  const firstHour = floorHour(fromMs);
  const last = store.rollups.lastHour(seq);
  const rolledUntil = last === null ? firstHour : Math.max(firstHour, last + HOUR_MS);
  const hours = [
    ...store.rollups.between(seq, firstHour, rolledUntil).sort((a, b) => a.hourStart - b.hourStart),
    ...summarizeByHour(seq, store.rollups.rawBetween(seq, rolledUntil, nowMs + 1)),
  ];
  return {
    resolution: "hour",
    atMs: hours.map((h) => h.hourStart),
    responseTimeMs: hours.map((h) => Math.round(h.responseTimeSumMs / h.checks)),
    failed: hours.map((h) => h.checks - h.upChecks),
  };
}

function runPoints(store: Store, monitorId: string, fromMs: number, nowMs: number): Points {
  const runs = store.pulses.runsBetween(monitorId, fromMs, nowMs + 1);
  return { resolution: "run", atMs: runs.map((r) => r.receivedAt), responseTimeMs: runs.map((r) => r.durationMs), failed: runs.map((r) => (r.type === "fail" ? 1 : 0)) };
}

function downPeriods(store: Store, monitorId: string, fromMs: number, nowMs: number): DownPeriod[] {
  const spans = statusSpans(store, monitorId, fromMs, nowMs);
  return spans.flatMap((span, i) => {
    if (span.status !== "down") return [];
    // the last span runs up to now: a down one has not ended
    return [{ fromMs: span.fromMs, toMs: i === spans.length - 1 ? null : span.toMs, reason: span.reason }];
  });
}
