// Hands back the memory JavaScriptCore keeps after a burst of work (start-up, monitors created through the
// API): Bun.shrink() drops compiled code with its metadata and runs a full collection; code still in use is
// compiled again. A full GC alone frees almost nothing here (bench/README.md, memory), dropping the code does.

import { PLANNED_RAM_BYTES } from "./jsc-options.ts";

/** How often the resident size is looked at (process.memoryUsage.rss(): cheap). */
const LOOK_EVERY_MS = 10_000;
/** Growth above the lowest size seen since the last trim that counts as a burst worth trimming. */
const BURST_BYTES = 8 * 1024 * 1024;
/** Growth between two looks that means the burst is still going on: trimming then would be undone at once. */
const CALM_BYTES = 1024 * 1024;
/** Above the size the heap is planned for, a trim saves nothing measurable (100,000 monitors: the same steady size)
 * and its collections of a large heap stop the event loop for a few hundred ms. */
const LARGE_BYTES = PLANNED_RAM_BYTES;

export interface TrimPolicy {
  /** lowest resident size seen since the last trim; 0 at first, so start-up's code goes once */
  lowBytes: number;
  lastBytes: number;
  /** requests were in flight at the last look: a gap between two benchmark runs or API scripts is no quiet */
  lastBusy: boolean;
}

export const newTrimPolicy = (): TrimPolicy => ({ lowBytes: 0, lastBytes: 0, lastBusy: false });

/** Trims once a burst of growth has stopped, and only with no requests in flight at this look and the last one
 * (after a trim hot code runs slower until it is compiled again). */
export function shouldTrim(policy: TrimPolicy, rssBytes: number, busy: boolean): boolean {
  const calm = !busy && !policy.lastBusy && rssBytes <= policy.lastBytes + CALM_BYTES;
  policy.lastBytes = rssBytes;
  policy.lastBusy = busy;
  if (calm && rssBytes - policy.lowBytes > BURST_BYTES && rssBytes < LARGE_BYTES) {
    // the code still in use comes back compiled, a few MB: measured against the trimmed size, that is no burst
    policy.lowBytes = Infinity;
    return true;
  }
  policy.lowBytes = Math.min(policy.lowBytes, rssBytes);
  return false;
}

/** Bun.shrink() deletes no code while a collection is under way (JavaScriptCore's DeleteAllCodeIfNotCollecting),
 * and with the small heap of src/jsc-options.ts one often is: its full collection alone then frees almost nothing.
 * A synchronous collection just before finishes any under way. */
export function trimMemory(): void {
  Bun.gc(true);
  Bun.shrink();
}

export function startMemoryTrim(busy: () => boolean, trim: () => void = trimMemory, everyMs = LOOK_EVERY_MS): { stop(): void } {
  const policy = newTrimPolicy();
  const timer = setInterval(() => {
    if (shouldTrim(policy, process.memoryUsage.rss(), busy())) trim();
  }, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
