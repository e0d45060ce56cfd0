// A mergeable response-time histogram: buckets 10 % wide, so hourly roll-ups can give a window's p95.
export type Sketch = Map<number, number>;

const GROWTH = Math.log(1.1);

const bucketOf = (ms: number): number => (ms <= 1 ? 0 : Math.ceil(Math.log(ms) / GROWTH));
const upperBoundOf = (bucket: number): number => Math.round(Math.exp(bucket * GROWTH));

export function addToSketch(sketch: Sketch, ms: number): void {
  const bucket = bucketOf(ms);
  sketch.set(bucket, (sketch.get(bucket) ?? 0) + 1);
}

export function mergeSketch(into: Sketch, text: string): void {
  if (text === "") return;
  for (const pair of text.split(",")) {
    const [bucket, count] = pair.split(":").map(Number);
    into.set(bucket!, (into.get(bucket!) ?? 0) + count!);
  }
}

export const encodeSketch = (sketch: Sketch): string =>
  [...sketch].sort((a, b) => a[0] - b[0]).map(([bucket, count]) => `${bucket}:${count}`).join(",");

/** The value at rank ceil(q·n), to within one bucket (≤ 10 % high), never above `maxMs`. */
export function sketchQuantile(sketch: Sketch, q: number, maxMs: number): number | null {
  const total = [...sketch.values()].reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(total * q));
  let seen = 0;
  for (const [bucket, count] of [...sketch].sort((a, b) => a[0] - b[0])) {
    seen += count;
    if (seen >= rank) return Math.min(upperBoundOf(bucket), maxMs);
  }
  return maxMs;
}
