// The default wording of an alert, readable without any template: a headline, a few lines, a link.
import { formatClock, formatDuration, formatTime, messageLink } from "./format.ts";
import { toneOf, type AlertEvent, type AlertMessage, type FlappingFacts, type LateFacts, type ListedMonitor } from "./message.ts";

export interface MessageContent {
  /** short and emoji-free, for push titles: "DOWN  api" */
  title: string;
  /** first line, for subjects and chat: "🔴 DOWN  api — HTTP 503" */
  headline: string;
  /** what follows the headline: target, time, the others down, … */
  lines: string[];
  link: string;
}

const LABELS: Record<AlertEvent, { emoji: string; label: string }> = {
  down: { emoji: "🔴", label: "DOWN" },
  up: { emoji: "✅", label: "UP" },
  reminder: { emoji: "🔁", label: "STILL DOWN" },
  late: { emoji: "⏰", label: "LATE" },
  ssl_expiry: { emoji: "⚠️", label: "SSL EXPIRY" },
  test: { emoji: "🧪", label: "TEST" },
  summary: { emoji: "📋", label: "SUMMARY" },
  flapping: { emoji: "🔀", label: "FLAPPING" },
  escalation: { emoji: "🚨", label: "ESCALATED" },
  // a group's emoji is its tone's (🔴 while one is still down)
  group: { emoji: "", label: "GROUP" },
  digest: { emoji: "🌙", label: "DIGEST" },
};

const MAX_NAMES = 10;
/** Monitors a group or digest lists one per line; the rest are counted (the webhook body has them all). */
export const MAX_LISTED = 50;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** "4 monitors down: a, b, c, d", "2 monitors up: a, b", "3 monitors down, 1 up: …" */
function listedSubject(listed: ListedMonitor[]): string {
  const down = listed.filter((m) => m.status === "down").length;
  const up = listed.length - down;
  const counts = down && up ? `${plural(down, "monitor")} down, ${up} up` : `${plural(listed.length, "monitor")} ${down ? "down" : "up"}`;
  return `${counts}: ${namesList(listed.map((m) => m.name))}`;
}

/** "nas — down since 02:14 (connection refused)", "web — was down 02:14–02:31 (HTTP 503)" */
function listedLine(m: ListedMonitor, timeZone: string): string {
  const clock = (iso: string) => formatClock(iso, timeZone);
  const when = m.up_at ? `was down ${clock(m.down_at)}–${clock(m.up_at)}` : `down since ${clock(m.down_at)}`;
  const unreachable = m.unreachable.length ? `; ${plural(m.unreachable.length, "monitor")} unreachable: ${namesList(m.unreachable.map((u) => u.name))}` : "";
  return `${m.name} — ${when}${m.reason ? ` (${m.reason})` : ""}${unreachable}`;
}

function namesList(names: string[]): string {
  const shown = names.slice(0, MAX_NAMES).join(", ");
  return names.length > MAX_NAMES ? `${shown} and ${names.length - MAX_NAMES} more` : shown;
}

function subjectOf(message: AlertMessage): string {
  if (message.event === "summary") return `${message.count ?? message.folded.length} more alerts`;
  if (message.monitors) return listedSubject(message.monitors);
  const name = message.monitor?.name ?? "";
  if (message.late) return `${name} — ${lateWording(message.late, message.time_zone)}`;
  if (message.event === "flapping" && message.flapping) return `${name} — ${message.flapping.changes} changes in ${message.flapping.window_minutes} min`;
  if (message.event === "up") return message.duration_seconds == null ? name : `${name} after ${formatDuration(message.duration_seconds)}`;
  return message.reason ? `${name} — ${message.reason}` : name;
}

/** "no ping since 2026-03-01 10:05:00 UTC, expected by 2026-03-01 11:10:00 UTC" */
function lateWording(late: LateFacts, timeZone: string): string {
  const since = late.last_ping_at ? `no ping since ${formatTime(late.last_ping_at, timeZone)}` : "no ping yet";
  return `${since}, expected by ${formatTime(late.expected_by, timeZone)}`;
}

