import { and, asc, between, count, desc, eq, gt, inArray, isNotNull, isNull, lt, lte, min, not, or, type SQL } from "drizzle-orm";
import { channels, deliveries, deliveryAttempts } from "../../db/postgres/schema.ts";
import { first, run, type PgDb } from "../../db/postgres/session.ts";
import type { DeliveryAttemptRow, DeliveryRow } from "../../domain/types.ts";
import { GROUPABLE_EVENTS, HELD_BACK_REASONS, OPENING_EVENTS, type WhyNotReason } from "../../enums.ts";
import { newId } from "../../ids.ts";
import { listsByKey } from "../grouping.ts";
import type { DeliveriesStore, DeliveryWithAttempts, NewDelivery } from "../store.ts";

const OPEN = inArray(deliveries.state, ["pending", "retrying"]);
/** held for the channel's quiet hours, its digest not made yet (the partial index deliveries_quiet_held) */
const QUIET_HELD = and(eq(deliveries.state, "suppressed"), eq(deliveries.reason, "quiet_hours"), isNull(deliveries.carriedBy))!;
/** a flip no send has taken yet: what a group gathers */
const GROUPABLE = and(eq(deliveries.state, "pending"), isNotNull(deliveries.monitorId), inArray(deliveries.event, [...GROUPABLE_EVENTS]))!;
const OPENING = inArray(deliveries.event, [...OPENING_EVENTS]);

