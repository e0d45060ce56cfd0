// A channel's quiet hours: a daily span of wall-clock time in a time zone, on some days. Read on the wall clock
// of that zone, so 22:00 stays 22:00 across DST changes; a span whose end is before its start runs past midnight.
import * as v from "valibot";
import type { QuietHours } from "../domain/types.ts";
import { isTimeZone, TIME_ZONE_MESSAGE } from "../time.ts";
import { strictBody } from "../validation.ts";

/** In the order JavaScript numbers them (Sunday 0). */
export const WEEKDAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;

const TimeOfDay = v.pipe(v.string("must be a string"), v.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day as HH:MM ("22:00")'));

const Days = v.pipe(
  v.array(v.picklist(WEEKDAYS, `each must be one of ${WEEKDAYS.join(", ")}`), "must be a list of days"),
  v.minLength(1, "must name at least one day (leave it out for every day)"),
  v.check((days) => new Set(days).size === days.length, "must not name a day twice"),
);

/** The channel field: null (or absent) for none. */
export const QuietHoursInput = v.nullable(
  v.pipe(
    strictBody({
      start: TimeOfDay,
      end: TimeOfDay,
      timezone: v.pipe(v.string("must be a string"), v.check(isTimeZone, TIME_ZONE_MESSAGE)),
      days: v.optional(Days),
    }),
    v.forward(v.check((q) => q.start !== q.end, "must differ from start"), ["end"]),
  ),
);

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

const wallClocks = new Map<string, Intl.DateTimeFormat>();

/** The weekday (0 = Sunday) and minute of the day that a clock on the wall in `timeZone` shows at `at`. */
function wallClock(at: number, timeZone: string): { weekday: number; minute: number } {
  let format = wallClocks.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", { timeZone, weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    wallClocks.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(at).map((p) => [p.type, p.value]));
  const weekday = WEEKDAYS.indexOf(parts.weekday!.toLowerCase() as (typeof WEEKDAYS)[number]);
  return { weekday, minute: Number(parts.hour) * 60 + Number(parts.minute) };
}

/** A critical monitor's alerts go through; others wait for the channel's digest while it is quiet. */
export const heldForQuietHours = (quietHours: QuietHours | null | undefined, monitor: { isCritical: boolean }, at: number): boolean =>
  !monitor.isCritical && !!quietHours && isQuiet(quietHours, at);

/** Whether `at` falls inside the quiet span (start inclusive, end exclusive); `days` are the days a span starts on. */
export function isQuiet(quiet: QuietHours, at: number): boolean {
  const { weekday, minute } = wallClock(at, quiet.timezone);
  const startsOn = (day: number) => !quiet.days || quiet.days.includes(WEEKDAYS[(day + 7) % 7]!);
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start < end) return startsOn(weekday) && minute >= start && minute < end;
  // past midnight: the evening part started today, the morning part yesterday
  return (startsOn(weekday) && minute >= start) || (startsOn(weekday - 1) && minute < end);
}
