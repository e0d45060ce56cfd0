// Flapping: a monitor that changes between up and down more than flap_threshold times within flap_window_minutes
// says so once, and its per-flip alerts are held back (logged with reason `flapping`) until it has not changed for
// flap_window_minutes; then it sends the state it settled on once.
import type { MonitorRow } from "../domain/types.ts";
import type { Store } from "../store/index.ts";
import type { FlappingFacts } from "./message.ts";

const MINUTE_MS = 60_000;

/** Inside a flip between up and down: the monitor as it is now, and the notice to send when it just began flapping. */
export function flappingAfterFlip(store: Store, monitor: MonitorRow, at: number): { monitor: MonitorRow; began: FlappingFacts | null } {
  if (monitor.flappingSince !== null || monitor.flapThreshold === 0) return { monitor, began: null };
  const changes = store.flapping.changesSince(monitor.id, at - monitor.flapWindowMinutes * MINUTE_MS);
  if (changes <= monitor.flapThreshold) return { monitor, began: null };
  store.flapping.setFlappingSince(monitor.id, at);
  return { monitor: { ...monitor, flappingSince: at }, began: { changes, window_minutes: monitor.flapWindowMinutes, stable: false } };
}

/**
 * Monitors whose flapping is over by `now` (no change for their window), each marked stable in its own transaction
 * before `settle` hears of it with how often it changed while flapping. Paused ones end silently.
 */
export function settleFlapping(store: Store, now: number, settle: (monitor: MonitorRow, facts: FlappingFacts) => void): void {
  for (const monitor of store.flapping.flapping()) {
    const since = monitor.flappingSince!;
    const quietSince = Math.max(since, store.flapping.lastChangeAt(monitor.id) ?? since);
    if (quietSince + monitor.flapWindowMinutes * MINUTE_MS > now) continue;
    store.transaction(() => {
      store.flapping.setFlappingSince(monitor.id, null);
      if (monitor.isPaused) return;
      // the changes that began it (within the window before it) and those while it lasted
      const changes = store.flapping.changesSince(monitor.id, since - monitor.flapWindowMinutes * MINUTE_MS);
      settle({ ...monitor, flappingSince: null }, { changes, window_minutes: monitor.flapWindowMinutes, stable: true });
    });
  }
}
