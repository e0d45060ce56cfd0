// The shapes the API answers with, as valibot schemas: json.ts returns these types, the OpenAPI
// document shows them, and the tests parse real answers with them, so the three cannot drift apart.
import * as v from "valibot";
import { ACK_VIA, PLANS, ROLES, SCOPES } from "../enums.ts";
import { wholeNumber as Int } from "../probes/kind.ts";
import { derived, probeKinds } from "../probes/registry.ts";
import { ALERT_EVENTS } from "../alerts/message.ts";
import { WEEKDAYS } from "../alerts/quiet-hours.ts";
import { docSchema } from "./json-schema.ts";

const Iso = v.pipe(v.string(), v.isoTimestamp());
const Id = v.pipe(v.string(), v.uuid());
const Role = v.picklist(ROLES);

export const UserOut = v.strictObject({
  id: Id, email: v.string(), name: v.nullable(v.string()), plan: v.picklist(PLANS),
  is_admin: v.boolean(), created_at: Iso,
});
export const OrganizationOut = v.strictObject({ id: Id, name: v.string(), role: Role, timezone: v.string(), alert_group_seconds: Int, created_at: Iso });
export const MeOut = v.strictObject({ ...UserOut.entries, organizations: v.array(OrganizationOut) });
export const MemberOut = v.strictObject({ user_id: Id, email: v.string(), name: v.nullable(v.string()), role: Role, joined_at: Iso });
export const InvitationOut = v.strictObject({
  id: Id, organization_id: Id, organization_name: v.string(), email: v.string(), role: Role,
  invited_by: v.nullable(Id), invited_by_email: v.nullable(v.string()), created_at: Iso, expires_at: Iso,
});
export const ProjectOut = v.strictObject({
  id: Id, organization_id: Id, name: v.string(), is_default: v.boolean(), channel_ids: v.array(Id), created_at: Iso, updated_at: Iso,
});

/** One bar of the dashboard's strip: a check, or a heartbeat run's end (then `code` is its exit code, `ms` its duration). */
export const RecentResultOut = v.strictObject({
  at: Iso, is_up: v.boolean(), ms: v.nullable(Int), code: v.nullable(Int), error: v.nullable(v.string()),
});
/** With `include=recent` on the list: the newest results (oldest first), the last response time and the 24h uptime. */
export const RecentOut = v.strictObject({
  results: v.array(RecentResultOut), last_response_time_ms: v.nullable(Int), uptime_24h: v.nullable(v.number()),
});

export const BulkOut = v.strictObject({
  results: v.array(v.strictObject({
    id: Id, ok: v.boolean(),
    error: v.optional(v.strictObject({ status: Int, code: v.string(), message: v.string() })),
  })),
});

