// Upgrades keep history: from every earlier schema (the first k migrations), a database full of rows is migrated
// to the latest and every row is still there, readable through the stores and served by the API.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { boot, type Running } from "../../src/boot.ts";
import { loadConfig } from "../../src/config.ts";
import { closeDatabase, migrate, openDatabase, type Db } from "../../src/db/open.ts";
import { migrationJournal } from "../../src/db/migrations/index.ts";
import { hashPassword } from "../../src/accounts/users.ts";
import { createStore, type Store } from "../../src/store/index.ts";
import { apiClient, json } from "../support/http.ts";
import { closedPort } from "../support/targets.ts";
import { ACK_KEY, ADMIN_PASSWORD, adminKey, adminSession, fixtureRows, heartbeatToken, ids, memberKey, SSL_FINGERPRINT, type Row } from "./upgrade-fixtures.ts";

const MIGRATIONS = [...migrationJournal.entries];

/** Applies only the first `count` embedded migrations, through the same migrate() the app runs. */
function migrateFirst(db: Db, count: number): void {
  migrationJournal.entries.splice(count);
  try {
    migrate(db);
  } finally {
    migrationJournal.entries.splice(0, Infinity, ...MIGRATIONS);
  }
}

interface Column { name: string; notnull: number; dflt_value: string | null; pk: number }
const columnsOf = (sqlite: Database, table: string) => sqlite.query(`PRAGMA table_info("${table}")`).all() as Column[];
const indexesOn = (sqlite: Database, table: string) =>
  (sqlite.query(`PRAGMA index_list("${table}")`).all() as { name: string }[]).map((i) => i.name).sort();
const indexColumns = (sqlite: Database, index: string) =>
  (sqlite.query(`PRAGMA index_info("${index}")`).all() as { name: string }[]).map((c) => c.name);
const tablesOf = (sqlite: Database) =>
  (sqlite.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != '__drizzle_migrations'")
    .all() as { name: string }[]).map((t) => t.name);

/** Inserts the fixture rows of every table the schema has now, with the columns it has now; returns what went in. */
function fill(sqlite: Database, fixtures: Record<string, Row[]>): Record<string, Row[]> {
  const written: Record<string, Row[]> = {};
  for (const table of tablesOf(sqlite)) {
    const rows = fixtures[table];
    // a new table needs representative rows here, or its upgrades would go untested
    if (!rows) throw new Error(`no fixture rows for table ${table}: add some to test/db/upgrade-fixtures.ts`);
    const columns = columnsOf(sqlite, table);
    const required = columns.filter((c) => c.notnull && c.dflt_value === null && !(c.name in rows[0]!));
    if (required.length > 0) throw new Error(`fixture rows of ${table} lack ${required.map((c) => c.name).join(", ")}`);
    const present = columns.filter((c) => c.name in rows[0]!).map((c) => c.name);
    const insert = sqlite.prepare(`INSERT INTO "${table}" (${present.map((c) => `"${c}"`).join(", ")}) VALUES (${present.map(() => "?").join(", ")})`);
    written[table] = rows.map((row) => {
      const kept = Object.fromEntries(present.map((c) => [c, row[c] ?? null]));
      insert.run(...present.map((c) => kept[c]!));
      return kept;
    });
  }
  return written;
}

/** The columns of the monitors' own settings before 0003 moved them into `settings` (checked by expectSettingsKept). */
const settingColumns = (fixtures: Record<string, Row[]>) =>
  new Set(fixtures.monitors!.flatMap((m) => Object.keys(JSON.parse(m.settings as string))));

/** A pulse written before 0015 named its monitor by id; since then by its seq, which must be that monitor's. */
function asRekeyed(sqlite: Database, table: string, present: Set<string>, row: Row): Row {
  if (table !== "pulses" || present.has("monitor_id") || !("monitor_id" in row)) return row;
  const { monitor_id: monitorId, ...rest } = row;
  const { seq } = sqlite.query("SELECT seq FROM monitors WHERE id = ?").get(monitorId as string) as { seq: number };
  return { ...rest, monitor_seq: seq };
}

