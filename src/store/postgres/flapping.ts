import { and, count, eq, gt, isNotNull, max, ne } from "drizzle-orm";
import { monitorEvents, monitors } from "../../db/postgres/schema.ts";
import { first, run, type PgDb } from "../../db/postgres/session.ts";
import type { MonitorRow } from "../../domain/types.ts";
import type { FlappingStore } from "../store.ts";

export function flappingStore(db: PgDb): FlappingStore {
  return {
    // runs inside flips: changes between up and down (not to or from pending, which are resets and first results)
    changesSince: (monitorId: string, since: number): number =>
      first(db.select({ n: count() }).from(monitorEvents).where(and(
        eq(monitorEvents.monitorId, monitorId), gt(monitorEvents.at, since),
        ne(monitorEvents.fromStatus, "pending"), ne(monitorEvents.toStatus, "pending"),
      )))!.n,
    lastChangeAt: (monitorId: string): number | null =>
      first(db.select({ at: max(monitorEvents.at) }).from(monitorEvents).where(eq(monitorEvents.monitorId, monitorId)))?.at ?? null,
    setFlappingSince: (monitorId: string, since: number | null) =>
      void run(db.update(monitors).set({ flappingSince: since }).where(eq(monitors.id, monitorId))),
    flapping: (): MonitorRow[] => run(db.select().from(monitors).where(isNotNull(monitors.flappingSince))),
  };
}
