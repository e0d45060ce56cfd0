// The floor for upbeat's memory: one Elysia route and a bun:sqlite file in WAL mode, nothing else.
// bench/memory.ts compiles it the way scripts/build.ts compiles upbeat and measures its RSS.
import { Database } from "bun:sqlite";
import { Elysia } from "elysia";

const db = new Database(`${process.env.UPBEAT_DATA_DIR}/floor.db`, { create: true, strict: true });
db.exec("PRAGMA journal_mode = WAL");
db.exec("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, v TEXT)");
const count = db.query("SELECT count(*) AS n FROM t");

new Elysia()
  .get("/healthz", () => count.get())
  .listen({ port: Number(process.env.UPBEAT_PORT), hostname: "127.0.0.1" });