/** Every written row, found again by its primary key with the values it was written with (settings columns aside). */
function expectRowsKept(sqlite: Database, written: Record<string, Row[]>, moved: Set<string>): void {
  for (const [table, writtenRows] of Object.entries(written)) {
    const present = new Set(columnsOf(sqlite, table).map((c) => c.name));
    const rows = writtenRows.map((row) => asRekeyed(sqlite, table, present, row));
    const kept = (row: Row) => Object.keys(row).filter((c) => present.has(c) || !(table === "monitors" && moved.has(c)));
    const key = columnsOf(sqlite, table).filter((c) => c.pk > 0).map((c) => c.name);
    const find = sqlite.prepare(`SELECT * FROM "${table}" WHERE ${key.map((c) => `"${c}" = ?`).join(" AND ")}`);
    expect((sqlite.query(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n).toBe(rows.length);
    for (const row of rows) {
      const found = find.get(...key.map((c) => row[c]!)) as Row | null;
      const expected = Object.fromEntries(kept(row).map((c) => [c, row[c]]));
      expect({ table, row: found && Object.fromEntries(kept(row).map((c) => [c, found[c]])) }).toEqual({ table, row: expected });
    }
  }
}

/** What each table's rows look like through the stores of the latest schema. */
const storeReaders: Record<string, (store: Store, rows: Row[]) => void> = {
  users(store, rows) {
    expect(store.users.count()).toBe(rows.length);
    expect(store.users.byId(ids.admin)).toMatchObject({ email: "admin@upgrade.test", plan: "team", isAdmin: true });
    expect(store.users.byEmail("member@upgrade.test")).toMatchObject({ id: ids.member, name: null, plan: "pro", isAdmin: false });
  },
  organizations(store, rows) {
    expect(store.organizations.getById(ids.orgA)?.name).toBe("Homelab");
    // written before organizations had a time zone: alerts show UTC until one is set
    expect(store.organizations.timeZoneOf(ids.orgA)).toBe("UTC");
    // written from the schema that has it; before, the default 10 s window
    expect(store.organizations.groupSecondsOf(ids.orgA)).toBe((rows[0]!.alert_group_seconds as number | undefined) ?? 10);
  },
  memberships(store) {
    expect(store.organizations.listForUser(ids.member).map((o) => [o.organization.id, o.role])).toEqual([
      [ids.orgB, "owner"],
      [ids.orgA, "viewer"],
    ]);
    expect(store.organizations.roleIn(ids.admin, ids.orgA)).toBe("owner");
  },
  invitations(store) {
    const now = Date.now();
    expect(store.invitations.pendingFor("admin@upgrade.test", now).map((i) => [i.invitation.id, i.organizationName, i.invitedByEmail]))
      .toEqual([[ids.invitation, "member@upgrade.test's organization", "member@upgrade.test"]]);
    expect(store.invitations.ofOrganization(ids.orgA, now).map((i) => i.invitation.email)).toEqual(["newcomer@upgrade.test"]);
    expect(store.invitations.ofOrganization(ids.orgB, now).map((i) => [i.invitation.email, i.invitedByEmail]))
      .toEqual([["admin@upgrade.test", "member@upgrade.test"], ["declined@upgrade.test", null]]);
  },
  projects(store) {
    expect(store.projects.listForUser(ids.admin).map((p) => p.project.name).sort()).toEqual(["Default", "Servers"]);
    expect(store.projects.defaultOf(ids.orgB)?.id).toBe(ids.projectB);
  },
  monitors(store, rows) {
    expect(store.monitors.listForUser(ids.admin, {}, 100, 0).total).toBe(rows.length - 1);
    expect(store.monitors.listForUser(ids.member, {}, 100, 0).total).toBe(rows.length);
    expect(store.monitors.byId(ids.http)).toMatchObject({ kind: "http", settings: { headers: { "x-probe": "upgrade" }, follow_redirects: true, keyword_absent: false } });
    expect(store.monitors.byId(ids.httpPost)).toMatchObject({ status: "down", failStreak: 3, isPublic: true, settings: { method: "POST", headers: {}, keyword_absent: true } });
    // written only from the schema that has them; before, the defaults
    const post = rows.find((r) => r.id === ids.httpPost)!;
    expect(store.monitors.byId(ids.httpPost)).toMatchObject({
      recoveryChecks: post.recovery_checks ?? 1, successStreak: post.success_streak ?? 0, isCritical: post.is_critical === 1,
      regions: post.regions ? JSON.parse(post.regions as string) : [], minFailingRegions: post.min_failing_regions ?? 1,
    });
    expect(store.monitors.byId(ids.dns)).toMatchObject({ kind: "dns", isPaused: true, settings: { record_type: "A", expected_value: "10.0.0.2" } });
    expect(store.monitors.byPingToken(heartbeatToken)).toMatchObject({ id: ids.cron, settings: { schedule: "30 2 * * *", timezone: "Europe/Berlin", grace_seconds: 300 } });
    // the ping path reads a heartbeat's settings as columns
    expect(store.heartbeats.byToken(heartbeatToken)).toMatchObject({ id: ids.cron, schedule: "30 2 * * *", timezone: "Europe/Berlin", graceSeconds: 300 });
    const active = [...store.monitors.active()];
    expect(active.map((m) => m.id).sort()).toEqual([ids.http, ids.httpPost, ids.tcp, ids.ping, ids.cron].sort());
    // the scheduler's bulk read decodes rows itself: the same rows as the single-monitor read
    for (const monitor of active) expect(monitor).toEqual(store.monitors.byId(monitor.id)!);
  },
  checks(store, rows) {
    for (const seq of [1, 2, 3]) {
      const mine = rows.filter((r) => r.monitor_seq === seq).map((r) => r.checked_at).sort().reverse();
      expect(store.checks.list(seq, 100).map((c) => c.checkedAt)).toEqual(mine as number[]);
    }
    expect(store.checks.list(2, 1)[0]).toMatchObject({ isUp: false, statusCode: 503, errorMessage: "HTTP 503" });
    // checks from before regions were recorded ran on an instance without one
    expect(store.checks.list(1, 1)[0]!.regionId).toBe((rows[0]!.region_id as number | undefined) ?? 0);
  },
  regions(store) {
    expect([...store.regions.names()]).toEqual([[1, "eu-1"], [2, "us-1"]]);
    expect(store.regions.idOf("us-1")).toBe(2);
  },
  region_results(store) {
    expect(store.regions.latestOf(1).map((r) => [r.regionId, r.isUp, r.failStreak, r.errorMessage])).toEqual([[1, true, 0, null], [2, false, 2, "timeout"]]);
  },
  check_rollups(store, rows) {
    const hours = rows.filter((r) => r.monitor_seq === 1).map((r) => r.hour_start as number);
    const found = store.rollups.between(1, Math.min(...hours), Math.max(...hours) + 1);
    expect(found.map((r) => [r.checks, r.upChecks, r.responseTimeSketch])).toEqual([[60, 60, "12:60"], [60, 57, "12:50,20:10"]]);
  },
  pulses(store, rows) {
    // newest first; of the two logs in one millisecond the later (larger id) first
    expect(store.pulses.list(ids.cron, 100).map((p) => p.body)).toEqual(["done", "copied 12 GB more", "copied 12 GB", null, "disk full"]);
    const page = store.pulses.list(ids.cron, 2);
    expect(store.pulses.list(ids.cron, 2, { id: page[1]!.id }).map((p) => p.type)).toEqual(["log", "start"]);
    expect(store.pulses.latestSuccessAt(ids.cron)).toBe(rows.find((r) => r.type === "success")!.received_at as number);
  },
  monitor_events(store) {
    expect(store.events.list(ids.httpPost, 10).map((e) => e.toStatus)).toEqual(["down", "up"]);
  },
  api_keys(store) {
    expect(store.apiKeys.findByHash(adminKey.hash)).toMatchObject({ key: { scope: "write" }, user: { id: ids.admin } });
    expect(store.apiKeys.listForUser(ids.member).map((k) => k.name)).toEqual(["grafana"]);
  },
  sessions(store) {
    expect(store.sessions.findValid(adminSession.hash, Date.now())?.user.id).toBe(ids.admin);
  },
  status_pages(store) {
    expect(store.statusPages.bySlug("homelab"))
      .toMatchObject({ id: ids.statusPage, organizationId: ids.orgA, title: "Homelab status", description: "Everything at home" });
    expect(store.statusPages.listForUser(ids.member).map((r) => r.page.id)).toEqual([ids.statusPage]);
  },
  status_page_monitors(store, rows) {
    // pages from before groups existed show their monitors in one group without a heading
    const groupName = "group_name" in rows[0]! ? "Web" : "";
    expect(store.statusPages.monitorsOf(ids.statusPage).map((m) => [m.id, m.groupName])).toEqual([[ids.http, groupName], [ids.tcp, groupName]]);
  },
  channels(store, rows) {
    expect(store.channels.byId(ids.channel)).toMatchObject({ kind: "webhook", isDefault: true, config: { secret: "upgrade-secret-0123456789" } });
    const quietHours = rows[0]!.quiet_hours;
    expect(store.channels.byId(ids.channel)!.quietHours).toEqual(quietHours ? JSON.parse(quietHours as string) : null);
    expect(store.channels.defaultIdsOf(ids.orgA)).toEqual([ids.channel]);
  },
  monitor_channels(store) {
    expect(store.channels.monitorLinks(ids.http)).toEqual([ids.email]);
  },
  project_channels(store) {
    expect(store.channels.projectLinks(ids.projectServers)).toEqual([ids.channel]);
    expect(store.channels.routeOf(ids.httpPost, ids.projectServers).map((c) => c.id)).toEqual([ids.channel]);
  },
  incidents(store) {
    expect(store.incidents.openOf(ids.httpPost)).toMatchObject({ id: ids.incident, reason: "HTTP 503", remindersSent: 1, acknowledgedVia: null });
    // acknowledged before acknowledged_via existed: through the API, by a user
    expect(store.incidents.byId(ids.ackedIncident)).toMatchObject({ acknowledgedBy: ids.admin, acknowledgedVia: "api" });
  },
  monitor_escalations(store) {
    expect(store.escalations.stepsOf(ids.http)).toEqual([{ afterMinutes: 15, channelIds: [ids.email] }]);
  },
  server_secrets(store) {
    expect(store.serverSecrets.getOrCreate("ack_link_hmac_key", () => "made anew", Date.now())).toBe(ACK_KEY);
  },
  deliveries(store, rows) {
    expect(store.deliveries.listForMonitor(ids.httpPost, 10).map((d) => [d.id, d.state])).toEqual([[ids.delivery, "sent"]]);
    expect(store.deliveries.byId(ids.groupedDelivery)).toMatchObject({ state: "suppressed", reason: "grouped" });
    expect(store.deliveries.byId(ids.groupedDelivery)!.carriedBy).toBe((rows.find((r) => r.id === ids.groupedDelivery)!.carried_by as string | undefined) ?? null);
  },
  ssl_warnings(store) {
    const certificate = { fingerprint: SSL_FINGERPRINT, expiresAt: Date.now(), daysLeft: 9, thresholdDays: 14 };
    // already given: not again; the same certificate at another threshold is a new warning
    expect(store.sslWarnings.claim(ids.http, certificate, Date.now())).toBe(false);
    expect(store.sslWarnings.claim(ids.http, { ...certificate, thresholdDays: 7 }, Date.now())).toBe(true);
  },
  monitor_dependencies(store) {
    expect(store.dependencies.parentsOf(ids.tcp)).toEqual([ids.ping]);
    expect(store.dependencies.childIdsOf(ids.ping).sort()).toEqual([ids.http, ids.tcp].sort());
  },
  maintenance_windows(store) {
    expect(store.maintenance.listForUser(ids.admin).map((w) => [w.title, w.schedule, w.isActive])).toEqual([
      ["disk swap", null, false], ["Sunday backup", "0 3 * * 0", true],
    ]);
  },
  maintenance_monitors(store) {
    expect(store.maintenance.getForUser(ids.swapWindow, ids.admin)?.window.monitorIds).toEqual([ids.tcp]);
  },
  maintenance_projects(store) {
    expect(store.maintenance.allActive().map((w) => [w.id, w.projectIds])).toEqual([[ids.backupWindow, [ids.projectServers]]]);
  },
  import_sources(store) {
    expect(store.imports.resourceOf(ids.orgA, "uptime-kuma:0a1b2c3d4e5f", "monitor:2")).toBe(ids.http);
  },
  ping_aliases(store) {
    expect(store.heartbeats.byToken("fqOOd6-F4MMNuCEnzTU01w/nightly-backup")?.id).toBe(ids.heartbeat);
  },
  delivery_attempts(store) {
    expect(store.deliveries.listForChannel(ids.email, 10)[0]!.attempts).toMatchObject([{ result: "no answer", error: "connection refused" }]);
  },
};

for (let k = 1; k <= MIGRATIONS.length; k++) {
  const from = MIGRATIONS[k - 1]!.tag;
  const pending = MIGRATIONS.length - k;

  describe(`upgrading a database at schema ${from} (${pending} migration(s) to apply)`, () => {
    let dataDir: string;
    let written: Record<string, Row[]>;
    let fixtures: Record<string, Row[]>;

    beforeAll(async () => {
      dataDir = mkdtempSync(join(tmpdir(), "upbeat-upgrade-"));
      fixtures = fixtureRows(await hashPassword(ADMIN_PASSWORD), await closedPort());
      const old = openDatabase(join(dataDir, "upbeat.db"));
      migrateFirst(old, k);
      written = old.$client.transaction(() => {
        // tables come in schema order, not dependency order: foreign keys are checked at commit
        old.$client.exec("PRAGMA defer_foreign_keys = ON");
        return fill(old.$client, fixtures);
      })();
      closeDatabase(old);
    });
    afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

    test("migrate() applies the rest and keeps every row with its values", () => {
      const db = openDatabase(join(dataDir, "upbeat.db"));
      try {
        expect(migrate(db).applied).toBe(pending);
        expect(db.$client.query("PRAGMA foreign_key_check").all()).toEqual([]);
        expect(db.$client.query("PRAGMA integrity_check").get()).toEqual({ integrity_check: "ok" });
        expectRowsKept(db.$client, written, settingColumns(fixtures));
      } finally {
        closeDatabase(db);
      }
    });

    test("the list's page index replaces monitors_project (0013)", () => {
      const db = openDatabase(join(dataDir, "upbeat.db"));
      try {
        expect(indexesOn(db.$client, "monitors")).toContain("monitors_project_created");
        expect(indexesOn(db.$client, "monitors")).not.toContain("monitors_project");
        expect(indexColumns(db.$client, "monitors_project_created")).toEqual(["project_id", "created_at", "id"]);
      } finally {
        closeDatabase(db);
      }
    });

    test("every monitor's settings survive exactly, in the settings JSON", () => {
      const db = openDatabase(join(dataDir, "upbeat.db"));
      try {
        const stored = db.$client.query("SELECT id, settings FROM monitors ORDER BY seq").all() as { id: string; settings: string }[];
        const expected = fixtures.monitors!.map((m) => ({ id: m.id as string, settings: JSON.parse(m.settings as string) }));
        expect(stored.map((m) => ({ id: m.id, settings: JSON.parse(m.settings) }))).toEqual(expected);
      } finally {
        closeDatabase(db);
      }
    });

    test("the stores read every table's rows", () => {
      const db = openDatabase(join(dataDir, "upbeat.db"));
      try {
        const store = createStore(db);
        for (const [table, rows] of Object.entries(written)) {
          const read = storeReaders[table];
          if (!read) throw new Error(`no store reader for table ${table}: add one to test/db/upgrade.test.ts`);
          read(store, rows);
        }
      } finally {
        closeDatabase(db);
      }
    });

    test("the API serves the upgraded data", async () => {
      const running: Running = await boot(loadConfig({ UPBEAT_PORT: "0", UPBEAT_HOST: "127.0.0.1", UPBEAT_DATA_DIR: dataDir }));
      const call = apiClient(`http://127.0.0.1:${running.port}`);
      const get = (path: string, auth: string) => call("GET", `/api/v1${path}`, { auth });
      const admin = adminKey.key;
      const member = memberKey.key;
      try {
        expect(await json(await get("/users/me", admin))).toMatchObject({ id: ids.admin, email: "admin@upgrade.test", plan: "team" });
        expect(await json(await get("/users/me", `cookie:upbeat_session=${adminSession.token}`))).toMatchObject({ id: ids.admin });

        const list = await get("/monitors?limit=100", member);
        expect(list.headers.get("x-total-count")).toBe(String(written.monitors!.length));
        const monitors = await json<{ id: string; kind: string; name: string; is_paused: boolean }[]>(list);
        expect(monitors.map((m) => m.id).sort()).toEqual(written.monitors!.map((m) => m.id as string).sort());
        for (const row of written.monitors!) {
          expect(monitors.find((m) => m.id === row.id)).toMatchObject({ kind: row.kind, name: row.name, is_paused: row.is_paused === 1 });
        }
        expect(await json(await get(`/monitors/${ids.httpPost}`, admin))).toMatchObject({
          method: "POST", expected_status: "200-299,301", keyword: "maintenance", keyword_absent: true, retries: 2, timeout_seconds: 5,
          is_flapping: false, flap_threshold: written.monitor_escalations ? 4 : 6,
        });
        expect(await json(await get(`/monitors/${ids.http}`, admin))).toMatchObject({
          escalations: written.monitor_escalations ? [{ after_minutes: 15, channel_ids: [ids.email] }] : [],
        });
        expect(await json(await get(`/monitors/${ids.tcp}`, admin))).toMatchObject({
          depends_on: written.monitor_dependencies ? [ids.ping] : [], in_maintenance: false,
        });
        expect(await (await get(`/monitors/${ids.ssl}`, admin)).json()).toMatchObject({ kind: "ssl", ssl_expiry_days: 21 });
        expect(await (await get(`/monitors/${ids.heartbeat}`, admin)).json()).toMatchObject({ grace_seconds: 60, schedule: null, timezone: "UTC" });

        const checks = await json<{ is_up: boolean; response_time_ms: number }[]>(await get(`/monitors/${ids.http}/checks`, admin));
        expect(checks.map((c) => c.response_time_ms)).toEqual([14, 13, 12, 11, 10]);
        expect(checks.every((c) => c.is_up)).toBe(true);
        const uptime = await json<{ total_checks: number }>(await get(`/monitors/${ids.http}/uptime?window=7d`, admin));
        expect(uptime.total_checks).toBeGreaterThanOrEqual(checks.length);

        const pulses = await json<{ type: string; duration_ms: number | null }[]>(await get(`/monitors/${ids.cron}/pulses`, member));
        expect(pulses.map((p) => [p.type, p.duration_ms])).toEqual([["success", 95_000], ["log", null], ["log", null], ["start", null], ["fail", null]]);
        // the member's key stays read-only, and the admin still cannot see the member's own organization
        expect((await call("POST", "/api/v1/projects", { auth: member, body: { name: "x" } })).status).toBe(403);
        expect((await get(`/monitors/${ids.cron}`, admin)).status).toBe(404);

        if (written.status_pages) {
          const page = await call("GET", "/status/homelab", { headers: { Accept: "application/json" } });
          expect(page.status).toBe(200);
          expect(JSON.stringify(await page.json())).toContain("Homelab status");
        }

        if (written.channels) {
          const channel = await json<{ config: { secret: string } }>(await get(`/channels/${ids.channel}`, member));
          expect(channel.config.secret).toBe("…6789");
          const log = await json<{ state: string; attempts: unknown[] }[]>(await get(`/channels/${ids.email}/deliveries`, admin));
          expect(log.map((d) => [d.state, d.attempts.length])).toEqual([["failed", 1]]);
          expect((await json<{ id: string }[]>(await get("/incidents?status=open", admin))).map((i) => i.id)).toEqual([ids.incident]);
          expect((await json<{ channel_ids: string[] }>(await get(`/monitors/${ids.httpPost}`, admin))).channel_ids).toEqual([ids.channel]);
        }

        if (written.invitations) {
          const invitations = await json<{ id: string; role: string }[]>(await get("/invitations", admin));
          expect(invitations.map((i) => [i.id, i.role])).toEqual([[ids.invitation, "member"]]);
        }

        const projects = await json<{ name: string }[]>(await get("/projects", admin));
        expect(projects.map((p) => p.name).sort()).toEqual(["Default", "Servers"]);
        const login = await call("POST", "/api/v1/auth/login", { body: { email: "admin@upgrade.test", password: ADMIN_PASSWORD } });
        expect(login.status).toBe(200);
      } finally {
        await running.stop();
      }
    });
  });
}
