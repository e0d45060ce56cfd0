// Buffers check results and writes them in one transaction per batch: a check is not worth an fsync of its own.
import type { CheckRow } from "../domain/types.ts";
import type { Store } from "../store/index.ts";
import type { CheckProgress } from "../store/store.ts";

const FLUSH_EVERY_MS = 1000;
const FLUSH_AT_ROWS = 5000;

export function createCheckWriter(store: Store, onGone: (monitorSeq: number) => void) {
  let rows: CheckRow[] = [];
  let progress = new Map<number, CheckProgress>();
  const timer = setInterval(() => flush(), FLUSH_EVERY_MS);
  timer.unref?.();

  function flush(): void {
    if (rows.length === 0 && progress.size === 0) return;
    const batch = rows;
    const batchProgress = progress;
    rows = [];
    progress = new Map();
    try {
      for (const seq of store.checks.record(batch, batchProgress.values())) onGone(seq);
    } catch (error) {
      console.error(`upbeat: could not store ${batch.length} check results: ${(error as Error).message}`);
    }
  }

  return {
    add(row: CheckRow, next: CheckProgress): void {
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
