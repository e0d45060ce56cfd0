// The same tables as ../schema.ts for PostgreSQL (UPBEAT_DATABASE_URL): same names, columns and domain records,
// so both stores speak in one set of types. Times are bigint Unix milliseconds. JSON columns are json, not jsonb:
// kept as written, keys in their order (jsonb sorts them, and an export or a webhook body would come out reordered).
import { sql } from "drizzle-orm";
import type { Kind } from "../../probes/registry.ts";
import type { Details } from "../../probes/result.ts";
import { bigint, boolean, customType, index, integer, pgTable, primaryKey, serial, text, uniqueIndex } from "drizzle-orm/pg-core";
import { ACK_VIA, MONITOR_STATUSES, PLANS, ROLES, SCOPES, type MonitorStatus } from "../../enums.ts";
import type {
  ApiKeyRow, ChannelRow, CheckRollupRow, CheckRow, DeliveryAttemptRow, DeliveryRow, IncidentRow, InvitationRow, MonitorEventRow,
  MaintenanceRow, MonitorRow, OrganizationRow, ProjectRow, PulseRow, QuietHours, RegionResultRow, SessionRow, StatusPageRow, UserRow,
} from "../../domain/types.ts";

const ms = (name: string) => bigint(name, { mode: "number" });
const bool = (name: string) => boolean(name);
// handed to Bun's client as the value itself, which sends it as JSON (a string would be stored as a JSON string)
const json = customType<{ data: unknown; driverData: unknown }>({ dataType: () => "json" });

export const users = pgTable("users", {
  id: text("id").primaryKey(),
  email: text("email").notNull().unique(),
  name: text("name"),
  passwordHash: text("password_hash").notNull(),
  plan: text("plan", { enum: PLANS }).notNull(),
  isAdmin: bool("is_admin").notNull().default(false),
  createdAt: ms("created_at").notNull(),
  updatedAt: ms("updated_at").notNull(),
});

export const organizations = pgTable("organizations", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  // IANA zone alerts show their times in
  timezone: text("timezone").notNull().default("UTC"),
  // flips of several monitors within this many seconds go out as one message per channel (0: each alone)
  alertGroupSeconds: integer("alert_group_seconds").notNull().default(10),
  createdAt: ms("created_at").notNull(),
});