const monitorCommon = {
  id: Id, project_id: Id, name: v.string(), url: v.string(), status: v.picklist(["up", "down", "pending"]),
  status_reason: v.nullable(v.string()), interval_seconds: Int, timeout_seconds: Int, retries: Int, recovery_checks: Int, is_critical: v.boolean(),
  depends_on: v.array(Id), in_maintenance: v.boolean(), maintenance_id: v.nullable(Id),
  is_paused: v.boolean(), is_public: v.boolean(), remind_every_minutes: Int,
  flap_threshold: Int, flap_window_minutes: Int, is_flapping: v.boolean(),
  escalations: v.array(v.strictObject({ after_minutes: Int, channel_ids: v.array(Id) })), channel_ids: v.array(Id), created_at: Iso, updated_at: v.nullable(Iso), last_checked_at: v.nullable(Iso),
  recent: v.optional(RecentOut),
  regions: v.array(v.string()), min_failing_regions: Int,
  // on one monitor's answer when it lists regions: each region's latest result, and whether a live instance is in it
  region_results: v.optional(v.array(v.strictObject({
    region: v.string(), served: v.boolean(), is_up: v.nullable(v.boolean()), checked_at: v.nullable(Iso), error_message: v.nullable(v.string()),
  }))),
  // the latest check's few facts (players online, container state, TLS version); null when it had none
  details: v.nullable(v.record(v.string(), v.nullable(v.union([v.string(), v.number(), v.boolean()])))),
};
/** One shape per probe kind: the shared fields, the kind's settings and, for pinged kinds, the ping token. */
export const monitorOut = derived(() =>
  v.variant(
    "kind",
    probeKinds().map((kind) =>
      v.strictObject({
        ...monitorCommon,
        kind: v.literal(kind.name),
        ...Object.fromEntries(Object.entries(kind.settings).map(([key, setting]) => [key, setting.output])),
        ...(kind.check ? {} : { ping_token: v.string() }),
      }),
    ) as unknown as [v.StrictObjectSchema<typeof monitorCommon & { kind: v.LiteralSchema<string, undefined> }, undefined>],
  ),
);
export const CheckOut = v.strictObject({
  id: Id, status_code: v.nullable(Int), response_time_ms: Int, is_up: v.boolean(),
  error_message: v.nullable(v.string()), checked_at: Iso,
  // the UPBEAT_REGION of the instance that ran it; null when it had none
  region: v.nullable(v.string()),
});
export const PulseOut = v.strictObject({
  id: Id, type: v.picklist(["success", "start", "fail", "log"]), exit_code: v.nullable(Int),
  duration_ms: v.nullable(Int), body: v.nullable(v.string()), source_ip: v.nullable(v.string()),
  user_agent: v.nullable(v.string()), rid: v.nullable(v.string()), received_at: Iso,
});
export const UptimeOut = v.strictObject({
  monitor_id: Id, window: v.picklist(["24h", "7d", "30d", "90d"]), uptime_percent: v.nullable(v.number()),
  total_checks: Int, up_checks: Int, avg_response_time_ms: v.nullable(Int),
  p50_response_time_ms: v.nullable(Int), p95_response_time_ms: v.nullable(Int),
});
/** A chart's points as parallel arrays (index i of each is one point), and the down periods to shade. */
export const SeriesOut = v.strictObject({
  monitor_id: Id, window: v.picklist(["1h", "24h", "7d", "30d", "90d"]),
  resolution: v.pipe(v.picklist(["check", "hour", "run"]), v.description("a point is one check, one hour of checks (its average), or one heartbeat run")),
  from: Iso, to: Iso,
  t: v.pipe(v.array(Int), v.description("each point's time in Unix seconds (an hour's start for hourly points)")),
  response_time_ms: v.pipe(v.array(v.nullable(Int)), v.description("response time, hourly average, or run duration (null: the run reported no start)")),
  failed: v.pipe(v.array(Int), v.description("failed checks or runs at that point")),
  down_periods: v.array(v.strictObject({ started_at: Iso, ended_at: v.nullable(Iso), reason: v.nullable(v.string()) })),
});
export const StatusChangeOut = v.strictObject({
  id: Id, from_status: v.picklist(["up", "down", "pending"]), to_status: v.picklist(["up", "down", "pending"]),
  reason: v.nullable(v.string()), at: Iso,
});
export const ApiKeyOut = v.strictObject({
  id: Id, name: v.string(), prefix: v.string(), scope: v.picklist(SCOPES), created_at: Iso,
  last_used_at: v.nullable(Iso),
});
export const CreatedApiKeyOut = v.strictObject({ ...ApiKeyOut.entries, key: v.pipe(v.string(), v.regex(/^pm_[0-9A-Za-z]{32,}$/)) });
export const ChannelOut = v.strictObject({
  id: Id, organization_id: Id, name: v.string(), kind: v.string(),
  // the kind's settings; secret fields are masked ("…abcd")
  config: v.record(v.string(), v.unknown()),
  is_default: v.boolean(), is_enabled: v.boolean(),
  // alerts due in this span wait for one digest at its end (monitors with is_critical excepted)
  quiet_hours: v.nullable(v.strictObject({ start: v.string(), end: v.string(), timezone: v.string(), days: v.optional(v.array(v.picklist(WEEKDAYS))) })),
  last_error: v.nullable(v.string()), last_sent_at: v.nullable(Iso), created_at: Iso,
});
export const ChannelTestOut = v.strictObject({ ok: v.boolean(), error: v.optional(v.string()) });
export const LinkAllOut = v.strictObject({ linked: Int });
export const DeliveryOut = v.strictObject({
  id: Id, channel_id: Id, monitor_id: v.nullable(Id), incident_id: v.nullable(Id),
  event: v.picklist(ALERT_EVENTS),
  state: v.picklist(["pending", "retrying", "sent", "failed", "suppressed"]),
  // suppressed: a why-not code (maintenance, dependency, grouped, quiet_hours, rate_limited, channel_disabled); failed: the last error
  reason: v.nullable(v.string()),
  // grouped, rate_limited, quiet_hours: the delivery (group, summary or digest) that carried it
  carried_by: v.nullable(Id),
  attempts: v.array(v.strictObject({ at: Iso, duration_ms: Int, result: v.string(), error: v.nullable(v.string()) })),
  created_at: Iso, sent_at: v.nullable(Iso),
});
export const IncidentOut = v.strictObject({
  id: Id, monitor_id: Id, started_at: Iso, resolved_at: v.nullable(Iso), duration_seconds: v.nullable(Int),
  reason: v.nullable(v.string()), acknowledged_at: v.nullable(Iso), acknowledged_by: v.nullable(Id),
  // "link": through the signed link in a message, with no user (acknowledged_by null)
  acknowledged_via: v.nullable(v.picklist(ACK_VIA)),
});
export const SetupStateOut = v.strictObject({ needs_setup: v.boolean() });
export const OccurrenceOut = v.strictObject({ starts_at: Iso, ends_at: Iso });
export const MaintenanceOut = v.strictObject({
  id: Id, organization_id: Id, title: v.string(), monitor_ids: v.array(Id), project_ids: v.array(Id),
  starts_at: v.nullable(Iso), ends_at: v.nullable(Iso), schedule: v.nullable(v.string()), duration_minutes: v.nullable(Int),
  timezone: v.string(), is_active: v.boolean(),
  // the occurrence in progress, else the next one (null when none is left)
  occurrence: v.nullable(OccurrenceOut),
  created_at: Iso,
});
export const LoginOut = v.strictObject({ user: UserOut, expires_at: Iso });
export const ErrorOut = v.strictObject({
  error: v.strictObject({
    status: Int, code: v.string(), message: v.string(),
    details: v.optional(v.array(v.strictObject({ field: v.string(), message: v.string() }))),
  }),
});

/** Errors a route answers beyond those openapi.ts gives every operation from its shape, with why: `{ 409: "…" }`. */
export type ExtraErrors = Partial<Record<400 | 401 | 403 | 404 | 409, string>>;

/** OpenAPI `responses` for a route: its success answer and its extra errors (openapi.ts adds the common ones). */
export function answers(status: number, schema: v.GenericSchema | null, description = "OK", errors: ExtraErrors = {}) {
  return {
    [status]: schema ? { description, content: { "application/json": { schema: docSchema(schema) } } } : { description },
    ...Object.fromEntries(Object.entries(errors).map(([code, why]) => [code, { description: why }])),
  };
}

export type MonitorJson = v.InferOutput<v.ObjectSchema<typeof monitorCommon, undefined>> & { kind: string; [setting: string]: unknown };
