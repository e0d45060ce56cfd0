// The work of N http monitors checked every interval, as the floors do it: one fetch per monitor and interval to
// the local target (Bun's fetch keeps the connections alive), spread over the interval as upbeat spreads its
// monitors, one row per check in upbeat's `checks` columns, written in one transaction a second.
// Shared by work-floor-server.ts and contract-floor-server.ts; set by bench/memory.ts through FLOOR_* variables.
import type { Database } from "bun:sqlite";

export const floorEnv = (name: string) => process.env[name] ?? "";

type Row = [number, number, number, number | null, number, string | null];

/** Starts checking FLOOR_MONITORS monitors (seq 1…N) every FLOOR_INTERVAL_SECONDS into `db`'s checks table; with
 * `created` false none yet: each comes with `add`, as the contract floor's POSTs create them. */
export function startCheckWork(db: Database, created = true): { add(seq: number, url: string): void } {
  const monitors = Number(floorEnv("FLOOR_MONITORS"));
  const intervalMs = Number(floorEnv("FLOOR_INTERVAL_SECONDS")) * 1000;
  const target = floorEnv("FLOOR_TARGET");
  const insert = db.prepare(`INSERT OR REPLACE INTO checks (monitor_seq, checked_at, is_up, status_code, response_time_ms, error_message)
    VALUES (?, ?, ?, ?, ?, ?)`);
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

  /** Monitor `seq` checked every interval from now on, its first check spread over the interval as upbeat spreads them. */
  function add(seq: number, url: string): void {
    setTimeout(() => {
      void check(seq, url);
      setInterval(() => void check(seq, url), intervalMs);
    }, (((seq - 1) % monitors) * intervalMs) / monitors);
  }

  if (created) for (let seq = 1; seq <= monitors; seq++) add(seq, `${target}/m${seq}`);
  return { add };
}
