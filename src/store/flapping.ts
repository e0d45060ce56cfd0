import { eq, isNotNull } from "drizzle-orm";
import type { Db } from "../db/open.ts";
import { monitors } from "../db/schema.ts";
import type { MonitorRow } from "../domain/types.ts";
import type { MonitorRows } from "./monitor-rows.ts";
import type { FlappingStore } from "./store.ts";

export function flappingStore(db: Db, remembered: MonitorRows): FlappingStore {
  // runs inside flips: changes between up and down (not to or from pending, which are resets and first results)
  const changes = db.$client.query(
    `SELECT count(*) AS n FROM monitor_events WHERE monitor_id = ?1 AND at > ?2 AND from_status != 'pending' AND to_status != 'pending'`,
  );
  const lastChange = db.$client.query(`SELECT max(at) AS at FROM monitor_events WHERE monitor_id = ?`);

  return {
    changesSince: (monitorId: string, since: number): number => (changes.get(monitorId, since) as { n: number }).n,
    lastChangeAt: (monitorId: string): number | null => (lastChange.get(monitorId) as { at: number | null }).at,
    setFlappingSince(monitorId: string, since: number | null) {
      remembered.forget(monitorId);
      db.update(monitors).set({ flappingSince: since }).where(eq(monitors.id, monitorId)).run();
    },
    flapping: (): MonitorRow[] => db.select().from(monitors).where(isNotNull(monitors.flappingSince)).all(),
  };
}
