// The floor for a durable ping: only the work no ping can skip. Bun.serve's native route, the token found in
// a Map, one row inserted into a bun:sqlite file with upbeat's pragmas (WAL, synchronous = NORMAL, the WAL
// checkpointed on upbeat's thread), pings of one event-loop turn sharing a COMMIT, and "OK" sent only after it.
// Usage: bun bench/support/ping-floor-server.ts PORT DB_PATH TOKENS_FILE (one token a line) [contract-row]
// The row is the least that can be read back by monitor and time: monitor, time, a counter, address, user agent.
// With "contract-row" it is the contract's Pulse (shared/DESIGN.md: an id, a type, exit code, duration, body,
// address, user agent, rid, time), with a UUIDv7 id in the key, in upbeat's table shape (migration 0015): what
// storing the pulses the API must serve costs beyond that least.
import { Database } from "bun:sqlite";
import { readFileSync } from "node:fs";
import { startCheckpointer } from "../../src/db/checkpointer.ts";
import type { Db } from "../../src/db/open.ts";

const [port, dbPath, tokensFile] = process.argv.slice(2) as [string, string, string];
const sqlite = new Database(dbPath, { create: true, strict: true });
sqlite.exec("PRAGMA journal_mode = WAL");
sqlite.exec("PRAGMA synchronous = NORMAL");
const contractRow = process.argv[5] === "contract-row";
if (contractRow) {
  sqlite.exec(`CREATE TABLE IF NOT EXISTS pulses (monitor_seq INTEGER NOT NULL, received_at INTEGER NOT NULL, id TEXT NOT NULL, type TEXT NOT NULL,
    exit_code INTEGER, duration_ms INTEGER, body TEXT, source_ip TEXT, user_agent TEXT, rid TEXT, PRIMARY KEY (monitor_seq, received_at, id)) WITHOUT ROWID`);
} else {
  // one B-tree: a pulse found by monitor and time, as any store of them must be able to
  sqlite.exec("CREATE TABLE IF NOT EXISTS pulses (monitor INTEGER NOT NULL, at INTEGER NOT NULL, n INTEGER NOT NULL, source_ip TEXT, user_agent TEXT, PRIMARY KEY (monitor, at, n)) WITHOUT ROWID");
}
startCheckpointer({ $client: sqlite } as Db, dbPath);
const statement = sqlite.prepare(`INSERT INTO pulses VALUES (${Array(contractRow ? 10 : 5).fill("?").join(", ")})`);
const insert = contractRow
  ? (monitor: number, at: number, _n: number, ip: string, userAgent: string | null) =>
    statement.run(monitor, at, Bun.randomUUIDv7(), "success", null, null, null, ip, userAgent, null)
  : (monitor: number, at: number, n: number, ip: string, userAgent: string | null) => statement.run(monitor, at, n, ip, userAgent);
const monitorOf = new Map(readFileSync(tokensFile, "utf8").split("\n").filter(Boolean).map((token, i) => [token, i]));

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
