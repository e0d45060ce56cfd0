// The floor for upbeat's memory while it works: the least a program must do for N http monitors checked every
// interval. One Elysia route, bun:sqlite in WAL, one fetch per monitor and interval to the local target (Bun's
// fetch keeps the connections alive), one row per check written in one transaction a second, as upbeat's `checks`.
// bench/memory.ts --work-floor compiles it the way scripts/build.ts compiles upbeat and measures its RSS.
import { Database } from "bun:sqlite";
import { Elysia } from "elysia";

const env = (name: string) => process.env[name] ?? "";
const monitors = Number(env("FLOOR_MONITORS"));
const intervalMs = Number(env("FLOOR_INTERVAL_SECONDS")) * 1000;
const target = env("FLOOR_TARGET");

const db = new Database(`${env("UPBEAT_DATA_DIR")}/upbeat.db`, { create: true, strict: true });
db.exec("PRAGMA journal_mode = WAL");
db.exec("PRAGMA synchronous = NORMAL");
db.exec(`CREATE TABLE IF NOT EXISTS checks (
  monitor_seq INTEGER NOT NULL, checked_at INTEGER NOT NULL, is_up INTEGER NOT NULL, status_code INTEGER,
  response_time_ms INTEGER NOT NULL, error_message TEXT, PRIMARY KEY (monitor_seq, checked_at)) WITHOUT ROWID`);
const insert = db.prepare("INSERT OR REPLACE INTO checks VALUES (?, ?, ?, ?, ?, ?)");
const count = db.query("SELECT count(*) AS n FROM checks");

type Row = [number, number, number, number | null, number, string | null];
let pending: Row[] = [];
const writeAll = db.transaction((rows: Row[]) => {
  for (const row of rows) insert.run(...row);
});
setInterval(() => {
  if (pending.length === 0) return;
  const rows = pending;
  pending = [];
  writeAll(rows);
}, 1000);

async function check(seq: number, url: string): Promise<void> {
  const started = performance.now();
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    await response.arrayBuffer();
    pending.push([seq, Date.now(), response.ok ? 1 : 0, response.status, Math.round(performance.now() - started), null]);
  } catch (error) {
    pending.push([seq, Date.now(), 0, null, Math.round(performance.now() - started), (error as Error).message]);
  }
}

// spread over the interval, as upbeat spreads its monitors
for (let seq = 1; seq <= monitors; seq++) {
  const url = `${target}/m${seq}`;
  setTimeout(() => {
    void check(seq, url);
    setInterval(() => void check(seq, url), intervalMs);
  }, ((seq - 1) * intervalMs) / monitors);
}

new Elysia()
  .get("/healthz", () => count.get())
  .listen({ port: Number(env("UPBEAT_PORT")), hostname: "127.0.0.1" });
