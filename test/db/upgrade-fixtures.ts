// Representative rows of every table, written as raw SQL rows (column names as in the migrations), so they
// can be put into a database at any earlier schema. A column an old schema lacks is left out when inserting.
import { newApiKey, newPingToken, newSessionToken } from "../../src/accounts/secrets.ts";
import { floorHour, HOUR_MS } from "../../src/history/rollup.ts";
import { newId } from "../../src/ids.ts";

export type Row = Record<string, string | number | null>;
type Settings = Record<string, string | number | boolean | null | Record<string, string>>;

/** Before 0003 each setting was a column of its own, booleans as 0/1 and headers as JSON text. */
const asColumns = (settings: Settings): Row =>
  Object.fromEntries(Object.entries(settings).map(([key, value]) =>
    [key, typeof value === "boolean" ? Number(value) : value !== null && typeof value === "object" ? JSON.stringify(value) : value]));

export const ADMIN_PASSWORD = "upgrade-admin-password";
export const adminKey = newApiKey();
export const memberKey = newApiKey();
export const adminSession = newSessionToken();

const now = Date.now();
const created = now - 10 * 24 * HOUR_MS;
// history sits in finished hours of the last day; roll-ups two days back, so neither is pruned nor re-rolled over them
const checksFrom = floorHour(now) - 3 * HOUR_MS;
const rollupsFrom = floorHour(now) - 48 * HOUR_MS;
// far enough that the scheduler keeps each monitor's place instead of checking it during the test
const nextDue = now + HOUR_MS;

const id = {
  admin: newId(), member: newId(), orgA: newId(), orgB: newId(), projectA: newId(), projectServers: newId(), projectB: newId(),
  http: newId(), httpPost: newId(), tcp: newId(), ping: newId(), ssl: newId(), dns: newId(), cron: newId(), heartbeat: newId(),
    statusPage: newId(), channel: newId(), email: newId(), incident: newId(), delivery: newId(), failedDelivery: newId(), groupedDelivery: newId(), invitation: newId(),
  backupWindow: newId(), swapWindow: newId(), ackedIncident: newId(),
};
export const ids = id;
export const heartbeatToken = newPingToken();
export const SSL_FINGERPRINT = "AB:CD:EF:01:23:45:67:89";
export const ACK_KEY = "upgrade-ack-key-0123456789abcdefghijklmnopq";

