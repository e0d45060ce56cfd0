// Rows → the contract's JSON field names.
import type { MaintenanceWithLinks } from "../store/maintenance.ts";
import { currentOrNext } from "../maintenance/windows.ts";
import type {
  ApiKeyRow, ChannelRow, IncidentRow, MonitorEventRow, MonitorRow, OrganizationRow, ProjectRow, PulseRow, UserRow,
} from "../domain/types.ts";
import type { Role } from "../enums.ts";
import { isChannelKind } from "../alerts/registry.ts";
import { maskConfig, maskSecret } from "../alerts/secrets.ts";
import { checkId } from "../ids.ts";
import { settingDefaults } from "../probes/kind.ts";
import { probeKind } from "../probes/registry.ts";
import type { DeliveryWithAttempts, DescribedInvitation, EscalationStep, NewCheck } from "../store/store.ts";
import type { RegionReport } from "../monitors/regions.ts";
import { escalationsJson } from "../monitors/escalations.ts";
import { toIso, toIsoOrNull } from "../time.ts";
import type { Recent } from "../monitors/recent.ts";
import type * as v from "valibot";
import type { ApiKeyOut, ChannelOut, DeliveryOut, MaintenanceOut, IncidentOut, CheckOut, InvitationOut, MemberOut, MonitorJson, OrganizationOut, ProjectOut, PulseOut, SeriesOut, StatusChangeOut, UserOut } from "./responses.ts";
import type { Series, SeriesWindow } from "../history/series.ts";

type Out<S extends v.GenericSchema> = v.InferOutput<S>;

export function userJson(u: UserRow): Out<typeof UserOut> {
  return { id: u.id, email: u.email, name: u.name, plan: u.plan, is_admin: u.isAdmin, created_at: toIso(u.createdAt) };
}

export function organizationJson(o: OrganizationRow, role: Role): Out<typeof OrganizationOut> {
  return { id: o.id, name: o.name, role, timezone: o.timezone, alert_group_seconds: o.alertGroupSeconds, created_at: toIso(o.createdAt) };
}

export function memberJson(m: { user: UserRow; role: Role; joinedAt: number }): Out<typeof MemberOut> {
  return { user_id: m.user.id, email: m.user.email, name: m.user.name, role: m.role, joined_at: toIso(m.joinedAt) };
}

export function invitationJson({ invitation: i, organizationName, invitedByEmail }: DescribedInvitation): Out<typeof InvitationOut> {
  return {
    id: i.id, organization_id: i.organizationId, organization_name: organizationName, email: i.email, role: i.role,
    invited_by: i.invitedBy, invited_by_email: invitedByEmail, created_at: toIso(i.createdAt), expires_at: toIso(i.expiresAt),
  };
}

export function projectJson(p: ProjectRow, channelIds: string[]): Out<typeof ProjectOut> {
  return {
    id: p.id, organization_id: p.organizationId, name: p.name, is_default: p.isDefault, channel_ids: channelIds,
    created_at: toIso(p.createdAt), updated_at: toIso(p.updatedAt),
  };
}

export const pingUrl = (baseUrl: string, token: string) => `${baseUrl}/ping/${token}`;

/** What a monitor's JSON shows besides its row: its links and whether a maintenance window holds its alerts now. */
export interface MonitorExtras {
  channelIds: string[];
  dependsOn: string[];
  escalations: EscalationStep[];
  maintenanceId: string | null;
  /** only on lists asked for it (`include=recent`) */
  recent?: Recent;
  /** only on one monitor's answer, when it lists regions */
  regionReports?: RegionReport[];
}

const regionResultsJson = (reports: RegionReport[]) => reports.map(({ region, served, result }) => ({
  region, served, is_up: result?.isUp ?? null, checked_at: result ? toIso(result.checkedAt) : null, error_message: result?.errorMessage ?? null,
}));

const recentJson = (recent: Recent) => ({
  results: recent.results.map((r) => ({ at: toIso(r.at), is_up: r.isUp, ms: r.ms, code: r.code, error: r.error })),
  last_response_time_ms: recent.lastResponseMs,
  uptime_24h: recent.uptime24h,
});

// A monitor's JSON in runs of fields: the row's three (head, middle, tail) around the extras, so that the
// JSON text of a row can be made once and reused while the row is unchanged (store rows are shared then).
const monitorHead = (m: MonitorRow, baseUrl: string) => ({
  id: m.id,
  project_id: m.projectId,
  name: m.name,
  kind: m.kind,
  // a group has no target of its own
  url: probeKind(m.kind)?.check ? (m.url ?? "") : pingUrl(baseUrl, m.pingToken!),
  status: m.status,
  status_reason: m.statusReason,
  interval_seconds: m.intervalSeconds,
  timeout_seconds: m.timeoutSeconds,
  retries: m.retries,
  recovery_checks: m.recoveryChecks,
  is_critical: m.isCritical,
});