export const memberships = pgTable(
  "memberships",
  {
    organizationId: text("organization_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    role: text("role", { enum: ROLES }).notNull(),
    createdAt: ms("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.userId] }), index("memberships_user").on(t.userId)],
);

// Adding someone by email makes one of these; they join the organization only when they accept it.
export const invitations = pgTable(
  "invitations",
  {
    id: text("id").primaryKey(),
    organizationId: text("organization_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    // lower-case; matched against the email of whoever is signed in, so an account made later finds it
    email: text("email").notNull(),
    role: text("role", { enum: ROLES }).notNull(),
    invitedBy: text("invited_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: ms("created_at").notNull(),
    expiresAt: ms("expires_at").notNull(),
    acceptedAt: ms("accepted_at"),
    declinedAt: ms("declined_at"),
  },
  (t) => [
    // one open (not accepted) invitation per organization and email: inviting again refreshes it
    uniqueIndex("invitations_open").on(t.organizationId, t.email).where(sql`accepted_at IS NULL`),
    index("invitations_email").on(t.email),
  ],
);

export const projects = pgTable(
  "projects",
  {
    id: text("id").primaryKey(),
    organizationId: text("organization_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    isDefault: bool("is_default").notNull().default(false),
    createdAt: ms("created_at").notNull(),
    updatedAt: ms("updated_at").notNull(),
  },
  (t) => [index("projects_organization").on(t.organizationId)],
);

export const monitors = pgTable(
  "monitors",
  {
    id: text("id").primaryKey(),
    // Small integer handle that keys the high-volume checks table (a UUID there would triple its size).
    seq: serial("seq").notNull().unique(),
    projectId: text("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    kind: text("kind").$type<Kind>().notNull(),
    url: text("url"),
    status: text("status", { enum: MONITOR_STATUSES }).notNull().default("pending"),
    statusReason: text("status_reason"),
    intervalSeconds: integer("interval_seconds").notNull(),
    timeoutSeconds: integer("timeout_seconds").notNull(),
    retries: integer("retries").notNull().default(0),
    failStreak: integer("fail_streak").notNull().default(0),
    // successes in a row before a down monitor is up again, and the run so far
    recoveryChecks: integer("recovery_checks").notNull().default(1),
    successStreak: integer("success_streak").notNull().default(0),
    isPaused: bool("is_paused").notNull().default(false),
    isPublic: bool("is_public").notNull().default(false),
    // repeat the down alert this often while down (0: never)
    remindEveryMinutes: integer("remind_every_minutes").notNull().default(0),
    // flapping: more than flap_threshold changes within flap_window_minutes (0: never); since when, while it is
    flapThreshold: integer("flap_threshold").notNull().default(6),
    flapWindowMinutes: integer("flap_window_minutes").notNull().default(30),
    flappingSince: ms("flapping_since"),
    // its alerts go through a channel's quiet hours
    isCritical: bool("is_critical").notNull().default(false),
    createdAt: ms("created_at").notNull(),
    updatedAt: ms("updated_at").notNull(),
    lastCheckedAt: ms("last_checked_at"),
    // When the next check is due, or for heartbeats the deadline after which the monitor is down.
    nextDueAt: ms("next_due_at"),
    // the kind's own settings (probes/<kind>.ts), keyed by their API names: a new kind or setting needs no migration
    settings: json("settings").$type<Record<string, unknown>>().notNull().default({}),
    // the latest check's few facts (players online, container state): here, not in every check row
    lastDetails: json("last_details").$type<Details>(),
    pingToken: text("ping_token").unique(),
    // Set by the database on every insert and edit (the trigger monitors_change_seq, migration 0001): how the
    // instances of a cluster find edits made through the others without comparing their clocks. 0: not since the upgrade.
    changeSeq: bigint("change_seq", { mode: "number" }).notNull().default(0),
    // multi-location checks: the regions (UPBEAT_REGION labels) that each check it, [] = any one instance;
    // down when at least min_failing_regions of them fail
    regions: json("regions").$type<string[]>().notNull().default([]),
    minFailingRegions: integer("min_failing_regions").notNull().default(1),
  },
  (t) => [
    // a page of the list (newest first) sorts only these index entries and reads only its own rows; also the project lookup
    index("monitors_project_created").on(t.projectId, t.createdAt, t.id),
    index("monitors_due").on(t.nextDueAt),
    index("monitors_change_seq").on(t.changeSeq),
    // the few flapping ones, looked for every few seconds by the alert outbox (not a scan of every monitor)
    index("monitors_flapping").on(t.flappingSince).where(sql`flapping_since IS NOT NULL`),
  ],
);

export const checks = pgTable(
  "checks",
  {
    monitorSeq: integer("monitor_seq").notNull().references(() => monitors.seq, { onDelete: "cascade" }),
    checkedAt: ms("checked_at").notNull(),
    isUp: bool("is_up").notNull(),
    statusCode: integer("status_code"),
    responseTimeMs: integer("response_time_ms").notNull(),
    errorMessage: text("error_message"),
    // the region (regions.id) of the instance that ran it; 0 = none (an integer costs one byte a row, a label ~6)
    regionId: integer("region_id").notNull().default(0),
  },
  // two regions may check one monitor in the same millisecond
  (t) => [primaryKey({ columns: [t.monitorSeq, t.checkedAt, t.regionId] })],
);

// One row per monitor and hour, kept 400 days (raw checks only UPBEAT_RETENTION_DAYS).
export const checkRollups = pgTable(
  "check_rollups",
  {
    monitorSeq: integer("monitor_seq").notNull().references(() => monitors.seq, { onDelete: "cascade" }),
    hourStart: ms("hour_start").notNull(),
    checks: integer("checks").notNull(),
    upChecks: integer("up_checks").notNull(),
    responseTimeSumMs: integer("response_time_sum_ms").notNull(),
    responseTimeMinMs: integer("response_time_min_ms").notNull(),
    responseTimeMaxMs: integer("response_time_max_ms").notNull(),
    // mergeable histogram for percentiles: "bucket:count,…" (see src/history/sketch.ts)
    responseTimeSketch: text("response_time_sketch").notNull(),
  },
  (t) => [primaryKey({ columns: [t.monitorSeq, t.hourStart] })],
);

// Keyed like checks (the SQLite table's twin): one index per ping, a monitor's pulses in time order; the id
// (a UUIDv7, increasing within a process) parts the pulses of one millisecond.
export const pulses = pgTable(
  "pulses",
  {
    monitorSeq: integer("monitor_seq").notNull().references(() => monitors.seq, { onDelete: "cascade" }),
    receivedAt: ms("received_at").notNull(),
    id: text("id").notNull(),
    type: text("type", { enum: ["success", "start", "fail", "log"] }).notNull(),
    exitCode: integer("exit_code"),
    durationMs: integer("duration_ms"),
    body: text("body"),
    sourceIp: text("source_ip"),
    userAgent: text("user_agent"),
    rid: text("rid"),
  },
  (t) => [primaryKey({ columns: [t.monitorSeq, t.receivedAt, t.id] })],
);

export const monitorEvents = pgTable(
  "monitor_events",
  {
    id: text("id").primaryKey(),
    monitorId: text("monitor_id").notNull().references(() => monitors.id, { onDelete: "cascade" }),
    fromStatus: text("from_status").$type<MonitorStatus>().notNull(),
    toStatus: text("to_status").$type<MonitorStatus>().notNull(),
    reason: text("reason"),
    at: ms("at").notNull(),
  },
  (t) => [index("monitor_events_monitor_time").on(t.monitorId, t.at)],
);

export const apiKeys = pgTable(
  "api_keys",
  {
    id: text("id").primaryKey(),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    // First characters of the key, so a user can tell keys apart; the key itself is only hashed.
    prefix: text("prefix").notNull(),
    keyHash: text("key_hash").notNull(),
    scope: text("scope", { enum: SCOPES }).notNull(),
    createdAt: ms("created_at").notNull(),
    lastUsedAt: ms("last_used_at"),
  },
  (t) => [uniqueIndex("api_keys_hash").on(t.keyHash), index("api_keys_user").on(t.userId)],
);

export const sessions = pgTable(
  "sessions",
  {
    // sha256 of the cookie value
    id: text("id").primaryKey(),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    createdAt: ms("created_at").notNull(),
    expiresAt: ms("expires_at").notNull(),
  },
  (t) => [index("sessions_user").on(t.userId)],
);

// A public page at /status/:slug showing the chosen monitors of one organization.
export const statusPages = pgTable(
  "status_pages",
  {
    id: text("id").primaryKey(),
    organizationId: text("organization_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    slug: text("slug").notNull().unique(),
    title: text("title").notNull(),
    description: text("description"),
    // where the owner serves the page through a reverse proxy (shown to them, not served by host)
    customDomain: text("custom_domain"),
    createdAt: ms("created_at").notNull(),
    updatedAt: ms("updated_at").notNull(),
  },
  (t) => [index("status_pages_organization").on(t.organizationId)],
);

export const statusPageMonitors = pgTable(
  "status_page_monitors",
  {
    statusPageId: text("status_page_id").notNull().references(() => statusPages.id, { onDelete: "cascade" }),
    monitorId: text("monitor_id").notNull().references(() => monitors.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    // a page's groups are the runs of equal names in position order; "" is the unnamed group
    groupName: text("group_name").notNull().default(""),
  },
  (t) => [primaryKey({ columns: [t.statusPageId, t.monitorId] }), index("status_page_monitors_monitor").on(t.monitorId)],
);

// A place alerts go: `kind` picks the sender, `config` its settings (secrets stored as given, masked in answers).
export const channels = pgTable(
  "channels",
  {
    id: text("id").primaryKey(),
    organizationId: text("organization_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    kind: text("kind").notNull(),
    // the kind's settings, its optional message template among them
    config: json("config").notNull().$type<Record<string, unknown>>(),
    isDefault: bool("is_default").notNull().default(false),
    isEnabled: bool("is_enabled").notNull().default(true),
    // alerts due in this span are held and sent as one digest when it ends
    quietHours: json("quiet_hours").$type<QuietHours>(),
    lastError: text("last_error"),
    lastSentAt: ms("last_sent_at"),
    createdAt: ms("created_at").notNull(),
    updatedAt: ms("updated_at").notNull(),
  },
  (t) => [index("channels_organization").on(t.organizationId)],
);

export const monitorChannels = pgTable(
  "monitor_channels",
  {
    monitorId: text("monitor_id").notNull().references(() => monitors.id, { onDelete: "cascade" }),
    channelId: text("channel_id").notNull().references(() => channels.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.monitorId, t.channelId] }), index("monitor_channels_channel").on(t.channelId)],
);

export const projectChannels = pgTable(
  "project_channels",
  {
    projectId: text("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    channelId: text("channel_id").notNull().references(() => channels.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.channelId] }), index("project_channels_channel").on(t.channelId)],
);

// One down period of a monitor: opened by the flip to down, resolved by the flip back up.
export const incidents = pgTable(
  "incidents",
  {
    id: text("id").primaryKey(),
    monitorId: text("monitor_id").notNull().references(() => monitors.id, { onDelete: "cascade" }),
    startedAt: ms("started_at").notNull(),
    resolvedAt: ms("resolved_at"),
    reason: text("reason"),
    acknowledgedAt: ms("acknowledged_at"),
    acknowledgedBy: text("acknowledged_by").references(() => users.id, { onDelete: "set null" }),
    // "api" (a signed-in user, acknowledged_by) or "link" (the signed link in a message, no user)
    acknowledgedVia: text("acknowledged_via", { enum: ACK_VIA }),
    // the largest escalation step (after_minutes) already sent for this incident
    escalatedMinutes: integer("escalated_minutes").notNull().default(0),
    remindersSent: integer("reminders_sent").notNull().default(0),
    lastRemindedAt: ms("last_reminded_at"),
  },
  (t) => [
    index("incidents_monitor_time").on(t.monitorId, t.startedAt),
    index("incidents_open").on(t.resolvedAt),
    // one open incident per monitor, so two instances racing to open one get the same (ON CONFLICT DO NOTHING)
    uniqueIndex("incidents_one_open").on(t.monitorId).where(sql`resolved_at IS NULL`),
  ],
);

// Expiry warnings already given: one per monitor, certificate and threshold, however often it is checked.
export const sslWarnings = pgTable(
  "ssl_warnings",
  {
    monitorId: text("monitor_id").notNull().references(() => monitors.id, { onDelete: "cascade" }),
    fingerprint: text("fingerprint").notNull(),
    thresholdDays: integer("threshold_days").notNull(),
    expiresAt: ms("expires_at").notNull(),
    warnedAt: ms("warned_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.monitorId, t.fingerprint, t.thresholdDays] })],
);

// The outbox: one row per event and channel, written in the flip's transaction and sent by the sender.
export const deliveries = pgTable(
  "deliveries",
  {
    id: text("id").primaryKey(),
    channelId: text("channel_id").notNull().references(() => channels.id, { onDelete: "cascade" }),
    // null for test messages and summaries; kept (nulled) when the monitor goes, so the message still leaves
    monitorId: text("monitor_id").references(() => monitors.id, { onDelete: "set null" }),
    incidentId: text("incident_id").references(() => incidents.id, { onDelete: "set null" }),
    event: text("event").notNull(),
    state: text("state", { enum: ["pending", "retrying", "sent", "failed", "suppressed"] }).notNull(),
    reason: text("reason"),
    // a folded delivery (grouped, rate_limited, quiet_hours once its digest is made): the delivery that carried it
    carriedBy: text("carried_by"),
    message: json("message").notNull().$type<Record<string, unknown>>(),
    // due time while pending/retrying; a claimed delivery moves it past its send's timeout (the lease)
    nextAttemptAt: ms("next_attempt_at"),
    createdAt: ms("created_at").notNull(),
    sentAt: ms("sent_at"),
  },
  (t) => [
    index("deliveries_due").on(t.nextAttemptAt).where(sql`state IN ('pending', 'retrying')`),
    index("deliveries_channel_due").on(t.channelId, t.nextAttemptAt).where(sql`state IN ('pending', 'retrying')`),
    index("deliveries_channel_time").on(t.channelId, t.createdAt),
    index("deliveries_monitor_time").on(t.monitorId, t.createdAt),
    index("deliveries_incident").on(t.incidentId),
    // held in quiet hours, waiting for their channel's digest
    index("deliveries_quiet_held").on(t.channelId).where(sql`reason = 'quiet_hours' AND carried_by IS NULL`),
  ],
);

export const deliveryAttempts = pgTable(
  "delivery_attempts",
  {
    id: serial("id").primaryKey(),
    deliveryId: text("delivery_id").notNull().references(() => deliveries.id, { onDelete: "cascade" }),
    at: ms("at").notNull(),
    durationMs: integer("duration_ms").notNull(),
    result: text("result").notNull(),
    error: text("error"),
  },
  (t) => [index("delivery_attempts_delivery").on(t.deliveryId, t.at)],
);

// A monitor's parents: while one of them is down, the monitor's own down alert is suppressed.
export const monitorDependencies = pgTable(
  "monitor_dependencies",
  {
    monitorId: text("monitor_id").notNull().references(() => monitors.id, { onDelete: "cascade" }),
    dependsOnId: text("depends_on_id").notNull().references(() => monitors.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.monitorId, t.dependsOnId] }), index("monitor_dependencies_parent").on(t.dependsOnId)],
);

// Planned downtime: one-off (starts_at/ends_at) or recurring (cron schedule + duration in a time zone).
export const maintenanceWindows = pgTable(
  "maintenance_windows",
  {
    id: text("id").primaryKey(),
    organizationId: text("organization_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    startsAt: ms("starts_at"),
    endsAt: ms("ends_at"),
    schedule: text("schedule"),
    durationMinutes: integer("duration_minutes"),
    timezone: text("timezone").notNull().default("UTC"),
    isActive: bool("is_active").notNull().default(true),
    // the end of the last occurrence whose monitors were told their state (the end-of-window sweep)
    endHandledAt: ms("end_handled_at").notNull(),
    createdAt: ms("created_at").notNull(),
    updatedAt: ms("updated_at").notNull(),
  },
  (t) => [index("maintenance_windows_organization").on(t.organizationId)],
);

export const maintenanceMonitors = pgTable(
  "maintenance_monitors",
  {
    maintenanceId: text("maintenance_id").notNull().references(() => maintenanceWindows.id, { onDelete: "cascade" }),
    monitorId: text("monitor_id").notNull().references(() => monitors.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.maintenanceId, t.monitorId] }), index("maintenance_monitors_monitor").on(t.monitorId)],
);

export const maintenanceProjects = pgTable(
  "maintenance_projects",
  {
    maintenanceId: text("maintenance_id").notNull().references(() => maintenanceWindows.id, { onDelete: "cascade" }),
    projectId: text("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.maintenanceId, t.projectId] }), index("maintenance_projects_project").on(t.projectId)],
);

// Escalation steps: still down `after_minutes` into an incident and not acknowledged, these channels hear of it too.
export const monitorEscalations = pgTable(
  "monitor_escalations",
  {
    monitorId: text("monitor_id").notNull().references(() => monitors.id, { onDelete: "cascade" }),
    afterMinutes: integer("after_minutes").notNull(),
    channelId: text("channel_id").notNull().references(() => channels.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.monitorId, t.afterMinutes, t.channelId] }), index("monitor_escalations_channel").on(t.channelId)],
);

// Keys the server makes for itself on first use (the ack links' HMAC key): in the database, so backups keep them.
export const serverSecrets = pgTable("server_secrets", {
  name: text("name").primaryKey(),
  value: text("value").notNull(),
  createdAt: ms("created_at").notNull(),
});
// What an import created, by its id in the source, so importing the same source again duplicates nothing.
export const importSources = pgTable(
  "import_sources",
  {
    organizationId: text("organization_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    // "uptime-kuma:<instance>", "healthchecks", "gatus"
    source: text("source").notNull(),
    // the thing's id there, with its type: "monitor:7", "notification:2"
    externalId: text("external_id").notNull(),
    // the upbeat id it became (a monitor, channel, project, status page or maintenance window)
    resourceId: text("resource_id").notNull(),
    importedAt: ms("imported_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.source, t.externalId] })],
);

// More ping URLs of a heartbeat besides its token: Healthchecks' `<ping_key>/<slug>` after an import.
export const pingAliases = pgTable(
  "ping_aliases",
  {
    alias: text("alias").primaryKey(),
    monitorId: text("monitor_id").notNull().references(() => monitors.id, { onDelete: "cascade" }),
  },
  (t) => [index("ping_aliases_monitor").on(t.monitorId)],
);

// The UPBEAT_REGION labels instances have run checks under: checks and region_results carry the small id.
export const regions = pgTable("regions", {
  id: serial("id").primaryKey(),
  name: text("name").notNull().unique(),
});

// The latest check of a multi-location monitor from each region, which its status is worked out from.
export const regionResults = pgTable(
  "region_results",
  {
    monitorSeq: integer("monitor_seq").notNull().references(() => monitors.seq, { onDelete: "cascade" }),
    regionId: integer("region_id").notNull(),
    checkedAt: ms("checked_at").notNull(),
    isUp: bool("is_up").notNull(),
    // failures in a row from this region: it counts as failing once past the monitor's retries, and stays failing
    // (the streak kept) until recovery_checks successes in a row
    failStreak: integer("fail_streak").notNull(),
    successStreak: integer("success_streak").notNull().default(0),
    errorMessage: text("error_message"),
  },
  (t) => [primaryKey({ columns: [t.monitorSeq, t.regionId] })],
);

// The tables store exactly the domain's records: a column changed on one side only fails to compile here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const tablesMatchDomain: [
  Same<typeof users.$inferSelect, UserRow>, Same<typeof organizations.$inferSelect, OrganizationRow>,
  Same<typeof invitations.$inferSelect, InvitationRow>, Same<typeof projects.$inferSelect, ProjectRow>,
  // change_seq is the cluster's alone (store.cluster): rows carry it, the domain does not look at it
  Same<Omit<typeof monitors.$inferSelect, "changeSeq">, MonitorRow>, Same<typeof monitorEvents.$inferSelect, MonitorEventRow>,
  Same<typeof checks.$inferSelect, CheckRow>, Same<typeof checkRollups.$inferSelect, CheckRollupRow>,
  Same<typeof pulses.$inferSelect, PulseRow>, Same<typeof apiKeys.$inferSelect, ApiKeyRow>,
  Same<typeof sessions.$inferSelect, SessionRow>, Same<typeof statusPages.$inferSelect, StatusPageRow>,
  Same<typeof channels.$inferSelect, ChannelRow>, Same<typeof incidents.$inferSelect, IncidentRow>,
  Same<typeof deliveries.$inferSelect, DeliveryRow>, Same<typeof deliveryAttempts.$inferSelect, DeliveryAttemptRow>,
  Same<typeof maintenanceWindows.$inferSelect, MaintenanceRow>, Same<typeof regionResults.$inferSelect, RegionResultRow>,
] = [true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true];

// Only on PostgreSQL, where several upbeats share the work: each one's heartbeat, and which one checks which monitor.
export const instances = pgTable("instances", {
  id: text("id").primaryKey(),
  // UPBEAT_REGION, when the instance was given one
  region: text("region"),
  startedAt: ms("started_at").notNull(),
  // renewed every few seconds; an instance silent past the lease timeout is dead and its monitors are taken over
  beatAt: ms("beat_at").notNull(),
  // the leases it held at its last beat, in pool '' and in its region's: the shares are worked out from these few
  // rows, not by counting the leases every round
  heldShared: integer("held_shared").notNull().default(0),
  heldRegional: integer("held_regional").notNull().default(0),
});

export const monitorLeases = pgTable(
  "monitor_leases",
  {
    monitorId: text("monitor_id").notNull().references(() => monitors.id, { onDelete: "cascade" }),
    // a multi-location monitor has one lease per region it lists, each held by an instance of that region; '' = any
    region: text("region").notNull().default(""),
    instanceId: text("instance_id").notNull(),
    claimedAt: ms("claimed_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.monitorId, t.region] }), index("monitor_leases_instance").on(t.instanceId)],
);
