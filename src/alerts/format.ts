// Times, durations and links as people read them in an alert.
import type { AlertMessage } from "./message.ts";

const timeFormats = new Map<string, Intl.DateTimeFormat>();

/** "2026-03-01 14:05:09 CET" in the given IANA zone. */
export function formatTime(iso: string, timeZone: string): string {
  let format = timeFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("sv-SE", {
      timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", timeZoneName: "short",
    });
    timeFormats.set(timeZone, format);
  }
  return format.format(new Date(iso));
}

const clockFormats = new Map<string, Intl.DateTimeFormat>();

/** "02:14": the wall-clock time in the given IANA zone, for lists where the day goes without saying. */
export function formatClock(iso: string, timeZone: string): string {
  let format = clockFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    clockFormats.set(timeZone, format);
  }
  return format.format(new Date(iso));
}

/** 42 → "42 s", 720 → "12 min", 3900 → "1 h 5 min", 183600 → "2 d 3 h". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
}

export const trimSlash = (url: string) => url.replace(/\/+$/, "");

/** The UI's hash route for one monitor (public/app.js). */
export const monitorLink = (baseUrl: string, monitorId: string): string => `${trimSlash(baseUrl)}/#/monitor/${encodeURIComponent(monitorId)}`;

/** Where the message points: the monitor, or the dashboard for a summary. */
export function messageLink(message: AlertMessage): string {
  return message.monitor ? monitorLink(message.base_url, message.monitor.id) : `${trimSlash(message.base_url)}/`;
}
