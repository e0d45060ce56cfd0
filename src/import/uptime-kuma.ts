// Uptime Kuma (1.23 and 2.x): its SQLite database, read without writing a byte of it.
import { Database } from "bun:sqlite";
import { copyFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sha256Hex } from "../ids.ts";
import { UserError } from "../errors.ts";
import { isTimeZone } from "../time.ts";
import { kumaHistory } from "./kuma-history.ts";
import { mapMonitor, type KumaMonitor } from "./kuma-monitors.ts";
import { mapNotification } from "./kuma-notifications.ts";
import { emptyPlan, type ImportOptions, type ImportPlan, type Importer, type PlannedStatusPage } from "./plan.ts";

type Row = Record<string, unknown>;

/**
 * With Kuma running (a -wal file beside it) the database is opened read-only in place, as one more reader
 * that sees what Kuma committed; otherwise a copy is read, so no -wal or -shm file is left in Kuma's folder.
 */
function openKuma(path: string): { db: Database; close(): void } {
  if (!existsSync(path)) throw new UserError(`${path} does not exist`);
  let dir: string | null = null;
  let file = path;
  if (!existsSync(`${path}-wal`)) {
    dir = mkdtempSync(join(tmpdir(), "upbeat-kuma-"));
    file = join(dir, "kuma.db");
    copyFileSync(path, file);
  }
  const cleanUp = () => dir && rmSync(dir, { recursive: true, force: true });
  try {
    const db = new Database(file, { readonly: true });
    db.query("SELECT count(*) FROM monitor").get();
    return { db, close: () => (db.close(), cleanUp()) };
  } catch {
    cleanUp();
    throw new UserError(`${path} is not an Uptime Kuma database (no monitor table could be read)`);
  }
}

const rows = (db: Database, sql: string): Row[] => db.query(sql).all() as Row[];
const hasTable = (db: Database, name: string) => db.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== null;
const isOn = (value: unknown) => value === 1 || value === true;

/** Kuma's settings hold JSON text ("\"Europe/Berlin\""). */
function setting(db: Database, key: string): unknown {
  const row = db.query<{ value: string | null }, [string]>("SELECT value FROM setting WHERE key = ?").get(key);
  try {
    return row?.value == null ? undefined : JSON.parse(row.value);
  } catch {
    return row?.value;
  }
}

/** Two Kuma instances imported into one organization must not match each other's ids. */
const instanceOf = (db: Database) => sha256Hex(String(setting(db, "jwtSecret") ?? "kuma")).slice(0, 12);

function readMonitors(db: Database, plan: ImportPlan, options: ImportOptions): void {
  const monitors = rows(db, "SELECT * FROM monitor ORDER BY id") as KumaMonitor[];
  const groups = new Set(monitors.filter((m) => m.type === "group").map((m) => m.id));
  const links = rows(db, "SELECT monitor_id, notification_id FROM monitor_notification");
  const channelRefs = (id: number) => links.filter((l) => l.monitor_id === id).map((l) => `notification:${l.notification_id}`);
  for (const m of monitors) {
    if (m.type === "group") {
      plan.projects.push({ ref: `monitor:${m.id}`, name: m.name, notes: m.description ? ["its description is not kept (projects have none)"] : [] });
      continue;
    }
    const mapped = mapMonitor(m);
    if ("skip" in mapped) {
      plan.skipped.push({ what: "monitor", name: m.name, reason: mapped.skip });
      continue;
    }
    const projectRef = typeof m.parent === "number" && groups.has(m.parent) ? `monitor:${m.parent}` : null;
    const history = options.withHistory ? kumaHistory(db, m.id, m.type === "push", options.now) : undefined;
    plan.monitors.push({
      ref: `monitor:${m.id}`, name: m.name, notes: mapped.notes, body: mapped.body, projectRef, channelRefs: channelRefs(m.id),
      pingToken: mapped.pingToken, history,
    });
    if (mapped.certificate) {
      plan.monitors.push({
        ref: `monitor:${m.id}:certificate`, name: String(mapped.certificate.body.name), notes: mapped.certificate.notes,
        body: mapped.certificate.body, projectRef, channelRefs: channelRefs(m.id),
      });
    }
  }
  for (const tag of hasTable(db, "tag") ? rows(db, "SELECT name FROM tag") : []) {
    plan.skipped.push({ what: "tag", name: String(tag.name), reason: "upbeat has no tags" });
  }
}

function readNotifications(db: Database, plan: ImportPlan): void {
  for (const n of rows(db, "SELECT * FROM notification ORDER BY id")) {
    const name = String(n.name ?? `notification ${n.id}`);
    let config: Row = {};
    try {
      config = JSON.parse(String(n.config ?? "{}"));
    } catch {
      plan.skipped.push({ what: "notification", name, reason: "its settings are not valid JSON" });
      continue;
    }
    const mapped = mapNotification(String(config.type ?? ""), config);
    if ("skip" in mapped) {
      plan.skipped.push({ what: "notification", name, reason: mapped.skip });
      continue;
    }
    plan.channels.push({
      ref: `notification:${n.id}`, name, notes: mapped.notes, kind: mapped.kind, config: mapped.config,
      isDefault: isOn(n.is_default), isEnabled: n.active === undefined || isOn(n.active),
    });
  }
}

/**
 * A page's sections as upbeat groups, in Kuma's order. Upbeat wants each group non-empty, named once and each
 * monitor in one group: a section left with no imported monitor is dropped, a repeated name gets a number.
 */