const monitorMiddle = (m: MonitorRow) => ({
  is_paused: m.isPaused,
  is_public: m.isPublic,
  remind_every_minutes: m.remindEveryMinutes,
  flap_threshold: m.flapThreshold,
  flap_window_minutes: m.flapWindowMinutes,
  is_flapping: m.flappingSince !== null,
  regions: m.regions,
  min_failing_regions: m.minFailingRegions,
});

function monitorTail(m: MonitorRow) {
  const kind = probeKind(m.kind);
  const fields = {
    created_at: toIso(m.createdAt),
    updated_at: toIsoOrNull(m.updatedAt),
    last_checked_at: toIsoOrNull(m.lastCheckedAt),
    details: m.lastDetails ?? null,
  };
  const tail: typeof fields & Record<string, unknown> = fields;
  // the kind's settings only; one added to the kind after the monitor was saved reads as its default
  const defaults = kind ? settingDefaults(kind) : {};
  for (const key in defaults) tail[key] = key in m.settings ? m.settings[key] : defaults[key];
  // a password and the like leave the API masked, as channel secrets do
  for (const key in kind?.settings) if (kind.settings[key]!.secret && typeof tail[key] === "string") tail[key] = maskSecret(tail[key] as string);
  if (!kind?.check) tail.ping_token = m.pingToken!;
  return tail;
}

export function monitorJson(m: MonitorRow, baseUrl: string, extras: MonitorExtras): MonitorJson {
  const json = {
    ...monitorHead(m, baseUrl),
    depends_on: extras.dependsOn, in_maintenance: extras.maintenanceId !== null, maintenance_id: extras.maintenanceId,
    ...monitorMiddle(m),
    escalations: escalationsJson(extras.escalations), channel_ids: extras.channelIds,
    ...monitorTail(m),
  };
  return {
    ...json,
    ...(extras.recent ? { recent: recentJson(extras.recent) } : {}),
    ...(extras.regionReports ? { region_results: regionResultsJson(extras.regionReports) } : {}),
  };
}

/** An object's JSON without its braces, to join with others into one object. */
const members = (value: object) => JSON.stringify(value).slice(1, -1);

interface MonitorText {
  baseUrl: string; head: string; middle: string; tail: string;
  /** the last answer made, and the extras it was made with: a GET of an unchanged monitor gives the same (flat) text */
  last?: { extras: MonitorExtras; text: string };
}
const monitorTexts = new WeakMap<MonitorRow, MonitorText>();

// the extras come from caches, so unchanged ones are the same arrays as last time
const sameExtras = (a: MonitorExtras, b: MonitorExtras) => a.dependsOn === b.dependsOn && a.channelIds === b.channelIds &&
  a.escalations === b.escalations && a.maintenanceId === b.maintenanceId && a.recent === undefined && b.recent === undefined &&
  // each region's latest result changes with every check: never the same text twice
  a.regionReports === undefined && b.regionReports === undefined;

/** monitorJson as JSON text, the row's runs made once per row (and base URL): serializing the object was a quarter of a GET. */
export function monitorJsonText(m: MonitorRow, baseUrl: string, extras: MonitorExtras): string {
  let text = monitorTexts.get(m);
  if (text?.baseUrl !== baseUrl) {
    text = { baseUrl, head: members(monitorHead(m, baseUrl)), middle: members(monitorMiddle(m)), tail: members(monitorTail(m)) };
    monitorTexts.set(m, text);
  }
  if (text.last && sameExtras(text.last.extras, extras)) return text.last.text;
  const { dependsOn, maintenanceId, escalations, channelIds } = extras;
  const recent = (extras.recent ? `,"recent":${JSON.stringify(recentJson(extras.recent))}` : "") +
    (extras.regionReports ? `,"region_results":${JSON.stringify(regionResultsJson(extras.regionReports))}` : "");
  const answer = `{${text.head},"depends_on":${JSON.stringify(dependsOn)},"in_maintenance":${maintenanceId !== null},"maintenance_id":${JSON.stringify(maintenanceId)},` +
    `${text.middle},"escalations":${escalations.length === 0 ? "[]" : JSON.stringify(escalationsJson(escalations))},"channel_ids":${JSON.stringify(channelIds)},` +
    `${text.tail}${recent}}`;
  if (!extras.recent && !extras.regionReports) text.last = { extras, text: answer };
  return answer;
}

