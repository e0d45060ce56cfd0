// When a maintenance window is on: a one-off span, or each start of its cron schedule (in its time zone,
// so croner keeps it at the same wall-clock time across DST) plus its duration.
import type { MaintenanceRow } from "../domain/types.ts";
import { cronFor } from "../heartbeats/schedule.ts";

export interface Occurrence {
  start: number;
  end: number;
}

type Timing = Pick<MaintenanceRow, "startsAt" | "endsAt" | "schedule" | "durationMinutes" | "timezone">;

/** After a long stop, the scan for the last missed end gives up here (the report is of the current state anyway). */
const MAX_OCCURRENCES_SCANNED = 1000;

const durationMs = (w: Timing) => (w.durationMinutes ?? 0) * 60_000;

/** The first occurrence starting after `afterMs`. */
function nextStart(w: Timing, afterMs: number): Occurrence | null {
  if (!w.schedule) return w.startsAt !== null && w.endsAt !== null && w.startsAt > afterMs ? { start: w.startsAt, end: w.endsAt } : null;
  const next = cronFor(w.schedule, w.timezone).nextRun(new Date(afterMs));
  return next ? { start: next.getTime(), end: next.getTime() + durationMs(w) } : null;
}

/** The occurrence in force at `at` (start inclusive, end exclusive), if any. */
export function occurrenceAt(w: Timing, at: number): Occurrence | null {
  if (!w.schedule) return w.startsAt !== null && w.endsAt !== null && w.startsAt <= at && at < w.endsAt ? { start: w.startsAt, end: w.endsAt } : null;
  // an occurrence covering `at` ends after it, so started after `at - duration` (croner's next run is strictly after)
  const candidate = nextStart(w, at - durationMs(w));
  return candidate && candidate.start <= at && at < candidate.end ? candidate : null;
}

/** The next occurrence that has not ended by `at`: the current one, else the next to start. */
export function currentOrNext(w: Timing, at: number): Occurrence | null {
  return occurrenceAt(w, at) ?? nextStart(w, at);
}

/** The latest occurrence that ended in (afterMs, upToMs], if any. */
export function lastEndedIn(w: Timing, afterMs: number, upToMs: number): Occurrence | null {
  if (!w.schedule) return w.endsAt !== null && w.endsAt > afterMs && w.endsAt <= upToMs ? { start: w.startsAt!, end: w.endsAt } : null;
  let last: Occurrence | null = null;
  // ends in (afterMs, upToMs] means starts in (afterMs - duration, upToMs - duration]
  for (let o = nextStart(w, afterMs - durationMs(w)), n = 0; o && o.end <= upToMs && n < MAX_OCCURRENCES_SCANNED; o = nextStart(w, o.start), n++) {
    last = o;
  }
  return last;
}

/** Occurrences overlapping [fromMs, toMs), oldest first (at most MAX_OCCURRENCES_SCANNED). */
export function occurrencesBetween(w: Timing, fromMs: number, toMs: number): Occurrence[] {
  const found: Occurrence[] = [];
  for (let o = occurrenceAt(w, fromMs) ?? nextStart(w, fromMs); o && o.start < toMs && found.length < MAX_OCCURRENCES_SCANNED; o = nextStart(w, o.start)) {
    found.push(o);
  }
  return found;
}
