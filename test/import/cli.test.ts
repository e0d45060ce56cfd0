// `upbeat import` run from the sources, as a user moving in runs it, against a real data folder.
import { Database } from "bun:sqlite";
import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FROM_SOURCE, runCommand } from "../e2e/binary.ts";
import { gatusConfig, healthchecksExport, KUMA_FIXTURE, writeFile } from "./sources.ts";

const folders: string[] = [];
afterAll(() => folders.forEach((f) => rmSync(f, { recursive: true, force: true })));

function dataDirWithOwner(): string {
  const dir = mkdtempSync(join(tmpdir(), "upbeat-import-cli-"));
  folders.push(dir);
  const added = runCommand(FROM_SOURCE, ["user", "add", "--email", "owner@homelab.test", "--password", "long-password", "--admin"], { UPBEAT_DATA_DIR: dir });
  expect(added.exitCode).toBe(0);
  return dir;
}

const upbeat = (dataDir: string, ...args: string[]) => runCommand(FROM_SOURCE, args, { UPBEAT_DATA_DIR: dataDir, UPBEAT_ALLOW_PRIVATE_TARGETS: "true" });
const count = (dataDir: string, table: string) => {
  const db = new Database(join(dataDir, "upbeat.db"), { readonly: true });
  try {
    return (db.query(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    db.close();
  }
};

test("the Kuma fixture imports with nothing skipped that upbeat has, and a second run duplicates nothing", () => {
  const dataDir = dataDirWithOwner();
  const first = upbeat(dataDir, "import", "uptime-kuma", KUMA_FIXTURE, "--with-history");
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
  expect(count(dataDir, "monitors")).toBe(15);
  expect(count(dataDir, "checks")).toBeGreaterThan(30);
  expect(count(dataDir, "pulses")).toBe(5);

  const second = upbeat(dataDir, "import", "uptime-kuma", KUMA_FIXTURE, "--with-history");
  expect(second.exitCode).toBe(0);
  expect(second.stdout).toContain("0 imported, 0 imported approximately, 21 already imported, 3 skipped");
  const tables = ["monitors", "channels", "projects", "status_pages", "maintenance_windows", "pulses"];
  expect(tables.map((t) => count(dataDir, t))).toEqual([15, 3, 2, 1, 1, 5]);
});

test("--dry-run prints the report and writes nothing", () => {
  const dataDir = dataDirWithOwner();
  const before = ["monitors", "channels", "projects", "status_pages", "import_sources"].map((t) => count(dataDir, t));
  const result = upbeat(dataDir, "import", "uptime-kuma", KUMA_FIXTURE, "--dry-run", "--with-history");
  expect(result.exitCode).toBe(0);
  expect(result.stdout).toContain("dry run, nothing written: 14 imported, 7 imported approximately");
  expect(["monitors", "channels", "projects", "status_pages", "import_sources"].map((t) => count(dataDir, t))).toEqual(before);
  expect(count(dataDir, "checks")).toBe(0);
});

test("a file that is not the source's is one line and exit 2", () => {
  const dataDir = dataDirWithOwner();
  const notKuma = upbeat(dataDir, "import", "uptime-kuma", "/etc/hostname");
  expect(notKuma.exitCode).toBe(2);
  expect(notKuma.stderr.trim().split("\n")).toEqual(["upbeat: /etc/hostname is not an Uptime Kuma database (no monitor table could be read)"]);
  const badJson = upbeat(dataDir, "import", "healthchecks", writeFile(dataDir, "bad.json", '{"checks": [{"name": 1}]}'));
  expect(badJson.exitCode).toBe(2);
  expect(badJson.stderr.trim().split("\n")).toHaveLength(1);
  expect(badJson.stderr).toContain("is not the JSON of Healthchecks' GET /api/v3/checks/: checks.0.name");
  const badYaml = upbeat(dataDir, "import", "gatus", writeFile(dataDir, "bad.yaml", "endpoints:\n  - name: a\n    url: [unclosed\n"));
  expect(badYaml.exitCode).toBe(2);
  expect(badYaml.stderr.trim().split("\n")).toHaveLength(1);
  expect(badYaml.stderr).toMatch(/bad\.yaml:\d+: /);
  const unknown = upbeat(dataDir, "import", "nagios", "/etc/hostname");
  expect(unknown.exitCode).toBe(2);
  expect(unknown.stderr).toContain('unknown import source "nagios"');
});

test("reading a Kuma database leaves no file beside it", () => {
  const dir = mkdtempSync(join(tmpdir(), "upbeat-kuma-dir-"));
  folders.push(dir);
  const copy = join(dir, "kuma.db");
  Bun.write(copy, Bun.file(KUMA_FIXTURE));
  const dataDir = dataDirWithOwner();
  expect(upbeat(dataDir, "import", "uptime-kuma", copy, "--dry-run").exitCode).toBe(0);
  expect(readdirSync(dir)).toEqual(["kuma.db"]);
});

test("Healthchecks and Gatus files import from the command line into a named project", () => {
  const dataDir = dataDirWithOwner();
  const hc = upbeat(dataDir, "import", "healthchecks", writeFile(dataDir, "checks.json", JSON.stringify(healthchecksExport)), "--project", "Cron jobs");
  expect(hc.exitCode).toBe(0);
  expect(hc.stdout).toContain("1 imported, 2 imported approximately, 0 already imported, 0 skipped");
  const gatus = upbeat(dataDir, "import", "gatus", writeFile(dataDir, "config.yaml", gatusConfig(9)));
  expect(gatus.exitCode).toBe(0);
  expect(gatus.stdout).toMatch(/endpoint ssh-box\s+line \d+: upbeat has no ssh checks/);
  const db = new Database(join(dataDir, "upbeat.db"), { readonly: true });
  const projects = db.query("SELECT p.name, count(m.id) AS n FROM projects p LEFT JOIN monitors m ON m.project_id = p.id GROUP BY p.id ORDER BY p.name").all();
  db.close();
  expect(projects).toEqual([
    { name: "Cron jobs", n: 3 }, { name: "Default", n: 3 }, { name: "core", n: 3 }, { name: "jobs", n: 1 },
  ]);
});
