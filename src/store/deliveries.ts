import { and, asc, between, desc, eq, inArray, isNotNull, lt, sql, type SQL } from "drizzle-orm";
import type { Db } from "../db/open.ts";
import { channels, deliveries, deliveryAttempts } from "../db/schema.ts";
import type { DeliveryAttemptRow, DeliveryRow } from "../domain/types.ts";
import { newId } from "../ids.ts";
import { listsByKey } from "./grouping.ts";
import type { DeliveriesStore, DeliveryWithAttempts, NewAttempt, NewDelivery } from "./store.ts";
import { GROUPABLE_EVENTS, HELD_BACK_REASONS, OPENING_EVENTS, type WhyNotReason } from "../enums.ts";

const OPENING = OPENING_EVENTS.map((e) => `'${e}'`).join(", ");
/** held for the channel's quiet hours, its digest not made yet (the partial index deliveries_quiet_held) */
const QUIET_HELD = sql`state = 'suppressed' AND reason = 'quiet_hours' AND carried_by IS NULL`;
/** a flip no send has taken yet: what a group gathers */
const GROUPABLE = and(eq(deliveries.state, "pending"), isNotNull(deliveries.monitorId), inArray(deliveries.event, [...GROUPABLE_EVENTS]))!;

const OPEN = sql`state IN ('pending', 'retrying')`;

