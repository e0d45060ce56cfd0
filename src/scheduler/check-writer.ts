// Buffers check results and writes them in one transaction per batch: a check is not worth an fsync of its own.
import type { CheckRow } from "../domain/types.ts";
import type { Store } from "../store/index.ts";
import type { CheckProgress } from "../store/store.ts";

const FLUSH_EVERY_MS = 1000;
const FLUSH_AT_ROWS = 5000;

/**
 * `onRecorded` hears of every batch once it is committed (rows of monitors gone meanwhile left out): the one place
 * check results become visible, so live listeners never announce a check the database does not hold.
 */
export function createCheckWriter<R extends CheckRow>(store: Store, onGone: (monitorSeq: number) => void, onRecorded?: (rows: R[]) => void) {
  let rows: R[] = [];
  let progress = new Map<number, CheckProgress>();
  const timer = setInterval(() => flush(), FLUSH_EVERY_MS);
  timer.unref?.();

  function flush(): void {
    if (rows.length === 0 && progress.size === 0) return;
    const batch = rows;
    const batchProgress = progress;
    rows = [];
    progress = new Map();
    let gone: Set<number>;
    try {
      gone = store.checks.record(batch, batchProgress.values());
    } catch (error) {
      console.error(`upbeat: could not store ${batch.length} check results: ${(error as Error).message}`);
      return;
    }
    for (const seq of gone) onGone(seq);
    onRecorded?.(gone.size === 0 ? batch : batch.filter((r) => !gone.has(r.monitorSeq)));
  }

  return {
    add(row: R, next: CheckProgress): void {
      rows.push(row);
      // later results of the same monitor replace its progress, so a batch updates each monitor once
      progress.set(next.monitorSeq, next);
      if (rows.length >= FLUSH_AT_ROWS) flush();
    },
    /** Forget results not yet written for a monitor that is gone. */
    drop(monitorSeq: number): void {
      rows = rows.filter((r) => r.monitorSeq !== monitorSeq);
      progress.delete(monitorSeq);
    },
    flush,
    close(): void {
      clearInterval(timer);
      flush();
    },
  };
}

export type CheckWriter = ReturnType<typeof createCheckWriter>;