/** `regionNames`: the labels by id (store.regions.names()); needed only when a check has a region. */
export function checkJson(c: NewCheck, regionNames?: Map<number, string>): Out<typeof CheckOut> {
  return {
    id: checkId(c.monitorSeq, c.checkedAt, c.regionId ?? 0),
    status_code: c.statusCode,
    response_time_ms: c.responseTimeMs,
    is_up: c.isUp,
    error_message: c.isUp ? null : c.errorMessage,
    checked_at: toIso(c.checkedAt),
    region: c.regionId ? (regionNames?.get(c.regionId) ?? null) : null,
  };
}

export function pulseJson(p: PulseRow): Out<typeof PulseOut> {
  return {
    id: p.id, type: p.type, exit_code: p.exitCode, duration_ms: p.durationMs, body: p.body,
    source_ip: p.sourceIp, user_agent: p.userAgent, rid: p.rid, received_at: toIso(p.receivedAt),
  };
}

export function apiKeyJson(k: ApiKeyRow): Out<typeof ApiKeyOut> {
  return {
    id: k.id, name: k.name, prefix: k.prefix, scope: k.scope,
    created_at: toIso(k.createdAt), last_used_at: toIsoOrNull(k.lastUsedAt),
  };
}

export function channelJson(c: ChannelRow): Out<typeof ChannelOut> {
  return {
    id: c.id, organization_id: c.organizationId, name: c.name, kind: c.kind,
    // a kind no longer known cannot say which fields are secret: show none of them
    config: isChannelKind(c.kind) ? maskConfig(c.kind, c.config) : {},
    is_default: c.isDefault, is_enabled: c.isEnabled, quiet_hours: c.quietHours as Out<typeof ChannelOut>["quiet_hours"], last_error: c.lastError, last_sent_at: toIsoOrNull(c.lastSentAt),
    created_at: toIso(c.createdAt),
  };
}

export function deliveryJson(d: DeliveryWithAttempts): Out<typeof DeliveryOut> {
  return {
    id: d.id, channel_id: d.channelId, monitor_id: d.monitorId, incident_id: d.incidentId,
    event: d.event as Out<typeof DeliveryOut>["event"], state: d.state, reason: d.reason, carried_by: d.carriedBy,
    attempts: d.attempts.map((a) => ({ at: toIso(a.at), duration_ms: a.durationMs, result: a.result, error: a.error })),
    created_at: toIso(d.createdAt), sent_at: toIsoOrNull(d.sentAt),
  };
}

export function incidentJson(i: IncidentRow): Out<typeof IncidentOut> {
  return {
    id: i.id, monitor_id: i.monitorId, started_at: toIso(i.startedAt), resolved_at: toIsoOrNull(i.resolvedAt),
    duration_seconds: i.resolvedAt === null ? null : Math.round((i.resolvedAt - i.startedAt) / 1000),
    reason: i.reason, acknowledged_at: toIsoOrNull(i.acknowledgedAt), acknowledged_by: i.acknowledgedBy, acknowledged_via: i.acknowledgedVia,
  };
}

export function statusChangeJson(e: MonitorEventRow): Out<typeof StatusChangeOut> {
  return { id: e.id, from_status: e.fromStatus, to_status: e.toStatus, reason: e.reason, at: toIso(e.at) };
}

export function seriesJson(monitorId: string, window: SeriesWindow, s: Series): Out<typeof SeriesOut> {
  return {
    monitor_id: monitorId, window, resolution: s.resolution, from: toIso(s.fromMs), to: toIso(s.toMs),
    t: s.atMs.map((ms) => Math.floor(ms / 1000)), response_time_ms: s.responseTimeMs, failed: s.failed,
    down_periods: s.downPeriods.map((d) => ({ started_at: toIso(d.fromMs), ended_at: toIsoOrNull(d.toMs), reason: d.reason })),
  };
}

export function maintenanceJson(w: MaintenanceWithLinks, now: number): Out<typeof MaintenanceOut> {
  const occurrence = w.isActive ? currentOrNext(w, now) : null;
  return {
    id: w.id, organization_id: w.organizationId, title: w.title, monitor_ids: w.monitorIds, project_ids: w.projectIds,
    starts_at: toIsoOrNull(w.startsAt), ends_at: toIsoOrNull(w.endsAt), schedule: w.schedule, duration_minutes: w.durationMinutes,
    timezone: w.timezone, is_active: w.isActive,
    occurrence: occurrence && { starts_at: toIso(occurrence.start), ends_at: toIso(occurrence.end) },
    created_at: toIso(w.createdAt),
  };
}
