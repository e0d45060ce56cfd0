// The end of a maintenance window: each monitor it covered whose state now differs from its state when the
// window began says its current state once. Runs on the alert sender's rounds, with the injected clock.
import type { MonitorRow } from "../domain/types.ts";
import type { Store } from "../store/index.ts";
import { windowOf } from "./service.ts";
import { lastEndedIn } from "./windows.ts";

/** Returns how many monitors were announced. */
export function sweepWindowEnds(store: Store, now: number, announce: (monitor: MonitorRow, at: number) => void): number {
  let announced = 0;
  for (const w of store.maintenance.allActive()) {
    const ended = lastEndedIn(w, w.endHandledAt, now);
    if (!ended) continue;
    store.transaction(() => {
      // another sweep got there first
      if (!store.maintenance.markEndHandled(w, now)) return;
      for (const id of store.maintenance.monitorIdsCovered(w)) {
        const monitor = store.monitors.byId(id)!;
        // the state just before the window: a flip at its first instant happened inside it
        const before = store.events.statusAt(id, ended.start - 1) ?? "pending";
        if (monitor.status === before || monitor.status === "pending") continue;
        // still held back by another window, whose own end will report
        if (windowOf(store, monitor, now)) continue;
        announce(monitor, now);
        announced++;
      }
    });
  }
  return announced;
}
