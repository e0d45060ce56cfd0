// Several upbeats on one PostgreSQL share the checks. Each instance beats every few seconds and holds a fair
// share of the scheduled monitors through leases (store.cluster): it claims free ones up to its share, gives
// back what is over it when another instance joins, takes over the monitors of an instance that stopped beating,
// and follows edits made through the other instances. A lease is valid while its holder beats, so a monitor is
// checked by exactly one live instance; one whose holder died waits at most LEASE_TIMEOUT_MS to be taken over.
import type { MonitorRow } from "../domain/types.ts";
import { probeKinds } from "../probes/registry.ts";
import { checksFrom, type Scheduler } from "../scheduler/scheduler.ts";
import type { ClusterStore } from "../store/store.ts";

import { BEAT_MS, LEASE_TIMEOUT_MS } from "./timings.ts";

export { BEAT_MS, LEASE_TIMEOUT_MS };
/** Monitors claimed a statement: 100,000 free ones (a first start) are taken in a few steps, not one huge answer. */
const CLAIM_BATCH = 5_000;
/** The part of the lease timeout after its last beat during which this instance trusts its leases. */
const FRESH_SHARE = 0.8;
/** A takeover round runs this long after another instance's lease runs out (timers may fire a little early). */
const EXPIRY_MARGIN_MS = 50;
/** The part of the lease timeout between two beats after which this instance checks which leases it still has. */
const LATE_SHARE = 0.5;
/** Rounds between counts of the scheduled monitors and leases when nothing seemed to change (a minute at 2 s). */
const RECOUNT_ROUNDS = 30;

export interface ClusterMemberOptions {
  cluster: ClusterStore;
  instanceId: string;
  region: string | null;
  beatMs?: number;
  leaseTimeoutMs?: number;
  /** a round of its own when another instance's lease runs out (default on; tests that step every round turn it off) */
  watchExpiries?: boolean;
}

export interface ClusterMember {
  holds(monitorId: string): boolean;
  /** Begins beating and claiming for this scheduler. */
  start(scheduler: Scheduler): void;
  /** One round now: beat, take or give back, follow edits (tests step rounds themselves). */
  round(): void;
  /** Stops claiming (the server is stopping; its running checks finish and are stored). */
  halt(): void;
  /** Then gives every lease back at once. */
  leave(): void;
}

/**
 * How many monitors this instance should hold: each live instance ends with ⌊n/live⌋ or ⌈n/live⌉. While one holds
 * fewer than ⌊n/live⌋ (it just joined) the others keep only that many, so what they give back goes to it.
 */
export function fairShare(scheduled: number, shares: number[]): number {
  const live = Math.max(1, shares.length);
  const smaller = Math.floor(scheduled / live);
  return shares.some((n) => n < smaller) ? smaller : Math.ceil(scheduled / live);
}

