// Rows → the contract's JSON field names.
import type { ApiKeyRow, CheckRow, MonitorRow, ProjectRow, PulseRow, UserRow } from "../db/schema.ts";
import type { Role } from "../enums.ts";
import { checkId } from "../ids.ts";
import { settingDefaults } from "../probes/kind.ts";
import { probeKind } from "../probes/registry.ts";
import type { OrganizationRow } from "../store/organizations.ts";
import { toIso, toIsoOrNull } from "../time.ts";
import type * as v from "valibot";
import type { ApiKeyOut, CheckOut, MemberOut, MonitorJson, OrganizationOut, ProjectOut, PulseOut, UserOut } from "./responses.ts";

type Out<S extends v.GenericSchema> = v.InferOutput<S>;

export function userJson(u: UserRow): Out<typeof UserOut> {
  return { id: u.id, email: u.email, name: u.name, plan: u.plan, is_admin: u.isAdmin, created_at: toIso(u.createdAt) };
}

export function organizationJson(o: OrganizationRow, role: Role): Out<typeof OrganizationOut> {
  return { id: o.id, name: o.name, role, created_at: toIso(o.createdAt) };
}

export function memberJson(m: { user: UserRow; role: Role; joinedAt: number }): Out<typeof MemberOut> {
  return { user_id: m.user.id, email: m.user.email, name: m.user.name, role: m.role, joined_at: toIso(m.joinedAt) };
}

export function projectJson(p: ProjectRow): Out<typeof ProjectOut> {
  return {
    id: p.id, organization_id: p.organizationId, name: p.name, is_default: p.isDefault,
    created_at: toIso(p.createdAt), updated_at: toIso(p.updatedAt),
  };
}

export const pingUrl = (baseUrl: string, token: string) => `${baseUrl}/ping/${token}`;

export function monitorJson(m: MonitorRow, baseUrl: string): MonitorJson {
  const kind = probeKind(m.kind);
  const pinged = !kind?.check;
  const json: MonitorJson = {
    id: m.id,
    project_id: m.projectId,
    name: m.name,
    kind: m.kind,
    url: pinged ? pingUrl(baseUrl, m.pingToken!) : m.url!,
    status: m.status,
    status_reason: m.statusReason,
    interval_seconds: m.intervalSeconds,
    timeout_seconds: m.timeoutSeconds,
    retries: m.retries,
    is_paused: m.isPaused,
    is_public: m.isPublic,
    created_at: toIso(m.createdAt),
    updated_at: toIsoOrNull(m.updatedAt),
    last_checked_at: toIsoOrNull(m.lastCheckedAt),
  };
  // the kind's settings only; one added to the kind after the monitor was saved reads as its default
  const defaults = kind ? settingDefaults(kind) : {};
  for (const key in defaults) json[key] = key in m.settings ? m.settings[key] : defaults[key];
  if (pinged) json.ping_token = m.pingToken!;
  return json;
}

export function checkJson(c: CheckRow): Out<typeof CheckOut> {
  return {
    id: checkId(c.monitorSeq, c.checkedAt),
    status_code: c.statusCode,
    response_time_ms: c.responseTimeMs,
    is_up: c.isUp,
    error_message: c.isUp ? null : c.errorMessage,
    checked_at: toIso(c.checkedAt),
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
