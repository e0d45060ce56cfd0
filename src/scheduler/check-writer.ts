// Buffers check results and writes them in one transaction per batch: a check is not worth an fsync of its own.
// On PostgreSQL a batch is sent without holding the event loop (store.checks.recordLater), one at a time: a batch
// that fails goes back in front of the buffer and is sent again with the next flush.
import type { CheckRow } from "../domain/types.ts";
import type { Store } from "../store/index.ts";
import type { CheckProgress } from "../store/store.ts";

const FLUSH_EVERY_MS = 1000;
const FLUSH_AT_ROWS = 5000;
/** Results kept while the database refuses them (a minute at 100,000 monitors): beyond, the oldest are dropped, said so. */
const MAX_KEPT_ROWS = 200_000;
/** Attempts to store what is left when stopping, a second apart. */
const STOP_ATTEMPTS = 3;

/**
 * `onRecorded` hears of every batch once it is committed (rows of monitors gone meanwhile left out): the one place
 * check results become visible, so live listeners never announce a check the database does not hold.
 */
export function createCheckWriter<R extends CheckRow>(store: Store, onGone: (monitorSeq: number) => void, onRecorded?: (rows: R[]) => void) {
  let rows: R[] = [];
  let progress = new Map<number, CheckProgress>();
  const { recordLater } = store.checks;
  /** a batch is on its way (recordLater); a flush asked meanwhile sends the buffer as soon as it is answered */
  let sending = false;
  let flushAgain = false;
  /** the last batch was refused: a full buffer waits for the timer, not a write per result against a database that is away */
  let refused = false;
  const whenSent = new Set<() => void>();
  /** stopping: what is left is reported once by close(), not per refused attempt */
  let closing = false;
  const timer = setInterval(() => {
    refused = false;
    flush();
  }, FLUSH_EVERY_MS);
  timer.unref?.();

  function recorded(batch: R[], gone: Set<number>): void {
    for (const seq of gone) onGone(seq);
    onRecorded?.(gone.size === 0 ? batch : batch.filter((r) => !gone.has(r.monitorSeq)));
  }

  /** A batch the database refused: back in front of what came since (whose progress is newer), to be sent again. */
  function keep(batch: R[], batchProgress: Map<number, CheckProgress>, error: Error): void {
    rows = batch.concat(rows);
    for (const [seq, p] of batchProgress) if (!progress.has(seq)) progress.set(seq, p);
    const dropped = Math.max(0, rows.length - MAX_KEPT_ROWS);
    if (dropped > 0) rows = rows.slice(dropped);
    if (!closing) console.error(`upbeat: could not store ${batch.length} check results, will try again: ${error.message}` +
      (dropped > 0 ? ` (${dropped} oldest dropped: more than ${MAX_KEPT_ROWS} waiting)` : ""));
  }

  function flush(): void {
    if (rows.length === 0 && progress.size === 0) return;
    if (sending) {
      flushAgain = true;
      return;
    }
    const batch = rows;
    const batchProgress = progress;
    rows = [];
    progress = new Map();
    if (recordLater) return send(recordLater, batch, batchProgress);
    let gone: Set<number>;
    try {
      gone = store.checks.record(batch, batchProgress.values());
    } catch (error) {
      if (closing) rows = batch.concat(rows);
      else console.error(`upbeat: could not store ${batch.length} check results: ${(error as Error).message}`);
      return;
    }
    recorded(batch, gone);
  }

  function send(write: NonNullable<typeof recordLater>, batch: R[], batchProgress: Map<number, CheckProgress>): void {
    sending = true;
    write(batch, batchProgress.values(), (error, gone) => {
      sending = false;
      refused = error !== null;
      if (error) keep(batch, batchProgress, error);
      else recorded(batch, gone);
      if (flushAgain && !error) flush();
      flushAgain = false;
      if (!sending) for (const resolve of whenSent) resolve();
    });
  }

  /** Resolves once no batch is on its way (at once on SQLite, whose writes hold the caller). */
  const sent = (): Promise<void> =>
    sending ? new Promise((resolve) => whenSent.add(function done() { whenSent.delete(done); resolve(); })) : Promise.resolve();

  return {
    add(row: R, next: CheckProgress): void {
      rows.push(row);
      // later results of the same monitor replace its progress, so a batch updates each monitor once
      progress.set(next.monitorSeq, next);
      if (rows.length >= FLUSH_AT_ROWS && !refused) flush();
    },
    /** Forget results not yet written for a monitor that is gone. */
    drop(monitorSeq: number): void {
      rows = rows.filter((r) => r.monitorSeq !== monitorSeq);
      progress.delete(monitorSeq);
    },
    /** Sends what is in; on PostgreSQL without waiting for it. */
    flush,
    /** Sends what is in and blocks until it is stored (or refused): before leases are given back to another instance. */
    flushNow(): void {
      flush();
      store.checks.waitForWrites?.();
    },
    /** Flushes, then resolves once no write is on its way: what was in when called is stored, or reported refused. */
    async written(): Promise<void> {
      await sent();
      flush();
      await sent();
    },
    /**
     * Stops the timer and stores what is left, trying again a few times (until `deadline`) if the database refuses it.
     * Resolves to how many results could not be stored.
     */
    async close(deadline = Infinity): Promise<number> {
      clearInterval(timer);
      closing = true;
      for (let attempt = 1; ; attempt++) {
        await this.written();
        if (rows.length === 0 || attempt === STOP_ATTEMPTS || Date.now() + FLUSH_EVERY_MS >= deadline) break;
        await Bun.sleep(FLUSH_EVERY_MS);
      }
      return rows.length;
    },
  };
}

export type CheckWriter = ReturnType<typeof createCheckWriter>;
