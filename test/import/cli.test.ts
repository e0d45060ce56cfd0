// `upbeat import` run from the sources, as a user moving in runs it, against a real data folder.
import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FROM_SOURCE, runCommand } from "../e2e/binary.ts";
import { testDatabaseUrl } from "../support/postgres-store.ts";
import { readRows, type DataOf } from "../support/read-rows.ts";
import { gatusConfig, healthchecksExport, KUMA_FIXTURE, writeFile } from "./sources.ts";

const folders: string[] = [];
const databases: { drop(): void }[] = [];
afterAll(() => {
  folders.forEach((f) => rmSync(f, { recursive: true, force: true }));
  databases.forEach((d) => d.drop());
});

const envOf = (data: DataOf) => ({ UPBEAT_DATA_DIR: data.dataDir, ...(data.databaseUrl ? { UPBEAT_DATABASE_URL: data.databaseUrl } : {}) });

/** A data folder with an admin; with UPBEAT_TEST_STORE=postgres the data is in a fresh PostgreSQL database. */
async function dataWithOwner(): Promise<DataOf> {
  const dataDir = mkdtempSync(join(tmpdir(), "upbeat-import-cli-"));
  folders.push(dataDir);
  const database = await testDatabaseUrl();
  if (database) databases.push(database);
  const data = { dataDir, databaseUrl: database?.url ?? null };
  const added = runCommand(FROM_SOURCE, ["user", "add", "--email", "owner@homelab.test", "--password", "long-password", "--admin"], envOf(data));
  expect(added.exitCode).toBe(0);
  return data;
}

const upbeat = (data: DataOf, ...args: string[]) => runCommand(FROM_SOURCE, args, { ...envOf(data), UPBEAT_ALLOW_PRIVATE_TARGETS: "true" });
const count = (data: DataOf, table: string) => (readRows(data, `SELECT CAST(count(*) AS integer) AS n FROM ${table}`)[0] as { n: number }).n;

test("the Kuma fixture imports with nothing skipped that upbeat has, and a second run duplicates nothing", async () => {
  const data = await dataWithOwner();
  const first = upbeat(data, "import", "uptime-kuma", KUMA_FIXTURE, "--with-history");
  expect(first.stderr).toBe("");
  expect(first.exitCode).toBe(0);
  expect(first.stdout).toContain("14 imported, 7 imported approximately, 0 already imported, 3 skipped");
  // only tags and the status page's posted incident have no place in upbeat
  const skipped = first.stdout.split("skipped (3):\n")[1]!.split("\n").slice(0, 3).join("\n");
  expect(skipped).toMatch(/tag env\s+upbeat has no tags/);
  expect(skipped).toMatch(/tag service\s+upbeat has no tags/);
  expect(skipped).toMatch(/status page incident Planned storage migration/);
  expect(first.stdout).toMatch(/monitor Telnet must stay closed \(upside down\)\s+upside-down mode does not exist/);
  // 14 of Kuma's monitors (the group is a project) and the certificate's ssl monitor
  expect(count(data, "monitors")).toBe(15);
  expect(count(data, "checks")).toBeGreaterThan(30);
  expect(count(data, "pulses")).toBe(5);

  const second = upbeat(data, "import", "uptime-kuma", KUMA_FIXTURE, "--with-history");
  expect(second.exitCode).toBe(0);
  expect(second.stdout).toContain("0 imported, 0 imported approximately, 21 already imported, 3 skipped");
  const tables = ["monitors", "channels", "projects", "status_pages", "maintenance_windows", "pulses"];
  expect(tables.map((t) => count(data, t))).toEqual([15, 3, 2, 1, 1, 5]);
});

test("--dry-run prints the report and writes nothing", async () => {
  const data = await dataWithOwner();
  const before = ["monitors", "channels", "projects", "status_pages", "import_sources"].map((t) => count(data, t));
  const result = upbeat(data, "import", "uptime-kuma", KUMA_FIXTURE, "--dry-run", "--with-history");
  expect(result.exitCode).toBe(0);
  expect(result.stdout).toContain("dry run, nothing written: 14 imported, 7 imported approximately");
  expect(["monitors", "channels", "projects", "status_pages", "import_sources"].map((t) => count(data, t))).toEqual(before);
  expect(count(data, "checks")).toBe(0);
});

test("a file that is not the source's is one line and exit 2", async () => {
  const data = await dataWithOwner();
  const notKuma = upbeat(data, "import", "uptime-kuma", "/etc/hostname");
  expect(notKuma.exitCode).toBe(2);
  expect(notKuma.stderr.trim().split("\n")).toEqual(["upbeat: /etc/hostname is not an Uptime Kuma database (no monitor table could be read)"]);
  const badJson = upbeat(data, "import", "healthchecks", writeFile(data.dataDir, "bad.json", '{"checks": [{"name": 1}]}'));
  expect(badJson.exitCode).toBe(2);
  expect(badJson.stderr.trim().split("\n")).toHaveLength(1);
  expect(badJson.stderr).toContain("is not the JSON of Healthchecks' GET /api/v3/checks/: checks.0.name");
  const badYaml = upbeat(data, "import", "gatus", writeFile(data.dataDir, "bad.yaml", "endpoints:\n  - name: a\n    url: [unclosed\n"));
  expect(badYaml.exitCode).toBe(2);
  expect(badYaml.stderr.trim().split("\n")).toHaveLength(1);
  expect(badYaml.stderr).toMatch(/bad\.yaml:\d+: /);
  const unknown = upbeat(data, "import", "nagios", "/etc/hostname");
  expect(unknown.exitCode).toBe(2);
  expect(unknown.stderr).toContain('unknown import source "nagios"');
});

test("reading a Kuma database leaves no file beside it", async () => {
  const dir = mkdtempSync(join(tmpdir(), "upbeat-kuma-dir-"));
  folders.push(dir);
  const copy = join(dir, "kuma.db");
  Bun.write(copy, Bun.file(KUMA_FIXTURE));
  const data = await dataWithOwner();
  expect(upbeat(data, "import", "uptime-kuma", copy, "--dry-run").exitCode).toBe(0);
  expect(readdirSync(dir)).toEqual(["kuma.db"]);
});

test("Healthchecks and Gatus files import from the command line into a named project", async () => {
  const data = await dataWithOwner();
  const hc = upbeat(data, "import", "healthchecks", writeFile(data.dataDir, "checks.json", JSON.stringify(healthchecksExport)), "--project", "Cron jobs");
  expect(hc.exitCode).toBe(0);
  expect(hc.stdout).toContain("1 imported, 2 imported approximately, 0 already imported, 0 skipped");
  const gatus = upbeat(data, "import", "gatus", writeFile(data.dataDir, "config.yaml", gatusConfig(9)));
  expect(gatus.exitCode).toBe(0);
  expect(gatus.stdout).toMatch(/endpoint ssh-box\s+line \d+: upbeat has no ssh checks/);
  const projects = readRows(data, "SELECT p.name, CAST(count(m.id) AS integer) AS n FROM projects p LEFT JOIN monitors m ON m.project_id = p.id GROUP BY p.id, p.name ORDER BY p.name");
  expect(projects).toEqual([
    { name: "Cron jobs", n: 3 }, { name: "Default", n: 3 }, { name: "core", n: 3 }, { name: "jobs", n: 1 },
  ]);
});
