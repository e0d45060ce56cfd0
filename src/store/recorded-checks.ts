// Checks this process has recorded per monitor since start: the Prometheus counter both stores keep
// (a restart resets it, as counters may). Process-local by nature: it counts this process's own writes.
import type { NewCheck } from "./store.ts";

export function recordedChecksCounter() {
  const recorded = new Map<number, number>();
  return {
    /** A batch was written; the rows of `gone` monitors were skipped, and their counts are forgotten. */
    add(rows: NewCheck[], gone: Set<number>): void {
      for (const r of rows) if (!gone.has(r.monitorSeq)) recorded.set(r.monitorSeq, (recorded.get(r.monitorSeq) ?? 0) + 1);
      for (const seq of gone) recorded.delete(seq);
    },
    of: (monitorSeq: number): number => recorded.get(monitorSeq) ?? 0,
  };
}