export function createClusterMember(options: ClusterMemberOptions): ClusterMember {
  const { cluster, instanceId, region } = options;
  const beatMs = options.beatMs ?? BEAT_MS;
  const timeoutMs = options.leaseTimeoutMs ?? LEASE_TIMEOUT_MS;
  const scheduledKinds = probeKinds().filter((kind) => kind.check).map((kind) => kind.name);
  const isScheduled = (m: MonitorRow) => scheduledKinds.includes(m.kind) && !m.isPaused && checksFrom(m, region);
  // monitors listing no regions are shared by every instance (pool ''); those listing this one's, by its region's
  const pools = region === null ? [""] : ["", region];
  const poolOf = (m: MonitorRow) => (m.regions.length === 0 ? "" : region!);
  /** held monitors, with the pool each lease is in */
  const held = new Map<string, string>();
  /** how many of them are in each pool (what the beat reports) */
  const heldIn = new Map<string, number>(pools.map((pool) => [pool, 0]));
  /** the newest monitor change number when edits were last looked for (numbered by the database, not by a clock) */
  let lookedAfter = 0;
  /** when the last beat that went through was sent (this process's monotonic clock) */
  let beatSentAt = -Infinity;
  /** the scheduled monitors of each pool when last counted: counted again only after a change */
  let scheduledIn = new Map<string, number>();
  /** the change counter at the last round, and how many rounds ago it moved (a change commits a moment later) */
  let counterSeen = -1;
  let roundsSinceChange = 0;
  /** set when a claim found fewer free monitors than the counts said (deleted ones, counted before they were) */
  let countsDoubtful = true;
  let roundNumber = 0;
  let scheduler: Scheduler | null = null;
  let timer: ReturnType<typeof setInterval> | null = null;
  /** a round at the moment a silent instance's lease runs out, not up to a beat later */
  let takeoverTimer: ReturnType<typeof setTimeout> | null = null;

  const hold = (id: string, pool: string) => {
    const before = held.get(id);
    if (before === pool) return;
    if (before !== undefined) heldIn.set(before, heldIn.get(before)! - 1);
    held.set(id, pool);
    heldIn.set(pool, heldIn.get(pool)! + 1);
  };
  const unhold = (id: string) => {
    const pool = held.get(id);
    if (pool === undefined) return;
    held.delete(id);
    heldIn.set(pool, heldIn.get(pool)! - 1);
  };
  const take = (m: MonitorRow, schedule: (m: MonitorRow) => void) => {
    hold(m.id, poolOf(m));
    schedule(m);
  };
  /** the counts the last beat reported */
  const reported = new Map<string, number>();
  const beat = () => {
    cluster.beat(instanceId, region, heldIn);
    for (const [pool, n] of heldIn) reported.set(pool, n);
  };

  function round(): void {
    if (!scheduler) return;
    const sending = performance.now();
    // silent this long, this instance may have been thought dead and its monitors taken over
    const late = sending - beatSentAt > timeoutMs * LATE_SHARE;
    beat();
    beatSentAt = sending;
    // results stored right after each beat: if this process dies, the checks it loses all ran after its last beat,
    // so their monitors wait at most one interval + the lease timeout for the next holder
    scheduler.flush();
    const counter = cluster.changeCounter();
    roundsSinceChange = counter === counterSeen ? roundsSinceChange + 1 : 0;
    counterSeen = counter;
    roundNumber += 1;
    // the steady state reads no whole table: the counts (and edits) are looked at again only around a change, after a
    // pause, when a claim found them wrong, and every RECOUNT_ROUNDS rounds in case a change committed later than that
    const recount = late || countsDoubtful || roundsSinceChange <= 1 || roundNumber % RECOUNT_ROUNDS === 0;
    if (recount && cluster.heldCount(instanceId) !== held.size) settle(new Set(cluster.heldIds(instanceId)), scheduler);
    if (recount) {
      scheduledIn = new Map(pools.map((pool) => [pool, cluster.scheduledCount(scheduledKinds, pool)]));
      countsDoubtful = false;
    }
    if (recount) followEdits(scheduler); // an edit moves the counter too
    beatIfChanged(); // the shares below include this instance's own row
    for (const pool of pools) balance(pool, scheduler);
    beatIfChanged(); // the others' shares see it this round
    watchExpiry();
  }

  function beatIfChanged(): void {
    if (pools.some((pool) => heldIn.get(pool) !== reported.get(pool))) beat();
  }

  function followEdits({ follow }: Pick<Scheduler, "follow">): void {
    // read before the edits: one committed after this read has a larger number, and is found next round
    const newest = cluster.newestChange();
    const edited = cluster.editedAfter(instanceId, lookedAfter);
    lookedAfter = Math.max(lookedAfter, newest); // the newest can go down when its monitor is deleted
    const rows = edited.length > 0 ? cluster.rowsOf(edited) : [];
    const kept = (m: MonitorRow) => isScheduled(m) && poolOf(m) === held.get(m.id);
    for (const m of rows.filter(kept)) take(m, follow);
    const unscheduled = rows.filter((m) => !kept(m)).map((m) => m.id);
    if (unscheduled.length > 0) giveBack(unscheduled); // paused, or its regions changed: it counts in no share of this pool
  }

  /** Claims up to this instance's fair share of the pool, or gives back what is over it. */
  function balance(pool: string, { adopt }: Pick<Scheduler, "adopt">): void {
    const shares = cluster.liveShares(timeoutMs, pool);
    const scheduled = scheduledIn.get(pool)!;
    const share = fairShare(scheduled, shares);
    const mine = () => [...held].filter(([, p]) => p === pool).map(([id]) => id);
    const count = heldIn.get(pool)!;
    // every scheduled monitor held by a live instance: nothing to look for (a dead one's leases count in no share)
    const free = scheduled - shares.reduce((sum, n) => sum + n, 0);
    if (count < share && free > 0) {
      // in seq order, each batch after the last one's end: a first start's 100,000 are one pass over the table
      for (let want = Math.min(CLAIM_BATCH, share - count), afterSeq = 0; want > 0; want = Math.min(CLAIM_BATCH, share - heldIn.get(pool)!)) {
        const claimed = cluster.claim(instanceId, scheduledKinds, want, timeoutMs, afterSeq, pool);
        for (const m of claimed) take(m, adopt);
        if (claimed.length < want) {
          // nothing more is free: if the counts said there was, they are off (a deletion), so count again next round
          countsDoubtful ||= claimed.length < Math.min(want, free);
          break;
        }
        afterSeq = claimed.at(-1)!.seq;
        beat(); // a long first claim must not outlast this instance's own lease
      }
    } else if (count > share) {
      giveBack(mine().slice(share));
    }
  }

  function watchExpiry(): void {
    if (takeoverTimer) clearTimeout(takeoverTimer);
    takeoverTimer = null;
    const expiresInMs = cluster.nextExpiry(instanceId, timeoutMs);
    if (options.watchExpiries !== false && expiresInMs !== null && expiresInMs < beatMs) takeoverTimer = setTimeout(safeRound, Math.max(0, expiresInMs) + EXPIRY_MARGIN_MS);
  }

  function giveBack(monitorIds: string[]): void {
    scheduler?.drop(monitorIds);
    cluster.release(instanceId, monitorIds);
    for (const id of monitorIds) unhold(id);
  }

  /** Holds exactly the leases the database says this instance has. */
  function settle(leased: Set<string>, { adopt }: Pick<Scheduler, "adopt">): void {
    // fewer: monitors deleted, or taken over while this instance was thought dead (a long pause)
    const lost = [...held.keys()].filter((id) => !leased.has(id));
    scheduler?.drop(lost);
    for (const id of lost) unhold(id);
    // more: a claim committed but its answer never came (the connection's timeout); left alone, nobody would check them
    const unknown = [...leased].filter((id) => !held.has(id));
    if (unknown.length === 0) return;
    const rows = cluster.rowsOf(unknown);
    for (const m of rows.filter(isScheduled)) take(m, adopt);
    const unwanted = rows.filter((m) => !isScheduled(m)).map((m) => m.id);
    if (unwanted.length > 0) cluster.release(instanceId, unwanted);
  }

  function safeRound(): void {
    try {
      round();
    } catch (error) {
      // the database may be away for a moment: the leases outlive a few missed beats
      console.error(`upbeat: cluster round failed: ${(error as Error).message}`);
    }
  }

  return {
    // after a stall (a frozen process, a starved CPU) the others may have taken the monitors over: no check starts
    // until a beat goes through again and the next round says which are still held
    holds: (monitorId) => held.has(monitorId) && performance.now() - beatSentAt < timeoutMs * FRESH_SHARE,
    start(forScheduler) {
      scheduler = forScheduler;
      safeRound();
      timer = setInterval(safeRound, beatMs);
    },
    round,
    halt() {
      if (timer) clearInterval(timer);
      if (takeoverTimer) clearTimeout(takeoverTimer);
      timer = null;
      takeoverTimer = null;
      scheduler = null;
    },
    leave() {
      this.halt();
      for (const id of [...held.keys()]) unhold(id);
      cluster.leave(instanceId);
    },
  };
}