export function deliveriesStore(db: PgDb): DeliveriesStore {
  const dueIn = (channelId: string, now: number) => and(eq(deliveries.channelId, channelId), OPEN, lte(deliveries.nextAttemptAt, now));
  // not yet claimed by the sender (a claim moves next_attempt_at past now), or held for a quiet hours' digest not made yet
  const unsentDown = (incidentId: string, now: number) => and(eq(deliveries.incidentId, incidentId), OPENING, or(
    and(eq(deliveries.state, "pending"), lte(deliveries.nextAttemptAt, now)),
    QUIET_HELD,
  ));
  const ids = (rows: { id: string }[]) => rows.map((r) => r.id);

  function withAttempts(rows: DeliveryRow[]): DeliveryWithAttempts[] {
    if (rows.length === 0) return [];
    const attempts = run(db.select().from(deliveryAttempts).where(inArray(deliveryAttempts.deliveryId, ids(rows)))
      .orderBy(asc(deliveryAttempts.at), asc(deliveryAttempts.id)));
    const byDelivery = listsByKey(ids(rows), attempts, (a) => a.deliveryId, (a) => a);
    return rows.map((r) => ({ ...r, attempts: byDelivery.get(r.id)! }));
  }

  const page = (where: SQL, limit: number, beforeMs?: number) =>
    withAttempts(run(db.select().from(deliveries)
      .where(and(where, beforeMs === undefined ? undefined : lt(deliveries.createdAt, beforeMs)))
      .orderBy(desc(deliveries.createdAt), desc(deliveries.id)).limit(limit)));
  // a delivery that is open (not sent, failed or suppressed) moves on; a done one stays as it is
  const settle = (id: string, changes: Partial<DeliveryRow>) =>
    void run(db.update(deliveries).set(changes).where(and(eq(deliveries.id, id), OPEN)));

  return {
    /** Queued for the sender, due at once; with `suppressedReason` only logged (the why-not log), as suppressed with that reason. */
    enqueue(rows: NewDelivery[], now: number, suppressedReason?: WhyNotReason): string[] {
      const queued = rows.map((r) => ({
        ...r, id: newId(), createdAt: now,
        ...(suppressedReason === undefined
          ? { state: "pending" as const, nextAttemptAt: now }
          : { state: "suppressed" as const, reason: suppressedReason }),
      }));
      if (queued.length > 0) run(db.insert(deliveries).values(queued));
      return ids(queued);
    },
    byId: (id: string) => first(db.select().from(deliveries).where(eq(deliveries.id, id))),
    dueChannels: (now: number): string[] =>
      ids(run(db.selectDistinct({ id: deliveries.channelId }).from(deliveries).where(and(OPEN, lte(deliveries.nextAttemptAt, now))))),
    dueOf: (channelId: string, now: number, limit: number): DeliveryRow[] =>
      run(db.select().from(deliveries).where(dueIn(channelId, now)).orderBy(asc(deliveries.nextAttemptAt), asc(deliveries.id)).limit(limit)),
    readyOf: (channelId: string, now: number, groupFrom: number) =>
      first(db.select().from(deliveries).where(and(dueIn(channelId, now), not(and(GROUPABLE, gt(deliveries.createdAt, groupFrom))!)))
        .orderBy(asc(deliveries.nextAttemptAt), asc(deliveries.id)).limit(1)),
    groupableOf: (channelId: string, now: number, from: number, to: number): DeliveryRow[] =>
      run(db.select().from(deliveries).where(and(dueIn(channelId, now), GROUPABLE, between(deliveries.createdAt, from, to)))
        .orderBy(asc(deliveries.createdAt), asc(deliveries.id))),
    quietHeldChannels: (): string[] => ids(run(db.selectDistinct({ id: deliveries.channelId }).from(deliveries).where(QUIET_HELD))),
    quietHeldOf: (channelId: string): DeliveryRow[] =>
      run(db.select().from(deliveries).where(and(eq(deliveries.channelId, channelId), QUIET_HELD))
        .orderBy(asc(deliveries.createdAt), asc(deliveries.id))),
    markCarried: (deliveryIds: string[], carriedBy: string) =>
      void run(db.update(deliveries).set({ carriedBy }).where(inArray(deliveries.id, deliveryIds))),
    earliestDue: (): number | null => first(db.select({ at: min(deliveries.nextAttemptAt) }).from(deliveries).where(OPEN))!.at,
    /**
     * Takes a due delivery for one send, until `leaseUntil` (its next_attempt_at moves there: the lease); false when
     * another instance has it or it is done. SKIP LOCKED: a row another instance is claiming right now is theirs.
     */
    claim: (id: string, now: number, leaseUntil: number): boolean =>
      run(db.update(deliveries).set({ nextAttemptAt: leaseUntil })
        .where(inArray(deliveries.id, db.select({ id: deliveries.id }).from(deliveries)
          .where(and(eq(deliveries.id, id), OPEN, lte(deliveries.nextAttemptAt, now))).for("update", { skipLocked: true })))
        .returning({ id: deliveries.id })).length === 1,
    recordAttempt: (attempt) => void run(db.insert(deliveryAttempts).values(attempt)),
    markSent: (id: string, at: number) => settle(id, { state: "sent", sentAt: at, nextAttemptAt: null }),
    markRetry: (id: string, nextAttemptAt: number) => settle(id, { state: "retrying", nextAttemptAt }),
    markFailed: (id: string, reason: string | null) => settle(id, { state: "failed", reason, nextAttemptAt: null }),
    /** Folds open deliveries into another one (a summary): they are done, with the reason saying where they went. */
    suppress: (deliveryIds: string[], reason: WhyNotReason, carriedBy?: string) =>
      void run(db.update(deliveries).set({ state: "suppressed", reason, carriedBy: carriedBy ?? null, nextAttemptAt: null })
        .where(and(inArray(deliveries.id, deliveryIds), OPEN))),
    alertedChannelIdsOf: (incidentId: string): string[] =>
      ids(run(db.selectDistinct({ id: deliveries.channelId }).from(deliveries).where(and(
        eq(deliveries.incidentId, incidentId), OPENING,
        not(and(eq(deliveries.state, "suppressed"), inArray(deliveries.reason, [...HELD_BACK_REASONS]))!),
      )))),
    unsentDownOf: (incidentId: string, now: number): DeliveryRow[] => run(db.select().from(deliveries).where(unsentDown(incidentId, now))),
    suppressUnsentDown: (incidentId: string, reason: WhyNotReason, now: number): number =>
      run(db.update(deliveries).set({ state: "suppressed", reason, nextAttemptAt: null }).where(unsentDown(incidentId, now))
        .returning({ id: deliveries.id })).length,
    setMessage: (id: string, message: Record<string, unknown>) => void run(db.update(deliveries).set({ message }).where(eq(deliveries.id, id))),
    attemptsOf: (id: string): DeliveryAttemptRow[] =>
      run(db.select().from(deliveryAttempts).where(eq(deliveryAttempts.deliveryId, id)).orderBy(asc(deliveryAttempts.at))),
    listForChannel: (channelId: string, limit: number, beforeMs?: number) => page(eq(deliveries.channelId, channelId), limit, beforeMs),
    listForMonitor: (monitorId: string, limit: number, beforeMs?: number) => page(eq(deliveries.monitorId, monitorId), limit, beforeMs),
    pendingCountIn: (organizationIds: string[]): number =>
      organizationIds.length === 0 ? 0 : first(db.select({ n: count() }).from(deliveries)
        .innerJoin(channels, eq(channels.id, deliveries.channelId))
        .where(and(OPEN, inArray(channels.organizationId, organizationIds))))!.n,
  };
}
