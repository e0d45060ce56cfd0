// Another process holding the file's lock while upbeat opens it (a backup, a seeding script): the open waits for
// it within busy_timeout instead of failing on the switch to WAL with "database is locked".
import { expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../../src/db/open.ts";

test("opening a file another process has locked waits for the lock instead of failing", async () => {
  const dir = mkdtempSync(join(tmpdir(), "upbeat-open-busy-"));
  try {
    const path = join(dir, "upbeat.db");
    new Database(path, { create: true }).close();
    // a second process takes the exclusive lock, says so, and lets go 400 ms later
    const holder = Bun.spawn([process.execPath, "-e", `
      const { Database } = require("bun:sqlite");
      const db = new Database(${JSON.stringify(path)});
      db.exec("BEGIN EXCLUSIVE");
      console.log("locked");
      setTimeout(() => { db.exec("COMMIT"); db.close(); }, 400);
    `], { stdout: "pipe" });
    const reader = holder.stdout.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toContain("locked");
    const db = openDatabase(path);
    expect(db.$client.query<{ journal_mode: string }, []>("PRAGMA journal_mode").get()?.journal_mode).toBe("wal");
    db.$client.close();
    expect(await holder.exited).toBe(0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