/** What a flapping notice holds back, or that the state sent is the one it settled on. */
function flappingWording(flapping: FlappingFacts, status: string | null): string {
  if (flapping.stable) return `Stable for ${flapping.window_minutes} min after flapping (${flapping.changes} changes): ${status ?? "unknown"} now`;
  return `Alerts for it are held until it is stable for ${flapping.window_minutes} min; then its state is sent once`;
}

function bodyLines(message: AlertMessage): string[] {
  const time = (iso: string) => formatTime(iso, message.time_zone);
  const lines: string[] = [];
  if (message.monitor?.url) lines.push(`Target: ${message.monitor.url}`);
  if (message.monitor?.project) lines.push(`Project: ${message.monitor.project}`);
  if (message.event === "reminder") {
    const downFor = message.duration_seconds == null ? "" : `, down for ${formatDuration(message.duration_seconds)}`;
    lines.push(`Reminder ${message.count ?? 1}${downFor}`);
  }
  if (message.event === "up" && message.started_at) lines.push(`Down since: ${time(message.started_at)}`);
  if (message.escalation) lines.push(`Escalated: down for ${formatDuration(message.duration_seconds ?? 0)}, nobody acknowledged it`);
  if (message.flapping) lines.push(flappingWording(message.flapping, message.monitor?.status ?? null));
  if (message.certificate) {
    const { expires_at, days_left } = message.certificate;
    lines.push(`Certificate expires: ${time(expires_at)} (${days_left} ${days_left === 1 ? "day" : "days"} left)`);
  }
  if (message.monitors) {
    if (message.reason) lines.push(message.reason);
    lines.push(...message.monitors.slice(0, MAX_LISTED).map((m) => listedLine(m, message.time_zone)));
    if (message.monitors.length > MAX_LISTED) lines.push(`and ${message.monitors.length - MAX_LISTED} more`);
  }
  lines.push(`Time: ${time(message.at)}`);
  for (const folded of message.folded) {
    lines.push(`${LABELS[folded.event].label}  ${folded.monitor_name}${folded.reason ? ` — ${folded.reason}` : ""} (${time(folded.at)})`);
  }
  const unreachable = (message.unreachable ?? []).map((m) => m.name);
  if (unreachable.length > 0) lines.push(`${unreachable.length} ${unreachable.length === 1 ? "monitor" : "monitors"} unreachable: ${namesList(unreachable)}`);
  const others = message.down_monitors.map((m) => m.name);
  if (others.length === 1) lines.push(`1 other monitor is down: ${namesList(others)}`);
  if (others.length > 1) lines.push(`${others.length} other monitors are down: ${namesList(others)}`);
  if (message.ack_url) lines.push(`Acknowledge: ${message.ack_url}`);
  return lines;
}

export function messageContent(message: AlertMessage): MessageContent {
  const { label } = LABELS[message.event];
  const emoji = LABELS[message.event].emoji || LABELS[toneOf(message)].emoji;
  const subject = subjectOf(message);
  return {
    title: `${label}  ${message.monitor?.name ?? subject}`,
    headline: `${emoji} ${label}  ${subject}`,
    lines: bodyLines(message),
    link: messageLink(message),
  };
}

/** The plain text every kind falls back on. */
export function renderText(content: MessageContent): string {
  return [content.headline, ...content.lines, content.link].join("\n");
}

export const escapeHtml = (text: string): string =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Simple HTML for email and Matrix: headline in bold, the lines, and the link. */
export function renderHtml(content: MessageContent): string {
  const lines = content.lines.map(escapeHtml).join("<br>\n");
  const link = escapeHtml(content.link);
  return `<p><strong>${escapeHtml(content.headline)}</strong></p>\n<p>${lines}</p>\n<p><a href="${link}">${link}</a></p>\n`;
}

/** Plain text as HTML, for a template's output where HTML is wanted. */
export const textAsHtml = (text: string): string => `<p>${escapeHtml(text).replace(/\n/g, "<br>\n")}</p>\n`;
