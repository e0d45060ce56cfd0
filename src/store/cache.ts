// A small read-through cache for hot lookups (auth, access checks). This process is the only writer,
// so the store that owns a cache clears entries on its own writes; the TTL bounds anything else
// (a CLI command writing the same file).
export class BoundedCache<K, V> {
  private readonly entries = new Map<K, { value: V; storedAt: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  get(key: K, load: () => V): V {
    const now = performance.now();
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
