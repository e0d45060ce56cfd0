// Copies the WAL into the main file on a thread of its own, with its own connection: an automatic
// checkpoint runs inside the COMMIT that crosses the threshold, so its page copies and fsync stalled
// every request waiting on the event loop (ping p99 ~60 ms). A COMMIT is exactly as durable as before:
// it still ends once its frames are in the WAL; only when they reach the main file changes.
import type { Db } from "./open.ts";

/** What SQLite checkpoints on its own when this thread is not running (its default is 1,000). */
export const AUTOCHECKPOINT_PAGES = 4000;
const EVERY_MS = 1000;

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

export function startCheckpointer(db: Db, path: string, everyMs = EVERY_MS): { stop(): Promise<void> } {
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
