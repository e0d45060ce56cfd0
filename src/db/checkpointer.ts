// Copies the WAL into the main file on a thread of its own, with its own connection, once writes are busy: an
// automatic checkpoint runs inside the COMMIT that crosses the threshold, so under thousands of pings a second its
// page copies and fsync stalled every request waiting on the event loop (ping p99 ~60 ms). A quieter instance
// (checks, API writes) keeps the automatic one, a short stall every few minutes, and not the thread's own
// JavaScript VM (~4.5 MB resident, kept even after the thread ends; bench/README.md, memory). A COMMIT is exactly
// as durable either way: it ends once its frames are in the WAL; only when they reach the main file changes.
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

// a Blob worker, so the compiled binary needs no separate entry point
const WORKER_SOURCE = `
import { Database } from "bun:sqlite";
let db, timer;
self.onmessage = ({ data }) => {
  if (data.stop) {
    clearInterval(timer);
    db?.close();
    self.postMessage("stopped");
    return;
  }
  db = new Database(data.path);
  db.exec("PRAGMA busy_timeout = 5000");
  // PASSIVE never waits for the writer and never blocks it
  timer = setInterval(() => db.exec("PRAGMA wal_checkpoint(PASSIVE)"), data.everyMs);
};
`;

interface Checkpointer { stop(): Promise<void> }

/** Watches the rows written each `everyMs`; `forPeriods` periods in a row at `fromRowsPerS` or more, or one period at
 * THREAD_AT_ONCE_FACTOR times that, start the thread for good (a Worker's memory stays after it ends, so stopping it
 * again would save nothing). 0 starts it at once. */
export function startCheckpointer(
  db: Db, path: string, everyMs = EVERY_MS, fromRowsPerS = THREAD_FROM_ROWS_PER_S, forPeriods = THREAD_AFTER_BUSY_PERIODS,
): Checkpointer {
  if (fromRowsPerS === 0) return startThread(db, path, everyMs);
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
      thread = startThread(db, path, everyMs);
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

function startThread(db: Db, path: string, everyMs: number): Checkpointer {
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
  worker.postMessage({ path, everyMs });
  db.$client.exec("PRAGMA wal_autocheckpoint = 0");
  return {
    stop: () => new Promise<void>((resolve) => {
      fallBack();
      if (dead) return resolve();
      worker.addEventListener("message", () => {
        worker.terminate();
        URL.revokeObjectURL(url);
        resolve();
      });
      worker.postMessage({ stop: true });
    }),
  };
}
