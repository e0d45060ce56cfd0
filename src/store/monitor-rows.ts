// Monitor rows kept in memory for the API's reads: a GET of one monitor read the 40-column row each time
// (a fifth of its CPU). Every store method that writes the monitors table forgets the rows it wrote; a
// rolled-back transaction and a project's delete (its monitors cascade) forget them all. The TTL bounds
// anything else (a CLI command writing the same file), as in cache.ts.
import type { MonitorRow } from "../domain/types.ts";
import { coarseNow } from "./cache.ts";

const TTL_MS = 30_000;

export class MonitorRows {
  private readonly rows = new Map<string, { row: MonitorRow; storedAt: number }>();
  private readonly idBySeq = new Map<number, string>();

  /** At most `capacity` rows (the API's largest page); only the API's reads come through here, not the scheduler's. */
  constructor(readonly capacity = 1_000) {}

  /** The remembered row, else `load`'s. */
  get(id: string, load: () => MonitorRow | undefined): MonitorRow | undefined {
    const kept = this.peek(id);
    if (kept) return kept;
    const row = load();
    return row && this.put(row);
  }

  /** Remembers a row just read; frozen, since every reader shares it. */
  put(row: MonitorRow): MonitorRow {
    if (Object.isFrozen(row)) return row;
    Object.freeze(row.settings);
    this.remember(Object.freeze(row), coarseNow());
    return row;
  }

  /** A remembered row, or undefined (expired or never read). */
  peek(id: string): MonitorRow | undefined {
    const hit = this.rows.get(id);
    return hit && coarseNow() - hit.storedAt < TTL_MS ? hit.row : undefined;
  }

  forget(id: string): void {
    const hit = this.rows.get(id);
    if (!hit) return;
    this.rows.delete(id);
    this.idBySeq.delete(hit.row.seq);
  }

  forgetSeq(seq: number): void {
    const id = this.idBySeq.get(seq);
    if (id !== undefined) this.forget(id);
  }

  clear(): void {
    this.rows.clear();
    this.idBySeq.clear();
  }

  private remember(row: MonitorRow, now: number): void {
    this.forget(row.id);
    if (this.rows.size >= this.capacity) this.forget(this.rows.keys().next().value!); // the oldest
    this.rows.set(row.id, { row, storedAt: now });
    this.idBySeq.set(row.seq, row.id);
  }
}
