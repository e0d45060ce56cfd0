// The floor for upbeat's memory while it works: the least a program must do for N http monitors checked every
// interval. One Elysia route, bun:sqlite in WAL, the checks of check-work.ts into a table shaped as upbeat's `checks`.
// bench/memory.ts --work-floor compiles it the way scripts/build.ts compiles upbeat and measures its RSS.
import { Database } from "bun:sqlite";
import { Elysia } from "elysia";
import { floorEnv, startCheckWork } from "./check-work.ts";

const db = new Database(`${floorEnv("UPBEAT_DATA_DIR")}/upbeat.db`, { create: true, strict: true });
db.exec("PRAGMA journal_mode = WAL");
db.exec("PRAGMA synchronous = NORMAL");
db.exec(`CREATE TABLE IF NOT EXISTS checks (
  monitor_seq INTEGER NOT NULL, checked_at INTEGER NOT NULL, is_up INTEGER NOT NULL, status_code INTEGER,
  response_time_ms INTEGER NOT NULL, error_message TEXT, PRIMARY KEY (monitor_seq, checked_at)) WITHOUT ROWID`);
const count = db.query("SELECT count(*) AS n FROM checks");
startCheckWork(db);

new Elysia()
  .get("/healthz", () => count.get())
  .listen({ port: Number(floorEnv("UPBEAT_PORT")), hostname: "127.0.0.1" });
