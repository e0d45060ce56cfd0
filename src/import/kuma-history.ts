// A Kuma monitor's heartbeats and stat tables → checks, pulses and hourly roll-ups, so uptime figures continue.
import type { Database } from "bun:sqlite";
import { DAY_MS, floorHour } from "../history/rollup.ts";
import type { HourHistory, MonitorHistory } from "./plan.ts";

/** Kuma heartbeat states: 0 down, 1 up, 2 pending (failing, retries left), 3 maintenance. */
const DOWN = 0;

/** Kuma writes heartbeat times as UTC "YYYY-MM-DD HH:MM:SS[.mmm]". */
export const kumaTime = (value: string): number => Date.parse(`${value.replace(" ", "T")}Z`);

interface Beat { status: number; msg: string | null; time: string; ping: number | null }
interface Stat { timestamp: number; ping: number; ping_min: number; ping_max: number; up: number; down: number }

const tableExists = (db: Database, name: string) =>
  db.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== null;

const hourOf = (s: Stat, hourStart: number): HourHistory => ({
  hourStart, checks: s.up + s.down, upChecks: s.up, avgMs: s.ping, minMs: s.ping_min, maxMs: s.ping_max,
});

/**
 * Heartbeats as checks (or a push monitor's pulses); Kuma 2's stat_hourly rows as finished hours, and its
 * stat_daily rows for the days before the first of those. Pending and maintenance count as up, as in Kuma.
 */
export function kumaHistory(db: Database, monitorId: number, pinged: boolean, now: number): MonitorHistory {
  const beats = db.query<Beat, [number]>("SELECT status, msg, time, ping FROM heartbeat WHERE monitor_id = ? ORDER BY time").all(monitorId);
  const history: MonitorHistory = { checks: [], pulses: [], hours: [] };
  for (const b of beats) {
    const at = kumaTime(b.time);
    const isUp = b.status !== DOWN;
    const ms = b.ping === null ? null : Math.max(0, Math.round(b.ping));
    if (pinged) history.pulses.push({ receivedAt: at, type: isUp ? "success" : "fail", durationMs: ms, body: b.msg || null });
    else history.checks.push({ checkedAt: at, isUp, statusCode: null, responseTimeMs: ms ?? 0, errorMessage: isUp ? null : b.msg || "down" });
  }
  if (pinged) return history;
  const openHour = floorHour(now);
  const hourly = tableExists(db, "stat_hourly")
    ? db.query<Stat, [number]>("SELECT * FROM stat_hourly WHERE monitor_id = ? ORDER BY timestamp").all(monitorId)
    : [];
  for (const s of hourly) if (s.timestamp * 1000 < openHour) history.hours.push(hourOf(s, s.timestamp * 1000));
  const firstHour = history.hours[0]?.hourStart ?? history.checks[0]?.checkedAt ?? openHour;
  const daily = tableExists(db, "stat_daily")
    ? db.query<Stat, [number]>("SELECT * FROM stat_daily WHERE monitor_id = ? ORDER BY timestamp").all(monitorId)
    : [];
  for (const s of daily) if (s.timestamp * 1000 + DAY_MS <= floorHour(firstHour)) history.hours.push(hourOf(s, s.timestamp * 1000));
  history.hours.sort((a, b) => a.hourStart - b.hourStart);
  return history;
}
