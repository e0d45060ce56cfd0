// Files of the other tools, built in code: a Healthchecks API v3 `GET /api/v3/checks/` answer shaped exactly as
// its documentation shows (a simple and a cron check, plus a paused one), and a Gatus config with several shapes.
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** shared/ lies beside the checkout (and CI's clone); a worktree sits one folder deeper. */
const KUMA_CANDIDATES = ["../../../shared", "../../../../shared"].map((dir) => new URL(`${dir}/fixtures/uptime-kuma-2.5.3.db`, import.meta.url).pathname);
export const KUMA_FIXTURE = KUMA_CANDIDATES.find((path) => existsSync(path)) ?? KUMA_CANDIDATES[0]!;
export const KUMA_PUSH_TOKEN = "U12VHGRYhtG3HShCa5hBeCZ9JhtcJ1xG";

export const HC_SIMPLE = "31365bce-8da9-4729-8ff3-aaa71d56b712";
export const HC_CRON = "803f680d-e89b-492b-82ef-2be7b774a92d";
export const HC_PAUSED = "4f1e1d1c-2b3a-4c5d-8e9f-0a1b2c3d4e5f";
const SITE = "https://healthchecks.example.com";

const check = (uuid: string, fields: Record<string, unknown>) => ({
  n_pings: 1, status: "up", started: false, last_ping: "2020-03-24T14:02:03+00:00", next_ping: "2020-03-24T15:02:03+00:00",
  manual_resume: false, methods: "", start_kw: "", success_kw: "", failure_kw: "", filter_subject: false, filter_body: false,
  ...fields,
  ping_url: `https://hc-ping.com/${uuid}`,
  update_url: `${SITE}/api/v3/checks/${uuid}`,
  pause_url: `${SITE}/api/v3/checks/${uuid}/pause`,
  resume_url: `${SITE}/api/v3/checks/${uuid}/resume`,
  channels: "1bdea468-03bf-47b8-ab27-29a9dd0e4b94,51c6eb2b-2ae1-456b-99fe-6f1e0a36cd3c",
});

export const healthchecksExport = {
  checks: [
    { ...check(HC_SIMPLE, { name: "Filesystem Backup", slug: "filesystem-backup", tags: "backup fs", desc: "Runs incremental backup every hour", grace: 600 }), timeout: 3600 },
    { ...check(HC_CRON, { name: "Database Backup", slug: "database-backup", tags: "production db", desc: "Runs ~/db-backup.sh", grace: 1200, status: "down", next_ping: null }), schedule: "15 5 * * *", tz: "Europe/Riga" },
    { ...check(HC_PAUSED, { name: "Old report", slug: "old-report", tags: "", desc: "", grace: 3600, status: "paused", next_ping: null }), timeout: 86400 },
  ],
};

/** A read-only key's export: no ping URLs, a unique_key instead. */
export const readOnlyExport = {
  checks: [{
    name: "Filesystem Backup", slug: "filesystem-backup", tags: "backup fs", desc: "", grace: 600, n_pings: 1, status: "up", started: false,
    last_ping: null, next_ping: null, manual_resume: false, methods: "", start_kw: "", success_kw: "", failure_kw: "", filter_subject: false,
    filter_body: false, unique_key: "a6c7b0a8a66bed0df66abfdab3c77736861703ee", timeout: 3600,
  }],
};

export const gatusConfig = (port: number) => `
alerting:
  slack:
    webhook-url: "https://hooks.slack.com/services/T000/B000/XXXX"
  discord:
    webhook-url: "https://discord.com/api/webhooks/1/abc"
  twilio:
    sid: "x"
    token: "y"

endpoints:
  - name: website
    group: core
    url: "http://127.0.0.1:${port}/health"
    interval: 30s
    conditions:
      - "[STATUS] == 200"
      - "[BODY] == pat(*healthy*)"
      - "[RESPONSE_TIME] < 800"
    alerts:
      - type: slack
        failure-threshold: 3
        success-threshold: 2
  - name: api-status
    group: core
    url: "https://api.example.com/status"
    method: POST
    headers:
      Content-Type: application/json
    body: '{"probe": true}'
    interval: 2m
    conditions:
      - "[STATUS] < 300"
      - "[BODY].status == UP"
      - "[CERTIFICATE_EXPIRATION] > 240h"
      - "[BODY].version == len(3)"
  - name: database
    url: "tcp://127.0.0.1:${port}"
    interval: 1m
    conditions:
      - "[CONNECTED] == true"
  - name: dns-example
    url: "8.8.8.8"
    dns:
      query-name: "example.org"
      query-type: "A"
    conditions:
      - "[BODY] == 93.184.215.14"
      - "[DNS_RCODE] == NOERROR"
  - name: gateway
    url: "icmp://127.0.0.1"
    enabled: false
  - name: ssh-box
    url: "ssh://127.0.0.1:22"

external-endpoints:
  - name: nightly-job
    group: jobs
    token: "some-bearer-token"
    heartbeat:
      interval: 1h
    alerts:
      - type: discord
`;

export function writeFile(dir: string, name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}
