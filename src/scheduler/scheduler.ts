// When to check what: every active uptime monitor once per interval, spread over the interval,
// at most `maxConcurrent` checks in flight, results batched to the store, status flips recorded once.
import type { CheckRow, MonitorRow } from "../domain/types.ts";
import type { MonitorChange, MonitorService } from "../monitors/service.ts";
import type { StatusChanges } from "../monitors/status.ts";
import { isPinged } from "../probes/registry.ts";
import type { Details } from "../probes/result.ts";
import type { Store } from "../store/index.ts";
import type { Clock } from "../time.ts";
import { createCheckWriter } from "./check-writer.ts";
import { DueQueue } from "./due-queue.ts";
import { checkSettingsKey, monitorCheck, type MonitorCheck } from "./monitor-check.ts";
import { afterCheck } from "./status.ts";
import { settleRegions } from "../monitors/regions.ts";

interface Job {
  monitorId: string;
  monitorSeq: number;
  settingsKey: number;
  intervalMs: number;
  retries: number;
  recoveryChecks: number;
  status: MonitorRow["status"];
  failStreak: number;
  successStreak: number;
  check: MonitorCheck;
  /** checked from several regions: its status comes from every region's latest result */
  regional: boolean;
  dueAt: number;
  /** replaced by a newer job (edit), paused or deleted: its queue entry and results are ignored */
  cancelled: boolean;
}

export interface SchedulerOptions {
  store: Store;
  monitors: Pick<MonitorService, "onChange">;
  statusChanges: Pick<StatusChanges, "change">;
  clock: Clock;
  maxConcurrent: number;
  /** hears of each batch of results once it is stored (the live event stream) */
  onChecksRecorded?: (checks: RecordedCheck[]) => void;
  /** called as each check starts, with how late it is against its plan (for benchmarks and metrics) */
  onCheckStarted?: (lagMs: number) => void;
  /**
   * Several instances share the monitors (cluster/member.ts): this one checks only those it holds, handed over
   * through adopt() and drop(); local edits of monitors it does not hold are left to their holder.
   */
  shared?: { holds(monitorId: string): boolean };
  /** this instance's UPBEAT_REGION and its id: recorded with each check; monitors listing other regions are theirs */
  region?: { id: number; name: string } | null;
}

/** A stored check result and the monitor it belongs to. */
export type RecordedCheck = CheckRow & { monitorId: string };

/** Details are a few facts; a probe that sends more has them dropped rather than bloat every monitor read. */
const MAX_DETAILS_CHARS = 2048;

function detailsJson(details: Details | undefined): string | null {
  if (!details) return null;
  const text = JSON.stringify(details);
  return text.length <= MAX_DETAILS_CHARS ? text : null;
}

/** Longest sleep between looks at the queue, so a clock moved by a test is noticed soon. */
const MAX_SLEEP_MS = 1000;
/** Due checks start together at most this often: one wake-up per batch costs far less CPU than one per check. */
const BATCH_MS = 100;

/** Whether an instance in `region` checks the monitor: any instance when it lists no regions, else only its regions'. */
export const checksFrom = (m: Pick<MonitorRow, "regions">, region: string | null) => m.regions.length === 0 || (region !== null && m.regions.includes(region));

