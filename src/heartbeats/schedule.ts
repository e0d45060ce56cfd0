// When a heartbeat must have reported again: its period, or its cron schedule's next time in its zone.
import { Cron } from "croner";
import type { HeartbeatRow } from "../store/store.ts";

type Schedule = Pick<HeartbeatRow, "intervalSeconds" | "graceSeconds" | "schedule" | "timezone">;

// Parsing a cron expression costs more than a ping; monitors (and maintenance windows) share few distinct schedules.
const crons = new Map<string, Cron>();

export function cronFor(expression: string, timezone: string): Cron {
  const key = `${timezone} ${expression}`;
  let cron = crons.get(key);
  if (!cron) {
    cron = new Cron(expression, { timezone, paused: true });
    crons.set(key, cron);
  }
  return cron;
}

export const graceMs = (monitor: Pick<Schedule, "graceSeconds">) => (monitor.graceSeconds ?? 0) * 1000;

/** The next time a job reports after one that reported at `afterMs` (croner handles DST in the zone). */
export function nextExpectedAt(monitor: Schedule, afterMs: number): number {
  if (!monitor.schedule) return afterMs + monitor.intervalSeconds * 1000;
  const next = cronFor(monitor.schedule, monitor.timezone ?? "UTC").nextRun(new Date(afterMs));
  // an expression that never fires again (e.g. a past year) cannot make the monitor late
  return next ? next.getTime() : Number.POSITIVE_INFINITY;
}

/** After a success at `afterMs`, the monitor is down once this passes. */
export const deadlineAfterSuccess = (monitor: Schedule, afterMs: number): number =>
  nextExpectedAt(monitor, afterMs) + graceMs(monitor);

/** A start at `startedAtMs` must end within the grace time. */
export const deadlineAfterStart = (monitor: Schedule, startedAtMs: number): number => startedAtMs + graceMs(monitor);

/** Infinity (a schedule that never fires) is stored as no deadline. */
export const storable = (deadline: number | null): number | null =>
  deadline === null || !Number.isFinite(deadline) ? null : deadline;