/** Builds the rows; `closedPort` is a port on 127.0.0.1 with nothing listening, for the check targets. */
export function fixtureRows(adminPasswordHash: string, closedPort: number): Record<string, Row[]> {
  const target = `127.0.0.1:${closedPort}`;
  // `settings` is what the monitor must read as after any upgrade; `over` may set an old column otherwise (a null the upgrade fills)
  const monitor = (settings: Settings, over: Row): Row => ({
    url: null, status: "pending", status_reason: null, interval_seconds: 86_400, timeout_seconds: 10, retries: 0, fail_streak: 0,
    is_paused: 0, is_public: 0, created_at: created, updated_at: created, last_checked_at: null, next_due_at: nextDue,
    method: null, headers: null, body: null, expected_status: null, keyword: null, keyword_absent: null, follow_redirects: null,
    ignore_tls_errors: null, ssl_expiry_days: null, record_type: null, expected_value: null, dns_resolver: null,
    grace_seconds: null, schedule: null, timezone: null, ping_token: null, remind_every_minutes: 0, is_critical: 0,
    flap_threshold: 6, flap_window_minutes: 30, flapping_since: null, ...asColumns(settings), ...over,
    settings: JSON.stringify(settings),
  });
  const http = {
    method: "GET", headers: {}, body: null, expected_status: "200-399", keyword: null, keyword_absent: false, follow_redirects: true,
    ignore_tls_errors: false,
  };
  return {
    users: [
      { id: id.admin, email: "admin@upgrade.test", name: "Admin", password_hash: adminPasswordHash, plan: "team", is_admin: 1, created_at: created, updated_at: created },
      { id: id.member, email: "member@upgrade.test", name: null, password_hash: adminPasswordHash, plan: "pro", is_admin: 0, created_at: created + 1, updated_at: created + 5 },
    ],
    organizations: [
      { id: id.orgA, name: "Homelab", alert_group_seconds: 30, created_at: created },
      { id: id.orgB, name: "member@upgrade.test's organization", alert_group_seconds: 10, created_at: created + 1 },
    ],
    memberships: [
      { organization_id: id.orgA, user_id: id.admin, role: "owner", created_at: created },
      { organization_id: id.orgA, user_id: id.member, role: "viewer", created_at: created + 2 },
      { organization_id: id.orgB, user_id: id.member, role: "owner", created_at: created + 1 },
    ],
    projects: [
      { id: id.projectA, organization_id: id.orgA, name: "Default", is_default: 1, created_at: created, updated_at: created },
      { id: id.projectServers, organization_id: id.orgA, name: "Servers", is_default: 0, created_at: created + 3, updated_at: created + 4 },
      { id: id.projectB, organization_id: id.orgB, name: "Default", is_default: 1, created_at: created + 1, updated_at: created + 1 },
    ],
    monitors: [
      monitor({ ...http, headers: { "x-probe": "upgrade" }, keyword: "ok" }, { id: id.http, seq: 1, project_id: id.projectA, name: "website",
        kind: "http", url: `http://${target}/`, status: "up", last_checked_at: checksFrom + 4 * 60_000 }),
      monitor({ ...http, method: "POST", body: '{"ping":true}', expected_status: "200-299,301", keyword: "maintenance", keyword_absent: true }, {
        id: id.httpPost, seq: 2, project_id: id.projectServers, name: "api write", kind: "http", url: `http://${target}/api`,
        status: "down", status_reason: "HTTP 503", fail_streak: 3, retries: 2, recovery_checks: 3, success_streak: 1, is_public: 1, remind_every_minutes: 60, is_critical: 1, timeout_seconds: 5, headers: null,
        flap_threshold: 4, flap_window_minutes: 10, flapping_since: null, regions: '["eu-1","us-1"]', min_failing_regions: 2 }),
      monitor({}, { id: id.tcp, seq: 3, project_id: id.projectServers, name: "ssh", kind: "tcp", url: target, status: "up" }),
      monitor({}, { id: id.ping, seq: 4, project_id: id.projectA, name: "router", kind: "ping", url: "127.0.0.1", interval_seconds: 600 }),
      monitor({ ssl_expiry_days: 21 }, { id: id.ssl, seq: 5, project_id: id.projectA, name: "certificate", kind: "ssl", url: `https://${target}`, is_paused: 1,
        last_details: JSON.stringify({ certificate_days: 40, tls_version: "TLSv1.3" }) }),
      monitor({ record_type: "A", expected_value: "10.0.0.2", dns_resolver: target }, { id: id.dns, seq: 6, project_id: id.projectA,
        name: "resolver", kind: "dns", url: "nas.home.arpa", is_paused: 1 }),
      monitor({ grace_seconds: 300, schedule: "30 2 * * *", timezone: "Europe/Berlin" }, { id: id.cron, seq: 7, project_id: id.projectB,
        name: "nightly backup", kind: "heartbeat", interval_seconds: 3600, ping_token: heartbeatToken, status: "up", next_due_at: now + 24 * HOUR_MS }),
      monitor({ grace_seconds: 60, schedule: null, timezone: "UTC" }, { id: id.heartbeat, seq: 8, project_id: id.projectA, name: "worker",
        kind: "heartbeat", interval_seconds: 300, timezone: null, ping_token: newPingToken(), is_paused: 1 }),
    ],
    checks: [
      ...[0, 1, 2, 3, 4].map((i) => ({ monitor_seq: 1, checked_at: checksFrom + i * 60_000, is_up: 1, status_code: 200, response_time_ms: 10 + i, error_message: null, region_id: 1 })),
      ...[0, 1, 2].map((i) => ({ monitor_seq: 2, checked_at: checksFrom + i * 60_000 + 7, is_up: 0, status_code: 503, response_time_ms: 40, error_message: "HTTP 503", region_id: 0 })),
      { monitor_seq: 3, checked_at: checksFrom + 11, is_up: 1, status_code: null, response_time_ms: 1, error_message: null, region_id: 0 },
      { monitor_seq: 3, checked_at: checksFrom + 60_011, is_up: 0, status_code: null, response_time_ms: 0, error_message: "connection refused", region_id: 0 },
    ],
    check_rollups: [
      { monitor_seq: 1, hour_start: rollupsFrom, checks: 60, up_checks: 60, response_time_sum_ms: 720, response_time_min_ms: 9, response_time_max_ms: 15, response_time_sketch: "12:60" },
      { monitor_seq: 1, hour_start: rollupsFrom + HOUR_MS, checks: 60, up_checks: 57, response_time_sum_ms: 900, response_time_min_ms: 9, response_time_max_ms: 40, response_time_sketch: "12:50,20:10" },
      { monitor_seq: 2, hour_start: rollupsFrom, checks: 60, up_checks: 0, response_time_sum_ms: 2400, response_time_min_ms: 40, response_time_max_ms: 40, response_time_sketch: "25:60" },
    ],
    pulses: [
      // monitor_id before 0015, monitor_seq since; the two logs share a millisecond and both keep their row
      { id: newId(), monitor_id: id.cron, monitor_seq: 7, type: "start", exit_code: null, duration_ms: null, body: null, source_ip: "10.0.0.5", user_agent: "curl/8.5.0", rid: "0b7c2a2e-5a49-4a8b-9a53-0b3b1f0f8a11", received_at: checksFrom },
      { id: newId(), monitor_id: id.cron, monitor_seq: 7, type: "log", exit_code: null, duration_ms: null, body: "copied 12 GB", source_ip: "10.0.0.5", user_agent: "curl/8.5.0", rid: null, received_at: checksFrom + 60_000 },
      { id: newId(), monitor_id: id.cron, monitor_seq: 7, type: "log", exit_code: null, duration_ms: null, body: "copied 12 GB more", source_ip: "10.0.0.5", user_agent: "curl/8.5.0", rid: null, received_at: checksFrom + 60_000 },
      { id: newId(), monitor_id: id.cron, monitor_seq: 7, type: "success", exit_code: 0, duration_ms: 95_000, body: "done", source_ip: "10.0.0.5", user_agent: "curl/8.5.0", rid: "0b7c2a2e-5a49-4a8b-9a53-0b3b1f0f8a11", received_at: checksFrom + 95_000 },
      { id: newId(), monitor_id: id.cron, monitor_seq: 7, type: "fail", exit_code: 2, duration_ms: null, body: "disk full", source_ip: "::1", user_agent: null, rid: null, received_at: checksFrom - HOUR_MS },
    ],
    monitor_events: [
      { id: newId(), monitor_id: id.httpPost, from_status: "pending", to_status: "up", reason: null, at: created + 60_000 },
      { id: newId(), monitor_id: id.httpPost, from_status: "up", to_status: "down", reason: "HTTP 503", at: checksFrom },
    ],
    api_keys: [
      { id: newId(), user_id: id.admin, name: "automation", prefix: adminKey.prefix, key_hash: adminKey.hash, scope: "write", created_at: created, last_used_at: now - 60_000 },
      { id: newId(), user_id: id.member, name: "grafana", prefix: memberKey.prefix, key_hash: memberKey.hash, scope: "read", created_at: created + 9, last_used_at: null },
    ],
    sessions: [
      { id: adminSession.hash, user_id: id.admin, created_at: now - HOUR_MS, expires_at: now + 7 * 24 * HOUR_MS },
    ],
    status_pages: [
      { id: id.statusPage, organization_id: id.orgA, slug: "homelab", title: "Homelab status", description: "Everything at home", custom_domain: "status.home.test", created_at: created, updated_at: created + 7 },
    ],
    invitations: [
      // pending: the admin is asked into the member's organization
      { id: id.invitation, organization_id: id.orgB, email: "admin@upgrade.test", role: "member", invited_by: id.member, created_at: now - HOUR_MS, expires_at: now + 7 * 24 * HOUR_MS, accepted_at: null, declined_at: null },
      { id: newId(), organization_id: id.orgA, email: "newcomer@upgrade.test", role: "viewer", invited_by: id.admin, created_at: now - 2 * HOUR_MS, expires_at: now + 6 * 24 * HOUR_MS, accepted_at: null, declined_at: null },
      // answered ones: the member accepted long ago; someone declined
      { id: newId(), organization_id: id.orgA, email: "member@upgrade.test", role: "viewer", invited_by: id.admin, created_at: created + 1, expires_at: created + 14 * 24 * HOUR_MS, accepted_at: created + 2, declined_at: null },
      { id: newId(), organization_id: id.orgB, email: "declined@upgrade.test", role: "viewer", invited_by: null, created_at: now - 3 * HOUR_MS, expires_at: now + 5 * 24 * HOUR_MS, accepted_at: null, declined_at: now - HOUR_MS },
    ],
    status_page_monitors: [
      { status_page_id: id.statusPage, monitor_id: id.http, position: 0, group_name: "Web" },
      { status_page_id: id.statusPage, monitor_id: id.tcp, position: 1, group_name: "Web" },
    ],
    channels: [
      { id: id.channel, organization_id: id.orgA, name: "ops hook", kind: "webhook", config: JSON.stringify({ url: `http://${target}/hook`, secret: "upgrade-secret-0123456789" }),
        is_default: 1, is_enabled: 1, quiet_hours: JSON.stringify({ start: "22:00", end: "07:00", timezone: "Europe/Berlin", days: ["sat", "sun"] }),
        last_error: null, last_sent_at: checksFrom + 1000, created_at: created, updated_at: created },
      { id: id.email, organization_id: id.orgA, name: "mail", kind: "email", config: JSON.stringify({ host: "127.0.0.1", port: closedPort, from: "upbeat@home.arpa", to: ["me@home.arpa"] }),
        is_default: 0, is_enabled: 0, last_error: "connection refused", last_sent_at: null, created_at: created + 1, updated_at: created + 2 },
    ],
    monitor_channels: [
      { monitor_id: id.httpPost, channel_id: id.channel },
      { monitor_id: id.http, channel_id: id.email },
    ],
    project_channels: [
      { project_id: id.projectServers, channel_id: id.channel },
    ],
    incidents: [
      { id: id.incident, monitor_id: id.httpPost, started_at: checksFrom, resolved_at: null, reason: "HTTP 503", acknowledged_at: null,
        acknowledged_by: null, acknowledged_via: null, escalated_minutes: 0, reminders_sent: 1, last_reminded_at: now - 60_000 },
      { id: id.ackedIncident, monitor_id: id.httpPost, started_at: checksFrom - HOUR_MS, resolved_at: checksFrom - 1000, reason: "timeout",
        acknowledged_at: checksFrom - HOUR_MS + 60_000, acknowledged_by: id.admin, acknowledged_via: "api", escalated_minutes: 15, reminders_sent: 0, last_reminded_at: null },
    ],
    monitor_escalations: [
      // of a monitor that is up: nothing to escalate while the test runs
      { monitor_id: id.http, after_minutes: 15, channel_id: id.email },
    ],
    server_secrets: [
      { name: "ack_link_hmac_key", value: ACK_KEY, created_at: created },
    ],
    deliveries: [
      { id: id.delivery, channel_id: id.channel, monitor_id: id.httpPost, incident_id: id.incident, event: "down", state: "sent", reason: null, carried_by: null,
        message: JSON.stringify({ event: "down", monitor: { id: id.httpPost, name: "api write" } }), next_attempt_at: null, created_at: checksFrom, sent_at: checksFrom + 1000 },
      { id: id.failedDelivery, channel_id: id.email, monitor_id: null, incident_id: null, event: "test", state: "failed", reason: "connection refused",
        message: JSON.stringify({ event: "test", monitor: null }), next_attempt_at: null, created_at: checksFrom + 5, sent_at: null },
      { id: id.groupedDelivery, channel_id: id.channel, monitor_id: id.http, incident_id: null, event: "down", state: "suppressed", reason: "grouped",
        carried_by: id.delivery, message: JSON.stringify({ event: "down", monitor: { id: id.http, name: "web" } }), next_attempt_at: null, created_at: checksFrom, sent_at: null },
    ],
    monitor_dependencies: [
      { monitor_id: id.tcp, depends_on_id: id.ping },
      { monitor_id: id.http, depends_on_id: id.ping },
    ],
    maintenance_windows: [
      { id: id.backupWindow, organization_id: id.orgA, title: "Sunday backup", starts_at: null, ends_at: null, schedule: "0 3 * * 0",
        duration_minutes: 60, timezone: "Europe/Berlin", is_active: 1, end_handled_at: created, created_at: created, updated_at: created },
      { id: id.swapWindow, organization_id: id.orgA, title: "disk swap", starts_at: created + HOUR_MS, ends_at: created + 2 * HOUR_MS, schedule: null,
        duration_minutes: null, timezone: "UTC", is_active: 0, end_handled_at: created, created_at: created + 1, updated_at: created + 1 },
    ],
    maintenance_monitors: [
      { maintenance_id: id.swapWindow, monitor_id: id.tcp },
    ],
    maintenance_projects: [
      { maintenance_id: id.backupWindow, project_id: id.projectServers },
    ],
    delivery_attempts: [
      { id: 1, delivery_id: id.delivery, at: checksFrom + 900, duration_ms: 100, result: "HTTP 200", error: null },
      { id: 2, delivery_id: id.failedDelivery, at: checksFrom + 5, duration_ms: 3, result: "no answer", error: "connection refused" },
    ],
    import_sources: [
      { organization_id: id.orgA, source: "uptime-kuma:0a1b2c3d4e5f", external_id: "monitor:2", resource_id: id.http, imported_at: created },
    ],
    ping_aliases: [
      { alias: "fqOOd6-F4MMNuCEnzTU01w/nightly-backup", monitor_id: id.heartbeat },
    ],
    regions: [{ id: 1, name: "eu-1" }, { id: 2, name: "us-1" }],
    region_results: [
      { monitor_seq: 1, region_id: 1, checked_at: checksFrom + 4 * 60_000, is_up: 1, fail_streak: 0, error_message: null },
      { monitor_seq: 1, region_id: 2, checked_at: checksFrom + 4 * 60_000 + 3, is_up: 0, fail_streak: 2, error_message: "timeout" },
    ],
    ssl_warnings: [
      { monitor_id: id.http, fingerprint: SSL_FINGERPRINT, threshold_days: 14, expires_at: now + 10 * 24 * HOUR_MS, warned_at: now - HOUR_MS },
    ],
  };
}

/** Rows of the tables only the PostgreSQL store has (the cluster's), for its upgrade test. */
export function postgresOnlyRows(): Record<string, Row[]> {
  return {
    instances: [{ id: "instance-a", region: "eu-1", started_at: created, beat_at: now - 60_000 }],
    monitor_leases: [{ monitor_id: id.http, instance_id: "instance-a", claimed_at: now - 60_000 }],
  };
}
