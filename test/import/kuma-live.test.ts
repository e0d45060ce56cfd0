// Kuma keeps running while it is imported from: its database is in WAL mode with recent writes only in the log.
import { Database } from "bun:sqlite";
import { afterAll, expect, test } from "bun:test";
import { copyFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { uptimeKuma } from "../../src/import/uptime-kuma.ts";
import { KUMA_FIXTURE } from "./sources.ts";

const dir = mkdtempSync(join(tmpdir(), "upbeat-kuma-live-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("a monitor Kuma has just written (still only in its write-ahead log) is read, and Kuma keeps writing", async () => {
  const path = join(dir, "kuma.db");
  copyFileSync(KUMA_FIXTURE, path);
  const kuma = new Database(path);
  kuma.run("PRAGMA journal_mode = WAL");
  kuma.run("PRAGMA wal_autocheckpoint = 0");
  kuma.run("INSERT INTO monitor (name, type, url, interval, active, maxretries, accepted_statuscodes_json) VALUES ('Added while running', 'http', 'https://example.org/', 60, 1, 0, '[\"200-299\"]')");
  expect(existsSync(`${path}-wal`)).toBe(true);

  const plan = await uptimeKuma.read(path, { withHistory: true, now: Date.now() });
  expect(plan.monitors.map((m) => m.name)).toContain("Added while running");
  expect(plan.monitors.find((m) => m.name === "Web dashboard")!.history!.checks.length).toBe(8);

  kuma.run("INSERT INTO monitor (name, type, url, interval, active, maxretries) VALUES ('After the import', 'http', 'https://example.org/', 60, 1, 0)");
  expect((kuma.query("SELECT count(*) AS n FROM monitor").get() as { n: number }).n).toBe(17);
  kuma.close();
});
