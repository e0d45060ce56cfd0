// A source's history written as upbeat's own: checks, pulses, and hourly roll-ups for the finished hours.
import type { CheckRollupRow, MonitorRow } from "../domain/types.ts";
import { floorHour, summarizeByHour } from "../history/rollup.ts";
import { addToSketch, encodeSketch } from "../history/sketch.ts";
import { newId } from "../ids.ts";
import type { Store } from "../store/index.ts";
import type { HourHistory, MonitorHistory } from "./plan.ts";

/** A source's hour has its average, not each time: its sketch puts every check in the average's bucket. */
function rollupOf(seq: number, h: HourHistory): CheckRollupRow {
  const sketch = new Map<number, number>();
  addToSketch(sketch, h.avgMs);
  const [bucket] = sketch.keys();
  sketch.set(bucket!, h.checks);
  return {
    monitorSeq: seq, hourStart: h.hourStart, checks: h.checks, upChecks: h.upChecks, responseTimeSumMs: Math.round(h.avgMs * h.checks),
    responseTimeMinMs: Math.round(h.minMs), responseTimeMaxMs: Math.round(h.maxMs), responseTimeSketch: encodeSketch(sketch),
  };
}

export function writeHistory(store: Store, monitor: MonitorRow, history: MonitorHistory, now: number): void {
  store.checks.insertMany(history.checks.map((c) => ({ monitorSeq: monitor.seq, ...c })));
  for (const p of history.pulses) {
    store.pulses.insert({
      monitorSeq: monitor.seq, id: newId(), type: p.type, exitCode: null, durationMs: p.durationMs, body: p.body,
      sourceIp: null, userAgent: null, rid: null, receivedAt: p.receivedAt,
    });
  }
  // the source's statistics where it kept them; the imported checks' own summary for other finished hours
  const given = new Set(history.hours.map((h) => h.hourStart));
  const finished = history.checks.filter((c) => c.checkedAt < floorHour(now) && !given.has(floorHour(c.checkedAt)));
  store.rollups.save([...history.hours.map((h) => rollupOf(monitor.seq, h)), ...summarizeByHour(monitor.seq, finished)]);
}
