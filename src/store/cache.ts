// A small read-through cache for hot lookups (auth, access checks). On the SQLite file this process is the
// only writer, so the code that owns a cache clears entries on its own writes; the TTL bounds anything else
// (a CLI command writing the same file). Where other instances write the same database (store.cluster),
// memory above the store keeps rows only as long as `keepFor` says: they change without this process hearing.
import type { Store } from "./store.ts";

// Reading a clock costs ~0.3 µs on this kind of VM, and a GET of one monitor asked one per remembered lookup
// (~8, a tenth of its CPU) for TTLs of seconds: the caches read a time refreshed at most every 100 ms instead,
// by a timer armed only while they are read.
const COARSE_MS = 100;
let coarse = 0;
let fresh = false;

/** performance.now() as of at most 100 ms ago: for TTLs, not for measuring. */
export function coarseNow(): number {
  if (!fresh) {
    coarse = performance.now();
    fresh = true;
    setTimeout(() => (fresh = false), COARSE_MS).unref();
  }
  return coarse;
}

/** How long to keep what was read: `ms` when this process is the only writer, `sharedMs` (0: not at all) when it shares the store. */
export const keepFor = (store: Pick<Store, "cluster">, ms: number, sharedMs = 0): number => (store.cluster ? sharedMs : ms);

export class BoundedCache<K, V> {
  private readonly entries = new Map<K, { value: V; storedAt: number }>();

  /** A TTL of 0 or less keeps nothing: every get reads through. */
  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  get(key: K, load: () => V): V {
    if (this.ttlMs <= 0) return load();
    const now = coarseNow();
    const hit = this.entries.get(key);
    if (hit && now - hit.storedAt < this.ttlMs) return hit.value;
    const value = load();
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(key, { value, storedAt: now });
    return value;
  }

  delete(key: K): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}
