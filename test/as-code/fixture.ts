// A configuration file that uses every resource apply knows, and the CLI run on a data folder of its own.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach } from "bun:test";
import { FROM_SOURCE, runCommand } from "../e2e/binary.ts";
import { testDatabaseUrl } from "../support/postgres-store.ts";

export const OWNER = "owner@example.com";

export const FULL_CONFIG = `
channels:
  - name: ops hook
    kind: webhook
    config:
      url: \${HOOK_URL}
      secret: \${HOOK_SECRET}
    quiet_hours: { start: "22:00", end: "07:00", timezone: Europe/Berlin, days: [sat, sun] }
projects:
  - name: Default
    is_default: true
    channels: [ops hook]
    monitors:
      - name: api
        kind: http
        url: https://example.com/health
        interval_seconds: 30
        is_critical: true
        channels: [ops hook]
        escalations:
          - after_minutes: 15
            channels: [ops hook]
      - name: nightly backup
        kind: heartbeat
        depends_on: [Default/api]
  - name: Web
    monitors:
      - name: site
        kind: tcp
        url: example.com:443
status_pages:
  - slug: homelab
    title: Homelab
    monitors: [Default/api, Web/site]
  - slug: ops
    title: Operations
    custom_domain: status.example.com
    groups:
      - name: Web
        monitors: [Web/site]
      - name: Backend
        monitors: [Default/api, Default/nightly backup]
maintenance:
  - title: Sunday patching
    schedule: "0 3 * * 0"
    duration_minutes: 60
    projects: [Web]
`;

const WEB_GROUP = "      - name: Web\n        monitors: [Web/site]\n";
/** FULL_CONFIG with the "ops" page's groups the other way round. */
export const GROUPS_SWAPPED = FULL_CONFIG.replace(WEB_GROUP, "").replace("        monitors: [Default/api, Default/nightly backup]\n", `$&${WEB_GROUP}`);

export const SECRETS = { HOOK_URL: "https://hooks.example.com/abc", HOOK_SECRET: "a-long-signing-secret" };

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/**
 * A data folder with one user (their organization and its default project), and the CLI pointed at it;
 * with UPBEAT_TEST_STORE=postgres the data is in a fresh PostgreSQL database instead.
 */
export async function instance() {
  const dataDir = mkdtempSync(join(tmpdir(), "upbeat-as-code-"));
  const database = await testDatabaseUrl();
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }), () => database?.drop());
  const store = { UPBEAT_DATA_DIR: dataDir, ...(database ? { UPBEAT_DATABASE_URL: database.url } : {}) };
  const upbeat = (args: string[], env: Record<string, string> = {}) => runCommand(FROM_SOURCE, args, { ...store, ...env });
  const added = upbeat(["user", "add", "--email", OWNER, "--password", "long-password"]);
  if (added.exitCode !== 0) throw new Error(added.stderr);
  return {
    dataDir,
    upbeat,
    file(name: string, text: string): string {
      const path = join(dataDir, name);
      writeFileSync(path, text);
      return path;
    },
    apply: (file: string, extra: string[] = [], env: Record<string, string> = SECRETS) => upbeat(["apply", "-f", file, "--email", OWNER, ...extra], env),
    export: (extra: string[] = []) => upbeat(["export", "--email", OWNER, ...extra]),
  };
}
