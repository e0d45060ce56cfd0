// What an alert says, independent of where it goes: the outbox builds one AlertMessage per event and
// channel, and every channel kind renders it (default text, or the channel's template).

export const ALERT_EVENTS = ["down", "up", "reminder", "late", "ssl_expiry", "test", "summary", "flapping", "escalation", "group", "digest"] as const;
export type AlertEvent = (typeof ALERT_EVENTS)[number];

/** What colours, tags and priorities follow: a group or digest reads as a down while one it lists is still down. */
export type Tone = Exclude<AlertEvent, "group" | "digest">;
export function toneOf(message: Pick<AlertMessage, "event" | "monitors">): Tone {
  if (message.event !== "group" && message.event !== "digest") return message.event;
  return message.monitors?.some((m) => m.status === "down") ? "down" : "up";
}

/** Events that open or repeat a problem; `up` closes it (PagerDuty resolve, Opsgenie close). */
export const isResolution = (event: AlertEvent): boolean => event === "up";

export interface AlertMonitor {
  id: string;
  name: string;
  kind: string;
  /** the target: URL, host:port, hostname; null for heartbeats */
  url: string | null;
  status: string;
  project: string | null;
  tags: string[];
}

/** Another monitor of the organization that is down right now. */
export interface DownMonitor {
  id: string;
  name: string;
  reason: string | null;
  /** ISO 8601, when its down period began */
  started_at: string | null;
}

/** One event folded into a `summary` message by the per-channel rate limit. */
export interface FoldedEvent {
  event: AlertEvent;
  monitor_id: string;
  monitor_name: string;
  reason: string | null;
  /** ISO 8601 */
  at: string;
}

/** One monitor in a group or digest: its down period, closed when it came back up. */
export interface ListedMonitor {
  id: string;
  name: string;
  /** down: still down as far as the message knows; up: it came back (at up_at) */
  status: "down" | "up";
  reason: string | null;
  /** ISO 8601, when its down period began */
  down_at: string;
  /** ISO 8601, when it came back up */
  up_at: string | null;
  /** the monitors depending on it whose own alerts it holds back */
  unreachable: { id: string; name: string }[];
  /** the signed link that acknowledges its incident, while that is open and unacknowledged */
  ack_url: string | null;
}

export interface AlertMessage {
  /** Stable across retries of one delivery: the idempotency key (Matrix txnId). The outbox passes the delivery's id. */
  id: string;
  event: AlertEvent;
  /** null for `summary`, `group` and `digest`, which speak of several monitors */
  monitor: AlertMonitor | null;
  previous_status: string | null;
  reason: string | null;
  /** ISO 8601, when the event happened */
  at: string;
  /** ISO 8601, when the down period (incident) began: the same on its down, reminders and up */
  started_at: string | null;
  /** up: how long it was down; reminder: how long it has been down so far */
  duration_seconds: number | null;
  /** reminder: its number (1, 2, …); summary: how many events were folded; group, digest: how many monitors */
  count: number | null;
  down_monitors: DownMonitor[];
  /** down: the monitors depending on this one whose own alerts it holds back */
  unreachable?: { id: string; name: string }[];
  /** summary only: the events it stands for */
  folded: FoldedEvent[];
  /** group (flips within the organization's group window) and digest (what quiet hours held): every monitor, once */
  monitors?: ListedMonitor[];
  /** IANA zone the time is shown in (the organization's) */
  time_zone: string;
  /** UPBEAT_BASE_URL: links point into the UI from here */
  base_url: string;
  /** down, late, ssl_expiry, reminder, escalation of an open, unacknowledged incident: the signed link that acknowledges it */
  ack_url: string | null;
  /** flapping: how often it changed in the window; on the state sent once it is stable again, `stable: true` */
  flapping?: FlappingFacts;
  /** escalation: the step (minutes into the incident) that fell due */
  escalation?: { after_minutes: number };
  /** ssl_expiry: the certificate warned of */
  certificate?: CertificateFacts;
  /** late: when the heartbeat was last heard from and by when it was expected */
  late?: LateFacts;
}

export interface FlappingFacts {
  changes: number;
  window_minutes: number;
  stable: boolean;
}

export interface CertificateFacts {
  fingerprint: string;
  /** ISO 8601 */
  expires_at: string;
  days_left: number;
  threshold_days: number;
}

export interface LateFacts {
  /** ISO 8601; null when it never pinged */
  last_ping_at: string | null;
  /** ISO 8601, the deadline it missed */
  expected_by: string;
}

/** Identifies one incident of one monitor: PagerDuty's dedup_key, Opsgenie's alias. */
export function incidentKey(message: AlertMessage): string {
  if (!message.monitor) return `upbeat-${message.event}-${message.id}`;
  if (message.event === "test") return `upbeat-test-${message.monitor.id}`;
  return `upbeat-${message.monitor.id}-${message.started_at ?? message.at}`;
}

/** A message for a channel's test button: a sample monitor, so templates render every variable. */
export function testMessage(input: { id: string; at: string; time_zone: string; base_url: string }): AlertMessage {
  return {
    ...input,
    event: "test",
    monitor: { id: "test", name: "upbeat test", kind: "http", url: "https://example.com/", status: "up", project: null, tags: ["test"] },
    previous_status: null,
    reason: "This is a test message from upbeat: the channel works.",
    started_at: null,
    duration_seconds: null,
    count: null,
    down_monitors: [],
    folded: [],
    ack_url: null,
  };
}
