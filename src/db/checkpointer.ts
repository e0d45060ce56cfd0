// Copies the WAL into the main file on a thread of its own, with its own connection, once writes are busy: an
// automatic checkpoint runs inside the COMMIT that crosses the threshold, so under thousands of pings a second its
// page copies and fsync stalled every request waiting on the event loop (ping p99 ~60 ms). A quieter instance
// (checks, API writes) keeps the automatic one, a short stall every few minutes, and not the thread's own
// JavaScript VM (~4.5 MB resident, kept even after the thread ends; bench/README.md, memory). A COMMIT is exactly
// as durable either way: it ends once its frames are in the WAL; only when they reach the main file changes.
// Under writes that never pause, the thread also has the WAL started over now and then (RESTART_FROM_FRAMES).
import type { Db } from "./open.ts";

/** What SQLite checkpoints on its own when this thread is not running (its default is 1,000). */
export const AUTOCHECKPOINT_PAGES = 4000;
const EVERY_MS = 1000;
/** Rows written a second through the serving connection from which the thread takes over: pings at thousands a
 * second (a row or more each) cross it, as do 100,000 monitors @ 60 s; 1,000 monitors @ 20 s write ~100. */
export const THREAD_FROM_ROWS_PER_S = 2000;
/** Periods (EVERY_MS: seconds) in a row at that rate before the thread starts. A script creating 1,000 monitors
 * through the API as fast as it can (a monitor, its first check and status each) writes past the rate for 2–3 s, and
 * that burst alone started the thread: +4.5 MB held for good on an instance with no busy writes (bench/README.md). */
const THREAD_AFTER_BUSY_PERIODS = 5;
/** A rate that starts the thread in its first period: pings at ~6,000 a second and more, not the creates above
 * (~2,000–2,500 rows a second here). Waiting the periods out at 10,000 pings a second ran ~7 automatic
 * checkpoints of ~40 ms each inside commits, enough to lift the ping p99 above 20 ms (bench/README.md). */
const THREAD_AT_ONCE_FACTOR = 3;
/** The WAL's frames (pages of 4 KB) from which the thread has it started over: PASSIVE alone never does under writes
 * that never pause (below), and at 9,000 pings a second the file grew ~50 MB a second, to 1 GB in 20 s. */
const RESTART_FROM_FRAMES = 16_384;
/** What a WAL file keeps once it starts over (SQLite's journal_size_limit): above the ~130 MB it reaches at 9,000
 * pings a second, so it is not cut and grown again each time (saturated, it reaches this), but what a burst left is
 * handed back. */
const WAL_KEPT_BYTES = 160 * 1024 * 1024;

// a Blob worker, so the compiled binary needs no separate entry point
const WORKER_SOURCE = `
import { Database } from "bun:sqlite";
let db, timer, askedAt = -1, asked = false;
self.onmessage = ({ data }) => {
  if (data.restarted) {
    asked = false;
    return;
  }
  if (data.stop) {
    clearInterval(timer);
    db?.close();
    self.postMessage("stopped");
    return;
  }
  db = new Database(data.path);
  db.exec("PRAGMA busy_timeout = 5000");
  const passive = db.prepare("PRAGMA wal_checkpoint(PASSIVE)");
  timer = setInterval(() => {
    if (asked) return; // the writer's thread is at it: a checkpoint here would only make its own give up
    // PASSIVE never waits for the writer and never blocks it. But SQLite starts the WAL over only once every frame
    // in it is copied, and while commits never pause some always land during the copy: past a size, the writer's
    // own thread finishes the job (startThread), after two more passes that leave it only the last few ms of frames.
    const { log } = passive.get();
    if (log < data.restartFromFrames || log === askedAt) return;
    passive.get();
    askedAt = passive.get().log;
    asked = true;
    self.postMessage("restart");
  }, data.everyMs);
};
`;

interface Checkpointer { stop(): Promise<void> }

