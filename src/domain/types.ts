// What the store hands out and takes in: plain records of the domain, whatever holds them (SQLite today).
// Times are Unix milliseconds; src/db/schema.ts checks at compile time that its tables store exactly these.
import type { AckVia, MonitorStatus, Plan, Role, Scope } from "../enums.ts";
import type { Kind } from "../probes/registry.ts";
import type { Details } from "../probes/result.ts";

export interface UserRow {
  id: string;
  /** lower-case */
  email: string;
  name: string | null;
  passwordHash: string;
  plan: Plan;
  isAdmin: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface OrganizationRow {
  id: string;
  name: string;
  /** IANA zone alerts show their times in */
  timezone: string;
  /** flips of several monitors within this many seconds go out as one message per channel (0: each alone) */
  alertGroupSeconds: number;
  createdAt: number;
}

export interface InvitationRow {
  id: string;
  organizationId: string;
  /** lower-case; matched against whoever signs in, so an account made later finds it */
  email: string;
  role: Role;
  invitedBy: string | null;
  createdAt: number;
  expiresAt: number;
  acceptedAt: number | null;
  declinedAt: number | null;
}

export interface ProjectRow {
  id: string;
  organizationId: string;
  name: string;
  isDefault: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface MonitorRow {
  id: string;
  /** small integer handle that keys a monitor's checks and roll-ups */
  seq: number;
  projectId: string;
  name: string;
  kind: Kind;
  url: string | null;
  status: MonitorStatus;
  statusReason: string | null;
  intervalSeconds: number;
  timeoutSeconds: number;
  retries: number;
  failStreak: number;
  /** successes in a row before a down monitor is up again, and the run so far */
  recoveryChecks: number;
  successStreak: number;
  isPaused: boolean;
  isPublic: boolean;
  /** repeat the down alert this often while down (0: never) */
  remindEveryMinutes: number;
  /** flapping: more than this many changes within flapWindowMinutes (0: never); since when, while it is */
  flapThreshold: number;
  flapWindowMinutes: number;
  flappingSince: number | null;
  /** its alerts go through a channel's quiet hours */
  isCritical: boolean;
  createdAt: number;
  updatedAt: number;
  lastCheckedAt: number | null;
  /** when the next check is due, or for heartbeats the deadline after which the monitor is down */
  nextDueAt: number | null;
  /** the kind's own settings (probes/<kind>.ts), keyed by their API names */
  settings: Record<string, unknown>;
  /** the latest check's details (probes/result.ts), null when it had none */
  lastDetails: Details | null;
  pingToken: string | null;
  /** multi-location checks: each of these regions checks it ([] = any one instance) */
  regions: string[];
  /** down when at least this many of its regions fail */
  minFailingRegions: number;
}

/** A multi-location monitor's latest check from one region. */
export interface RegionResultRow {
  monitorSeq: number;
  regionId: number;
  checkedAt: number;
  isUp: boolean;
  failStreak: number;
  successStreak: number;
  errorMessage: string | null;
}

/** Planned downtime: one-off (startsAt/endsAt) or recurring (cron schedule + duration in a time zone). */
export interface MaintenanceRow {
  id: string;
  organizationId: string;
  title: string;
  startsAt: number | null;
  endsAt: number | null;
  schedule: string | null;
  durationMinutes: number | null;
  timezone: string;
  isActive: boolean;
  /** the end of the last occurrence whose monitors were told their state */
  endHandledAt: number;
  createdAt: number;
  updatedAt: number;
}

export interface MonitorEventRow {
  id: string;
  monitorId: string;
  fromStatus: MonitorStatus;
  toStatus: MonitorStatus;
  reason: string | null;
  at: number;
}

export interface CheckRow {
  monitorSeq: number;
  checkedAt: number;
  isUp: boolean;
  statusCode: number | null;
  responseTimeMs: number;
  errorMessage: string | null;
  /** the region (regions table) of the instance that ran it; 0 = none */
  regionId: number;
}

/** One monitor's checks in one hour. */
export interface CheckRollupRow {
  monitorSeq: number;
  hourStart: number;
  checks: number;
  upChecks: number;
  responseTimeSumMs: number;
  responseTimeMinMs: number;
  responseTimeMaxMs: number;
  /** mergeable histogram for percentiles: "bucket:count,…" (see src/history/sketch.ts) */
  responseTimeSketch: string;
}

export type PulseType = "success" | "start" | "fail" | "log";

/** One ping of a heartbeat monitor. */
export interface PulseRow {
  monitorSeq: number;
  receivedAt: number;
  id: string;
  type: PulseType;
  exitCode: number | null;
  durationMs: number | null;
  body: string | null;
  sourceIp: string | null;
  userAgent: string | null;
  rid: string | null;
}

/** A pulse just written, with its monitor's id for those who hear of it (the live stream). */
export type StoredPulse = PulseRow & { monitorId: string };

export interface ApiKeyRow {
  id: string;
  userId: string;
  name: string;
  /** the key's first characters, so a user can tell keys apart; the key itself is only hashed */
  prefix: string;
  keyHash: string;
  scope: Scope;
  createdAt: number;
  lastUsedAt: number | null;
}

export interface SessionRow {
  /** sha256 of the cookie value */
  id: string;
  userId: string;
  createdAt: number;
  expiresAt: number;
}

export interface StatusPageRow {
  id: string;
  organizationId: string;
  slug: string;
  title: string;
  description: string | null;
  customDomain: string | null;
  createdAt: number;
  updatedAt: number;
}

/** A place alerts go: `kind` picks the sender, `config` its settings. */
export interface ChannelRow {
  id: string;
  organizationId: string;
  name: string;
  kind: string;
  config: Record<string, unknown>;
  isDefault: boolean;
  isEnabled: boolean;
  /** alerts due in this span are held and sent as one digest when it ends */
  quietHours: QuietHours | null;
  lastError: string | null;
  lastSentAt: number | null;
  createdAt: number;
  updatedAt: number;
}

/** A daily span in a time zone ("22:00"–"07:00" runs past midnight); `days` are the days it starts on (all when absent). */
export interface QuietHours {
  start: string;
  end: string;
  timezone: string;
  days?: string[];
}

/** One down period of a monitor. */
export interface IncidentRow {
  id: string;
  monitorId: string;
  startedAt: number;
  resolvedAt: number | null;
  reason: string | null;
  acknowledgedAt: number | null;
  acknowledgedBy: string | null;
  acknowledgedVia: AckVia | null;
  /** the largest escalation step (after_minutes) already sent */
  escalatedMinutes: number;
  remindersSent: number;
  lastRemindedAt: number | null;
}

export type DeliveryState = "pending" | "retrying" | "sent" | "failed" | "suppressed";

/** One alert for one channel, in the outbox until sent. */
export interface DeliveryRow {
  id: string;
  channelId: string;
  monitorId: string | null;
  incidentId: string | null;
  event: string;
  state: DeliveryState;
  reason: string | null;
  /** a folded delivery (grouped, rate_limited, quiet_hours): the delivery that carried it */
  carriedBy: string | null;
  message: Record<string, unknown>;
  /** due time while pending or retrying; a claimed delivery moves it past its send's timeout */
  nextAttemptAt: number | null;
  createdAt: number;
  sentAt: number | null;
}

export interface DeliveryAttemptRow {
  id: number;
  deliveryId: string;
  at: number;
  durationMs: number;
  result: string;
  error: string | null;
}