export function createScheduler(options: SchedulerOptions) {
  const { store, clock, maxConcurrent } = options;
  const region = options.region ?? null;
  const isScheduled = (m: MonitorRow) => !isPinged(m.kind) && !m.isPaused && checksFrom(m, region?.name ?? null);
  const jobs = new Map<string, Job>();
  const queue = new DueQueue<Job>();
  /** popped from the queue because due, waiting for a free slot under the cap; oldest first */
  let ready: Job[] = [];
  let readyHead = 0;
  let running = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  /** when the timer fires next */
  let tickAt = Infinity;
  let stopped = false;
  let unsubscribe: (() => void) | null = null;
  const shutdown = new AbortController();
  const idle = new Set<() => void>();
  const writer = createCheckWriter<RecordedCheck>(store, (seq) => {
    for (const job of jobs.values()) if (job.monitorSeq === seq) remove(job.monitorId);
  }, options.onChecksRecorded);

  function jobFor(m: MonitorRow, dueAt: number): Job {
    return {
      monitorId: m.id, monitorSeq: m.seq, settingsKey: checkSettingsKey(m), intervalMs: m.intervalSeconds * 1000,
      retries: m.retries, recoveryChecks: m.recoveryChecks, status: m.status, failStreak: m.failStreak,
      successStreak: m.successStreak, check: monitorCheck(m), regional: m.regions.length > 0, dueAt, cancelled: false,
    };
  }

  function enqueue(job: Job): void {
    jobs.set(job.monitorId, job);
    queue.push(job);
    if (job.dueAt < tickAt) wake();
  }

  function remove(monitorId: string): void {
    const job = jobs.get(monitorId);
    if (!job) return;
    job.cancelled = true;
    jobs.delete(monitorId);
  }

  function onChange(change: MonitorChange): void {
    const m = change.monitor;
    const current = jobs.get(m.id);
    if (change.type === "deleted" || !isScheduled(m) || (options.shared && !options.shared.holds(m.id))) {
      remove(m.id);
      if (change.type === "deleted") writer.drop(m.seq);
      return;
    }
    const unchanged = current !== undefined && current.settingsKey === checkSettingsKey(m);
    if (unchanged) {
      // same checks, same place in the schedule; status and retries may have been edited
      current.retries = m.retries;
      current.recoveryChecks = m.recoveryChecks;
      current.status = m.status;
      current.failStreak = m.failStreak;
      current.successStreak = m.successStreak;
      current.regional = m.regions.length > 0;
      return;
    }
    remove(m.id);
    enqueue(jobFor(m, clock()));
  }

  /** Moves every job due by now to the ready list and starts as many as the cap allows. */
  function startDue(): void {
    const now = clock();
    for (let job = queue.peek(); job && job.dueAt <= now; job = queue.peek()) {
      queue.pop();
      if (!job.cancelled) ready.push(job);
    }
    startReady();
  }

  function startReady(): void {
    while (running < maxConcurrent && readyHead < ready.length) {
      const job = ready[readyHead++]!;
      if (job.cancelled) continue;
      if (options.shared && !options.shared.holds(job.monitorId)) {
        // not sure this instance still holds it (a stall): the member's next round keeps or drops it
        job.dueAt = clock() + MAX_SLEEP_MS;
        queue.push(job);
      } else void run(job);
    }
    if (readyHead === ready.length) {
      ready = [];
      readyHead = 0;
    } else if (readyHead > 1024 && readyHead * 2 > ready.length) {
      ready = ready.slice(readyHead);
      readyHead = 0;
    }
  }

  async function run(job: Job): Promise<void> {
    running++;
    const startedAt = clock();
    options.onCheckStarted?.(startedAt - job.dueAt);
    try {
      const result = await job.check(shutdown.signal);
      if (!job.cancelled && !shutdown.signal.aborted) settle(job, startedAt, result);
    } catch (error) {
      console.error(`upbeat: check of monitor ${job.monitorId} failed: ${(error as Error).message}`);
    } finally {
      running--;
      if (!job.cancelled && !stopped) {
        job.dueAt = nextDueAt(job, startedAt);
        // no wake-up: even when late it is picked up by the next batch
        queue.push(job);
      }
      startReady();
      if (running === 0) idle.forEach((resolve) => resolve());
    }
  }

  /**
   * Keeps the monitor's phase; after a stall (suspend, overload) runs late once instead of catching up: the slots
   * that passed before this check started are skipped, so it is not run again at once for a slot it just covered.
   */
  function nextDueAt(job: Job, startedAt: number): number {
    const missed = Math.max(0, Math.floor((startedAt - job.dueAt) / job.intervalMs));
    return Math.max(job.dueAt + (missed + 1) * job.intervalMs, clock());
  }

  function settle(job: Job, checkedAt: number, result: Awaited<ReturnType<MonitorCheck>>): void {
    const next = afterCheck(job, result.isUp);
    if (job.regional) settleRegional(job, checkedAt, result);
    else if (next.status !== job.status) {
      const flip = { monitorId: job.monitorId, from: job.status, to: next.status, reason: result.errorMessage, at: checkedAt, checkedAt, certificate: result.expiring };
      if (options.statusChanges.change(flip)) job.status = next.status;
      else {
        // someone else moved it (an edit reset it, a racing check): follow the stored status
        const stored = store.monitors.byId(job.monitorId);
        if (!stored) return remove(job.monitorId);
        job.status = stored.status;
      }
    }
    job.failStreak = next.failStreak;
    job.successStreak = next.successStreak;
    writer.add(
      {
        monitorId: job.monitorId, monitorSeq: job.monitorSeq, checkedAt, isUp: result.isUp, statusCode: result.statusCode,
        responseTimeMs: result.responseTimeMs, errorMessage: result.isUp ? null : result.errorMessage, regionId: region?.id ?? 0,
      },
      {
        monitorSeq: job.monitorSeq, lastCheckedAt: checkedAt, nextDueAt: nextDueAt(job, checkedAt), failStreak: job.failStreak, successStreak: job.successStreak,
        details: detailsJson(result.details),
      },
    );
  }

  /**
   * A multi-location monitor: this region's result joins the others' latest, and the status follows them all. The flip
   * starts from the stored status (another region's instance may have moved it), so a race still flips it once.
   */
  function settleRegional(job: Job, checkedAt: number, result: Awaited<ReturnType<MonitorCheck>>): void {
    const rows = store.regions.record({
      monitorSeq: job.monitorSeq, regionId: region?.id ?? 0, checkedAt, isUp: result.isUp, errorMessage: result.isUp ? null : result.errorMessage,
    }, job);
    const stored = store.monitors.byId(job.monitorId);
    if (!stored) return remove(job.monitorId);
    settleRegions(store, options.statusChanges, stored, rows, namesOf(rows), { at: checkedAt, checkedAt, certificate: result.expiring });
  }

  /** Region labels by id: an id never changes its label, so only a region not seen yet is read again. */
  let regionNames = new Map<number, string>();
  function namesOf(rows: { regionId: number }[]): Map<number, string> {
    if (rows.some((r) => !regionNames.has(r.regionId))) regionNames = store.regions.names();
    return regionNames;
  }

  /** A job due before the timer fires (a new or edited monitor) is started at once. */
  function wake(): void {
    if (stopped || timer === null) return;
    clearTimeout(timer);
    tickAt = clock();
    timer = setTimeout(tick, 0);
  }

  function tick(): void {
    if (stopped) return;
    startDue();
    const next = queue.peek();
    const sleepMs = next ? Math.min(MAX_SLEEP_MS, Math.max(BATCH_MS, next.dueAt - clock())) : MAX_SLEEP_MS;
    tickAt = clock() + sleepMs;
    timer = setTimeout(tick, sleepMs);
  }

  /** Resolves once no check is running (none left ready either: each finished check starts the next). */
  function whenIdle(): Promise<void> {
    if (running === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        idle.delete(done);
        resolve();
      };
      idle.add(done);
    });
  }

  /** Loads active monitors, spreading overdue ones over their interval, and follows edits from now on. */
  function load(): void {
    const now = clock();
    unsubscribe = options.monitors.onChange(onChange);
    if (options.shared) return; // adopt() hands this instance its share
    for (const m of store.monitors.active()) {
      if (!isScheduled(m)) continue;
      const intervalMs = m.intervalSeconds * 1000;
      const keepsPlace = m.nextDueAt !== null && m.nextDueAt > now && m.nextDueAt <= now + intervalMs;
      const dueAt = keepsPlace ? m.nextDueAt! : now + Math.floor(Math.random() * intervalMs);
      const job = jobFor(m, dueAt);
      jobs.set(job.monitorId, job);
      queue.push(job);
    }
  }

  return {
    load,

    /**
     * Starts checking a monitor another instance had (or nobody): at its stored next due time, so the schedule
     * keeps its phase across the handover; at once when that time has passed.
     */
    adopt(m: MonitorRow): void {
      remove(m.id);
      if (!isScheduled(m)) return;
      const now = clock();
      enqueue(jobFor(m, Math.min(Math.max(m.nextDueAt ?? now, now), now + m.intervalSeconds * 1000)));
    },

    /** An edit made through another instance, to a monitor this one holds. */
    follow: (m: MonitorRow) => onChange({ type: "saved", monitor: m }),

    /** Stops checking these monitors, and stores the results already in, so their next holder starts from them. */
    drop(monitorIds: Iterable<string>): void {
      const seqs = [...monitorIds].flatMap((id) => {
        const seq = jobs.get(id)?.monitorSeq;
        remove(id);
        return seq === undefined ? [] : [seq];
      });
      writer.flushNow();
      // a batch the database refused is kept to be sent again: not these monitors' rows, whose next holder has moved on
      for (const seq of seqs) writer.drop(seq);
    },

    /**
     * Sends the results in so far to be stored (a cluster member, right after its beat: see cluster/member.ts);
     * on PostgreSQL the checks go on meanwhile.
     */
    flush: () => writer.flush(),

    /** load(), then check whatever falls due, until stop(). */
    start(): void {
      load();
      timer = setTimeout(tick, 0);
    },

    /** Runs whatever is due now, waits for it and writes the results (tests drive the schedule with a moved clock). */
    async checkDue(): Promise<void> {
      startDue();
      await whenIdle();
      await writer.written();
    },

    /**
     * Stops scheduling, lets running checks finish for up to `graceMs`, cancels the rest, writes results (trying again
     * until `deadline`) and waits for them. Resolves to how many results could not be stored.
     */
    async stop(graceMs: number, deadline?: number): Promise<number> {
      stopped = true;
      unsubscribe?.();
      if (timer !== null) clearTimeout(timer);
      queue.clear();
      ready = [];
      readyHead = 0;
      if (running > 0) {
        await Promise.race([whenIdle(), Bun.sleep(graceMs)]);
        shutdown.abort();
      }
      return writer.close(deadline);
    },
  };
}

export type Scheduler = ReturnType<typeof createScheduler>;