export function deliveriesStore(db: Db): DeliveriesStore {
  const dueChannels = db.$client.query(
    `SELECT DISTINCT channel_id AS id FROM deliveries WHERE state IN ('pending', 'retrying') AND next_attempt_at <= ?`,
  );
  const earliestDue = db.$client.query(
    `SELECT min(next_attempt_at) AS at FROM deliveries WHERE state IN ('pending', 'retrying')`,
  );
  const insert = db.$client.query(
    `INSERT INTO deliveries (id, channel_id, monitor_id, incident_id, event, state, message, next_attempt_at, created_at)
     VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?)`,
  );
  // the why-not log: an alert held back is written done, with its reason, and never sent
  const insertSuppressed = db.$client.query(
    `INSERT INTO deliveries (id, channel_id, monitor_id, incident_id, event, state, reason, message, created_at)
     VALUES (?, ?, ?, ?, ?, 'suppressed', ?, ?, ?)`,
  );
  // the channels an incident's down reached (or is on its way to): not held back for maintenance or a dependency
  const alertedChannels = db.$client.query(
    `SELECT DISTINCT channel_id AS id FROM deliveries
     WHERE incident_id = ? AND event IN (${OPENING}) AND NOT (state = 'suppressed' AND reason IN (${HELD_BACK_REASONS.map((r) => `'${r}'`).join(", ")}))`,
  );
  // not yet claimed by the sender (a claim moves next_attempt_at past now), or held for a quiet hours' digest not made yet
  const unsentDown = (incidentId: string, now: number) =>
    sql`incident_id = ${incidentId} AND event IN (${sql.raw(OPENING)}) AND ((state = 'pending' AND next_attempt_at <= ${now}) OR (${QUIET_HELD}))`;
  const dueIn = (channelId: string, now: number) => and(eq(deliveries.channelId, channelId), OPEN, sql`${deliveries.nextAttemptAt} <= ${now}`);
  // the claim: only one caller moves a due delivery's time past now, so only one sends it
  const claim = db.$client.query(
    `UPDATE deliveries SET next_attempt_at = ?1 WHERE id = ?2 AND state IN ('pending', 'retrying') AND next_attempt_at <= ?3`,
  );

  function withAttempts(rows: DeliveryRow[]): DeliveryWithAttempts[] {
    if (rows.length === 0) return [];
    const attempts = db.select().from(deliveryAttempts)
      .where(inArray(deliveryAttempts.deliveryId, rows.map((r) => r.id)))
      .orderBy(asc(deliveryAttempts.at), asc(deliveryAttempts.id)).all();
    const byDelivery = listsByKey(rows.map((r) => r.id), attempts, (a) => a.deliveryId, (a) => a);
    return rows.map((r) => ({ ...r, attempts: byDelivery.get(r.id)! }));
  }

  const page = (where: SQL, limit: number, beforeMs?: number) =>
    withAttempts(db.select().from(deliveries)
      .where(and(where, beforeMs === undefined ? undefined : lt(deliveries.createdAt, beforeMs)))
      .orderBy(desc(deliveries.createdAt), desc(deliveries.id)).limit(limit).all());

  return {
    /**
     * Queued for the sender, due at once; returns the new ids. A plain prepared insert: it runs inside every alerting flip.
     * With `suppressedReason` the rows are only logged, as suppressed with that reason.
     */
    enqueue(rows: NewDelivery[], now: number, suppressedReason?: WhyNotReason): string[] {
      const json = new Map<object, string>(); // one message shared by several channels is encoded once
      return rows.map((r) => {
        const id = newId();
        let message = json.get(r.message);
        if (message === undefined) json.set(r.message, (message = JSON.stringify(r.message)));
        if (suppressedReason === undefined) insert.run(id, r.channelId, r.monitorId, r.incidentId, r.event, message, now, now);
        else insertSuppressed.run(id, r.channelId, r.monitorId, r.incidentId, r.event, suppressedReason, message, now);
        return id;
      });
    },
    byId: (id: string): DeliveryRow | undefined => db.select().from(deliveries).where(eq(deliveries.id, id)).get(),
    /** Channels with at least one delivery due by `now`. */
    dueChannels: (now: number): string[] => (dueChannels.all(now) as { id: string }[]).map((r) => r.id),
    /** A channel's due deliveries, oldest first. */
    dueOf: (channelId: string, now: number, limit: number): DeliveryRow[] =>
      db.select().from(deliveries).where(dueIn(channelId, now))
        .orderBy(asc(deliveries.nextAttemptAt), asc(deliveries.id)).limit(limit).all(),
    readyOf: (channelId: string, now: number, groupFrom: number): DeliveryRow | undefined =>
      db.select().from(deliveries).where(and(dueIn(channelId, now), sql`NOT (${GROUPABLE} AND ${deliveries.createdAt} > ${groupFrom})`))
        .orderBy(asc(deliveries.nextAttemptAt), asc(deliveries.id)).limit(1).get(),
    groupableOf: (channelId: string, now: number, from: number, to: number): DeliveryRow[] =>
      db.select().from(deliveries).where(and(dueIn(channelId, now), GROUPABLE, between(deliveries.createdAt, from, to)))
        .orderBy(asc(deliveries.createdAt), asc(deliveries.id)).all(),
    quietHeldChannels: (): string[] =>
      db.selectDistinct({ id: deliveries.channelId }).from(deliveries).where(QUIET_HELD).all().map((r) => r.id),
    quietHeldOf: (channelId: string): DeliveryRow[] =>
      db.select().from(deliveries).where(and(eq(deliveries.channelId, channelId), QUIET_HELD))
        .orderBy(asc(deliveries.createdAt), asc(deliveries.id)).all(),
    markCarried: (ids: string[], carriedBy: string) =>
      void db.update(deliveries).set({ carriedBy }).where(inArray(deliveries.id, ids)).run(),
    earliestDue: (): number | null => (earliestDue.get() as { at: number | null }).at,
    /** Takes a due delivery for one send, until `leaseUntil`; false when someone else has it or it is done. */
    claim: (id: string, now: number, leaseUntil: number): boolean => claim.run(leaseUntil, id, now).changes === 1,
    recordAttempt: (attempt: NewAttempt) => db.insert(deliveryAttempts).values(attempt).run(),
    markSent: (id: string, at: number) =>
      db.update(deliveries).set({ state: "sent", sentAt: at, nextAttemptAt: null }).where(and(eq(deliveries.id, id), OPEN)).run(),
    markRetry: (id: string, nextAttemptAt: number) =>
      db.update(deliveries).set({ state: "retrying", nextAttemptAt }).where(and(eq(deliveries.id, id), OPEN)).run(),
    markFailed: (id: string, reason: string | null) =>
      db.update(deliveries).set({ state: "failed", reason, nextAttemptAt: null }).where(and(eq(deliveries.id, id), OPEN)).run(),
    /** Folds open deliveries into another one (a summary): they are done, with the reason saying where they went. */
    suppress: (ids: string[], reason: WhyNotReason, carriedBy?: string) =>
      db.update(deliveries).set({ state: "suppressed", reason, carriedBy: carriedBy ?? null, nextAttemptAt: null })
        .where(and(inArray(deliveries.id, ids), OPEN)).run(),
    alertedChannelIdsOf: (incidentId: string): string[] => (alertedChannels.all(incidentId) as { id: string }[]).map((r) => r.id),
    /** The incident's down deliveries the sender has not taken yet. */
    unsentDownOf: (incidentId: string, now: number): DeliveryRow[] =>
      db.select().from(deliveries).where(unsentDown(incidentId, now)).all(),
    /** Holds back the incident's unsent down deliveries; returns how many. */
    suppressUnsentDown: (incidentId: string, reason: WhyNotReason, now: number): number =>
      db.update(deliveries).set({ state: "suppressed", reason, nextAttemptAt: null }).where(unsentDown(incidentId, now))
        .returning({ id: deliveries.id }).all().length,
    setMessage: (id: string, message: Record<string, unknown>) => db.update(deliveries).set({ message }).where(eq(deliveries.id, id)).run(),
    attemptsOf: (id: string): DeliveryAttemptRow[] =>
      db.select().from(deliveryAttempts).where(eq(deliveryAttempts.deliveryId, id)).orderBy(asc(deliveryAttempts.at)).all(),
    listForChannel: (channelId: string, limit: number, beforeMs?: number) => page(eq(deliveries.channelId, channelId), limit, beforeMs),
    listForMonitor: (monitorId: string, limit: number, beforeMs?: number) => page(eq(deliveries.monitorId, monitorId), limit, beforeMs),
    /** Deliveries waiting to be sent, of these organizations' channels. */
    pendingCountIn: (organizationIds: string[]): number =>
      organizationIds.length === 0 ? 0 : db.select({ n: sql<number>`count(*)` }).from(deliveries)
        .innerJoin(channels, eq(channels.id, deliveries.channelId))
        .where(and(OPEN, inArray(channels.organizationId, organizationIds))).get()!.n,
  };
}
