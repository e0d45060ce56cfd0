// The floor for a durable ping: only the work no ping can skip. Bun.serve's native route, the token found in
// a Map, one row inserted into a bun:sqlite file with upbeat's pragmas (WAL, synchronous = NORMAL, the WAL
// checkpointed on upbeat's thread), pings of one event-loop turn sharing a COMMIT, and "OK" sent only after it.
// Usage: bun bench/support/ping-floor-server.ts PORT DB_PATH TOKENS_FILE (one token a line) [upbeat-table]
// With "upbeat-table" the row goes into a table shaped like upbeat's pulses before migration 0015 (a text id as
// primary key beside the rowid, an index on the monitor's 36-character id and the time): the cost of that shape.
// upbeat's pulses now have the floor's shape (one WITHOUT ROWID B-tree on monitor seq + time + the id).
import { Database } from "bun:sqlite";
import { readFileSync } from "node:fs";
import { startCheckpointer } from "../../src/db/checkpointer.ts";
import type { Db } from "../../src/db/open.ts";

const [port, dbPath, tokensFile] = process.argv.slice(2) as [string, string, string];
const sqlite = new Database(dbPath, { create: true, strict: true });
sqlite.exec("PRAGMA journal_mode = WAL");
sqlite.exec("PRAGMA synchronous = NORMAL");
const upbeatTable = process.argv[5] === "upbeat-table";
if (upbeatTable) {
  sqlite.exec("CREATE TABLE IF NOT EXISTS pulses (id TEXT PRIMARY KEY, monitor_id TEXT NOT NULL, at INTEGER NOT NULL, source_ip TEXT, user_agent TEXT)");
  sqlite.exec("CREATE INDEX IF NOT EXISTS pulses_monitor_time ON pulses (monitor_id, at)");
} else {
  // one B-tree: a pulse found by monitor and time, as any store of them must be able to
  sqlite.exec("CREATE TABLE IF NOT EXISTS pulses (monitor INTEGER NOT NULL, at INTEGER NOT NULL, n INTEGER NOT NULL, source_ip TEXT, user_agent TEXT, PRIMARY KEY (monitor, at, n)) WITHOUT ROWID");
}
startCheckpointer({ $client: sqlite } as Db, dbPath);
const statement = sqlite.prepare("INSERT INTO pulses VALUES (?, ?, ?, ?, ?)");
const monitorIds: string[] = [];
const insert = upbeatTable
  ? (monitor: number, at: number, _n: number, ip: string, userAgent: string | null) => statement.run(Bun.randomUUIDv7(), monitorIds[monitor]!, at, ip, userAgent)
  : (monitor: number, at: number, n: number, ip: string, userAgent: string | null) => statement.run(monitor, at, n, ip, userAgent);
const monitorOf = new Map(readFileSync(tokensFile, "utf8").split("\n").filter(Boolean).map((token, i) => [token, i]));
for (let i = 0; i < monitorOf.size; i++) monitorIds.push(Bun.randomUUIDv7());

let n = 0;
let queue: { monitor: number; ip: string; userAgent: string | null; resolve(): void }[] = [];
function commit() {
  const batch = queue;
  queue = [];
  sqlite.transaction(() => {
    const at = Date.now();
    for (const ping of batch) insert(ping.monitor, at, n++, ping.ip, ping.userAgent);
  })();
  for (const ping of batch) ping.resolve();
}

const OK = new Headers({ "Content-Type": "text/plain; charset=utf-8" });
Bun.serve({
  port: Number(port), hostname: "127.0.0.1",
  routes: {
    "/ping/:token": (request, server) => {
      const monitor = monitorOf.get(request.params.token);
      if (monitor === undefined) return new Response("not found", { status: 404 });
      return new Promise<Response>((resolve) => {
        if (queue.length === 0) setImmediate(commit);
        queue.push({
          monitor, ip: server.requestIP(request)?.address ?? "", userAgent: request.headers.get("user-agent"),
          resolve: () => resolve(new Response("OK", { headers: OK })),
        });
      });
    },
  },
  fetch: () => new Response("OK"),
});