export interface CheckpointerOptions {
  everyMs?: number;
  fromRowsPerS?: number;
  forPeriods?: number;
  restartFromFrames?: number;
}

/** Watches the rows written each `everyMs`; `forPeriods` periods in a row at `fromRowsPerS` or more, or one period at
 * THREAD_AT_ONCE_FACTOR times that, start the thread for good (a Worker's memory stays after it ends, so stopping it
 * again would save nothing). `fromRowsPerS` 0 starts it at once. */
export function startCheckpointer(db: Db, path: string, options: CheckpointerOptions = {}): Checkpointer {
  const {
    everyMs = EVERY_MS, fromRowsPerS = THREAD_FROM_ROWS_PER_S, forPeriods = THREAD_AFTER_BUSY_PERIODS, restartFromFrames = RESTART_FROM_FRAMES,
  } = options;
  const start = () => startThread(db, path, everyMs, restartFromFrames);
  if (fromRowsPerS === 0) return start();
  const changes = db.$client.prepare<{ n: number }, []>("SELECT total_changes() AS n");
  const written = () => changes.get()!.n;
  let last = written();
  let lastAt = performance.now();
  let busyPeriods = 0;
  let thread: Checkpointer | null = null;
  const watch = setInterval(() => {
    const [now, at] = [written(), performance.now()];
    // over the time that passed: a timer held up by a busy event loop must not multiply the rate
    const rowsPerS = ((now - last) * 1000) / Math.max(at - lastAt, everyMs);
    busyPeriods = rowsPerS >= fromRowsPerS ? busyPeriods + 1 : 0;
    if (busyPeriods >= forPeriods || rowsPerS >= fromRowsPerS * THREAD_AT_ONCE_FACTOR) {
      clearInterval(watch);
      thread = start();
    }
    [last, lastAt] = [now, at];
  }, everyMs);
  watch.unref();
  return {
    async stop() {
      clearInterval(watch);
      await thread?.stop();
      changes.finalize();
    },
  };
}

function startThread(db: Db, path: string, everyMs: number, restartFromFrames: number): Checkpointer {
  const url = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: "application/javascript" }));
  const worker = new Worker(url);
  (worker as unknown as { unref(): void }).unref(); // never what keeps the process alive
  let dead = false;
  const fallBack = () => db.$client.exec(`PRAGMA wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
  // if the thread dies, checkpoints go back into commits rather than letting the WAL grow without end
  worker.addEventListener("error", () => {
    dead = true;
    fallBack();
  });
  const restart = db.$client.prepare("PRAGMA wal_checkpoint(RESTART)");
  const { timeout } = db.$client.query("PRAGMA busy_timeout").get() as { timeout: number };
  worker.addEventListener("message", ({ data }) => {
    if (data !== "restart") return;
    // Here, between the writer's transactions, nothing lands while the last frames are copied, so the next commit
    // starts the WAL over: a stall of a few ms every ~64 MB written (bench/README.md). Waiting on nothing: a
    // reader elsewhere (a backup) makes it give up until the thread asks again.
    db.$client.exec("PRAGMA busy_timeout = 0");
    try {
      restart.get();
    } catch {
      // locked by another process: the thread asks again once more has been written
    } finally {
      db.$client.exec(`PRAGMA busy_timeout = ${timeout}`);
      worker.postMessage({ restarted: true });
    }
  });
  db.$client.exec(`PRAGMA journal_size_limit = ${WAL_KEPT_BYTES}`);
  worker.postMessage({ path, everyMs, restartFromFrames });
  db.$client.exec("PRAGMA wal_autocheckpoint = 0");
  return {
    stop: () => new Promise<void>((resolve) => {
      fallBack();
      if (dead) return resolve();
      worker.addEventListener("message", ({ data }) => {
        if (data !== "stopped") return;
        worker.terminate();
        URL.revokeObjectURL(url);
        restart.finalize();
        resolve();
      });
      worker.postMessage({ stop: true });
    }),
  };
}
