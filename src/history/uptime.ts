// Uptime over a window: hourly roll-ups for the hours they cover, raw checks for the edges and the open hour.
import type { Store } from "../store/index.ts";
import type { RawCheck } from "../store/rollups.ts";
import { HOUR_MS } from "./rollup.ts";
import { addToSketch, mergeSketch, sketchQuantile, type Sketch } from "./sketch.ts";

export interface UptimeStats {
  total: number;
  up: number;
  avgMs: number | null;
  p95Ms: number | null;
}

const ceilHour = (ms: number) => Math.ceil(ms / HOUR_MS) * HOUR_MS;

export function uptimeSince(store: Store, monitorSeq: number, sinceMs: number, nowMs: number): UptimeStats {
  const firstFullHour = ceilHour(sinceMs);
  const last = store.rollups.lastHour(monitorSeq);
  const rolledUntil = last === null ? firstFullHour : Math.max(firstFullHour, last + HOUR_MS);
  const rollups = store.rollups.between(monitorSeq, firstFullHour, rolledUntil);
  const raw: RawCheck[] = [
    ...store.rollups.rawBetween(monitorSeq, sinceMs, Math.min(firstFullHour, nowMs + 1)),
    ...store.rollups.rawBetween(monitorSeq, rolledUntil, nowMs + 1),
  ];

  let total = raw.length;
  let up = 0;
  let sumMs = 0;
  let maxMs = 0;
  for (const c of raw) {
    if (c.isUp) up++;
    sumMs += c.responseTimeMs;
    maxMs = Math.max(maxMs, c.responseTimeMs);
  }
  for (const r of rollups) {
    total += r.checks;
    up += r.upChecks;
    sumMs += r.responseTimeSumMs;
    maxMs = Math.max(maxMs, r.responseTimeMaxMs);
  }
  return { total, up, avgMs: total === 0 ? null : sumMs / total, p95Ms: p95(raw, rollups.map((r) => r.responseTimeSketch), maxMs) };
}

/** Exact from raw checks alone; through the merged sketch once roll-ups are involved. */
function p95(raw: RawCheck[], sketches: string[], maxMs: number): number | null {
  if (sketches.length === 0) {
    if (raw.length === 0) return null;
    const sorted = raw.map((c) => c.responseTimeMs).sort((a, b) => a - b);
    return sorted[Math.ceil(sorted.length * 0.95) - 1]!;
  }
  const sketch: Sketch = new Map();
  for (const text of sketches) mergeSketch(sketch, text);
  for (const c of raw) addToSketch(sketch, c.responseTimeMs);
  return sketchQuantile(sketch, 0.95, maxMs);
}