function pageSections(db: Database, pageId: number, imported: Set<string>): { groups: PlannedStatusPage["groups"]; left: number } {
  const entries = rows(db, `SELECT g.id AS group_id, g.name, mg.monitor_id FROM "group" g JOIN monitor_group mg ON mg.group_id = g.id
    WHERE g.status_page_id = ${pageId} ORDER BY g.weight, g.id, mg.weight, mg.id`);
  const byId = new Map<unknown, PlannedStatusPage["groups"][number]>();
  const placed = new Set<string>();
  let left = 0;
  for (const entry of entries) {
    const ref = `monitor:${entry.monitor_id}`;
    if (!imported.has(ref)) {
      left++;
      continue;
    }
    if (placed.has(ref)) continue; // upbeat shows a monitor once per page
    placed.add(ref);
    const group = byId.get(entry.group_id) ?? { name: String(entry.name ?? "").trim().slice(0, 100), monitorRefs: [] };
    byId.set(entry.group_id, group);
    group.monitorRefs.push(ref);
  }
  const names = new Set<string>();
  const groups = [...byId.values()].map((group) => {
    let name = group.name;
    for (let n = 2; names.has(name); n++) name = `${group.name.slice(0, 90)} (${n})`;
    names.add(name);
    return { ...group, name };
  });
  return { groups, left };
}

function readStatusPages(db: Database, plan: ImportPlan): void {
  if (!hasTable(db, "status_page")) return;
  const monitorRefs = new Set(plan.monitors.map((m) => m.ref));
  for (const page of rows(db, "SELECT * FROM status_page ORDER BY id")) {
    const title = String(page.title);
    if (!isOn(page.published)) {
      plan.skipped.push({ what: "status page", name: title, reason: "not published in Kuma (upbeat status pages are public)" });
      continue;
    }
    if (page.password) {
      plan.skipped.push({ what: "status page", name: title, reason: "password-protected in Kuma (upbeat status pages are public)" });
      continue;
    }
    const { groups, left } = pageSections(db, Number(page.id), monitorRefs);
    const notes: string[] = [];
    if (left > 0) notes.push(`${left} entr${left === 1 ? "y" : "ies"} not shown (groups and monitors upbeat did not import)`);
    if (page.footer_text || page.custom_css) notes.push("footer text and custom CSS are not kept");
    plan.statusPages.push({ ref: `status_page:${page.id}`, name: title, slug: String(page.slug), description: (page.description as string | null) || null, notes, groups });
    const incidents = hasTable(db, "incident") ? rows(db, `SELECT title FROM incident WHERE status_page_id = ${Number(page.id)}`) : [];
    for (const incident of incidents) {
      plan.skipped.push({ what: "status page incident", name: String(incident.title), reason: "upbeat status pages have no posted incidents" });
    }
  }
}

/** "2026-11-25T00:00" in a zone → Unix ms (the offset that zone had then). */
function zonedMs(local: string, timeZone: string): number {
  const asUtc = Date.parse(`${local.replace(" ", "T").slice(0, 16)}:00Z`);
  const parts = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" })
    .formatToParts(new Date(asUtc));
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const shown = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"));
  return asUtc - (shown - asUtc);
}

function readMaintenance(db: Database, plan: ImportPlan): void {
  if (!hasTable(db, "maintenance")) return;
  const server = setting(db, "serverTimezone");
  const serverZone = typeof server === "string" && isTimeZone(server) ? server : "UTC";
  for (const w of rows(db, "SELECT * FROM maintenance ORDER BY id")) {
    const title = String(w.title);
    const zone = !w.timezone || w.timezone === "SAME_AS_SERVER" ? serverZone : String(w.timezone);
    const monitorRefs = rows(db, `SELECT monitor_id FROM monitor_maintenance WHERE maintenance_id = ${Number(w.id)}`).map((r) => `monitor:${r.monitor_id}`);
    const skip = (reason: string) => plan.skipped.push({ what: "maintenance window", name: title, reason });
    const notes = w.description ? ["its description is not kept"] : [];
    let timing: Record<string, unknown>;
    if (w.strategy === "single" && w.start_date && w.end_date) {
      timing = { starts_at: new Date(zonedMs(String(w.start_date), zone)).toISOString(), ends_at: new Date(zonedMs(String(w.end_date), zone)).toISOString() };
    } else if (String(w.strategy).startsWith("recurring") || w.strategy === "cron") {
      if (!w.cron || !w.duration) {
        skip("Kuma 1.x keeps no cron expression for it: add it again as a recurring window");
        continue;
      }
      if (w.strategy === "recurring-interval" && Number(w.interval_day) > 1) notes.push(`every ${w.interval_day} days is approximated by its cron expression ${w.cron}`);
      timing = { schedule: String(w.cron), duration_minutes: Math.max(1, Math.round(Number(w.duration) / 60)) };
    } else {
      skip(`a ${w.strategy} window has no times; upbeat windows are one-off or recurring`);
      continue;
    }
    plan.maintenance.push({
      ref: `maintenance:${w.id}`, name: title, notes, monitorRefs,
      body: { title, timezone: zone, is_active: isOn(w.active), ...timing },
    });
  }
}

export const uptimeKuma: Importer = {
  name: "uptime-kuma",
  label: "Uptime Kuma",
  file: "kuma.db",
  recognizes: (head) => head.startsWith("SQLite format 3\0"),
  async read(path, options) {
    const { db, close } = openKuma(path);
    try {
      const plan = emptyPlan(`uptime-kuma:${instanceOf(db)}`);
      readNotifications(db, plan);
      readMonitors(db, plan, options);
      readStatusPages(db, plan);
      readMaintenance(db, plan);
      return plan;
    } finally {
      close();
    }
  },
};
