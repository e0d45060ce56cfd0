// Under busy writes the WAL reaches the main file from the checkpoint thread, not from the commits of the serving
// connection; a quiet database keeps SQLite's automatic checkpoint and no thread.
import { afterEach, expect, test } from "bun:test";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AUTOCHECKPOINT_PAGES, startCheckpointer } from "../../src/db/checkpointer.ts";
import { closeDatabase, openDatabase, type Db } from "../../src/db/open.ts";

let dir: string;
let db: Db;
afterEach(() => {
  closeDatabase(db);
  rmSync(dir, { recursive: true, force: true });
});

/** 5,000 rows of 4 KB (a page each), in commits of 100: past the automatic checkpoint's 4,000 pages. */
function writeRows() {
  const insert = blobInsert();
  for (let batch = 0; batch < 50; batch++) db.$client.transaction(() => { for (let i = 0; i < 100; i++) insert.run("x".repeat(4000)); })();
}

/** Inserts a row of ~4 KB (a page) into a table made for it. */
function blobInsert() {
  db.$client.exec("CREATE TABLE IF NOT EXISTS blobs (id INTEGER PRIMARY KEY, body TEXT)");
  return db.$client.prepare("INSERT INTO blobs (body) VALUES (?)");
}

function fresh(): string {
  dir = mkdtempSync(join(tmpdir(), "upbeat-checkpoint-"));
  const path = join(dir, "upbeat.db");
  db = openDatabase(path);
  return path;
}

test("with the thread running, commits leave the main file alone", async () => {
  const path = fresh();
  const checkpointer = startCheckpointer(db, path, { everyMs: 60_000, fromRowsPerS: 0 });
  const sizeBefore = statSync(path).size;
  writeRows();
  expect(statSync(path).size).toBe(sizeBefore);
  await checkpointer.stop();
});

test("the thread copies the WAL into the main file", async () => {
  const path = fresh();
  const checkpointer = startCheckpointer(db, path, { everyMs: 50, fromRowsPerS: 0 });
  writeRows();
  const deadline = Date.now() + 5000;
  while (statSync(path).size < 16_000_000 && Date.now() < deadline) await Bun.sleep(20);
  expect(statSync(path).size).toBeGreaterThan(16_000_000);
  await checkpointer.stop();
});

test("once the thread stops, commits checkpoint on their own again", async () => {
  const path = fresh();
  await startCheckpointer(db, path, { everyMs: 60_000, fromRowsPerS: 0 }).stop();
  writeRows();
  expect(statSync(path).size).toBeGreaterThan(16_000_000);
});

const autocheckpointPages = () => (db.$client.query("PRAGMA wal_autocheckpoint").get() as { wal_autocheckpoint: number }).wal_autocheckpoint;

test("below the rate, no thread: commits checkpoint on their own", async () => {
  const path = fresh();
  const checkpointer = startCheckpointer(db, path, { everyMs: 20, fromRowsPerS: 1_000_000 });
  writeRows();
  await Bun.sleep(200);
  expect(autocheckpointPages()).toBe(AUTOCHECKPOINT_PAGES);
  expect(statSync(path).size).toBeGreaterThan(16_000_000);
  await checkpointer.stop();
});

/** Rows at `rowsPerS` for `ms`, caught up after each pause: a late timer on a busy machine changes when they land,
 * not how many a second. */
async function writeAtRate(rowsPerS: number, ms: number) {
  db.$client.exec("CREATE TABLE IF NOT EXISTS small (id INTEGER PRIMARY KEY, body TEXT)");
  const insert = db.$client.prepare("INSERT INTO small (body) VALUES ('x')");
  const start = Date.now();
  let written = 0;
  for (let now = start; now - start < ms; now = Date.now()) {
    const due = Math.floor(((now - start) * rowsPerS) / 1000) - written;
    db.$client.transaction(() => { for (let i = 0; i < due; i++) insert.run(); })();
    written += Math.max(due, 0);
    await Bun.sleep(5);
  }
}

test("a burst past the rate, but below three times it, for fewer periods than asked starts no thread", async () => {
  const path = fresh();
  const checkpointer = startCheckpointer(db, path, { everyMs: 200, fromRowsPerS: 1000, forPeriods: 5 });
  await writeAtRate(1500, 600); // past the rate for three or four periods (a create burst), then quiet
  await Bun.sleep(500);
  expect(autocheckpointPages()).toBe(AUTOCHECKPOINT_PAGES);
  await checkpointer.stop();
});

test("one period at three times the rate starts the thread at once", async () => {
  const path = fresh();
  const checkpointer = startCheckpointer(db, path, { everyMs: 50, fromRowsPerS: 1000, forPeriods: 5 });
  writeRows(); // 5,000 rows as fast as they go (pings at thousands a second), then quiet
  const deadline = Date.now() + 5000;
  while (autocheckpointPages() !== 0 && Date.now() < deadline) await Bun.sleep(10);
  expect(autocheckpointPages()).toBe(0);
  await checkpointer.stop();
});

test("writes held at the rate for the periods start the thread, and commits stop checkpointing on their own", async () => {
  const path = fresh();
  const checkpointer = startCheckpointer(db, path, { everyMs: 200, fromRowsPerS: 1000, forPeriods: 5 });
  await writeAtRate(1500, 600); // four periods at most, below three times the rate
  expect(autocheckpointPages()).toBe(AUTOCHECKPOINT_PAGES);
  const deadline = Date.now() + 10_000;
  while (autocheckpointPages() !== 0 && Date.now() < deadline) await writeAtRate(1500, 200);
  expect(autocheckpointPages()).toBe(0);
  await checkpointer.stop();
  expect(autocheckpointPages()).toBe(AUTOCHECKPOINT_PAGES);
});

/** Commits of 4 KB rows for `ms`, one an event-loop turn and never a pause between them (pings at thousands a
 * second); the largest size the WAL file reached, and the bytes written. */
async function writeWithoutPause(ms: number) {
  const insert = blobInsert();
  const wal = `${db.$client.filename}-wal`;
  let [largest, written] = [0, 0];
  for (const start = Date.now(); Date.now() - start < ms;) {
    db.$client.transaction(() => { for (let i = 0; i < 4; i++) insert.run("x".repeat(4000)); })();
    written += 4 * 4096;
    largest = Math.max(largest, statSync(wal).size);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return { largest, written };
}

test("under commits that never pause, the WAL is started over rather than growing without end", async () => {
  const path = fresh();
  const checkpointer = startCheckpointer(db, path, { everyMs: 20, fromRowsPerS: 0, restartFromFrames: 256 });
  const { largest, written } = await writeWithoutPause(1500);
  // never started over, the file holds all of it (checked: 292 MB written, 456 MB of WAL; started over: 30–38 MB)
  expect(largest).toBeLessThan(written / 2);
  await checkpointer.stop();
});
