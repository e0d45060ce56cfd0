// The hourly history job runs 5 minutes past each hour (UTC), after late check writes have landed. A timer on UTC
// arithmetic rather than a cron library: croner's Cron with a time zone loads ICU's time zone data at start (~5 MB
// resident, bench/README.md, memory) for a job whose hours are all an hour long.
import type { Store } from "../store/index.ts";
import type { Clock } from "../time.ts";
import { runMaintenance } from "./rollup.ts";

const HOUR_MS = 3_600_000;
const PAST_THE_HOUR_MS = 5 * 60_000;

/** The first run time strictly after `time`: 5 minutes past an hour. */
export function nextRunAfter(time: number): number {
  const sinceLastRun = (((time - PAST_THE_HOUR_MS) % HOUR_MS) + HOUR_MS) % HOUR_MS;
  return time - sinceLastRun + HOUR_MS;
}

export function startMaintenance(store: Store, clock: Clock, retentionDays: number) {
  let running: Promise<void> | null = null;
  let planned = nextRunAfter(Date.now());
  let timer: Timer | undefined;
  const schedule = () => {
    timer = setTimeout(tick, planned - Date.now());
  };
  const tick = () => {
    // a run still going when the next is due: that one is skipped
    running ??= runMaintenance(store, clock(), retentionDays).then(
      () => undefined,
      (error) => console.error(`upbeat: history maintenance failed: ${(error as Error).message}`),
    ).finally(() => {
      running = null;
    });
    // from the planned time, so a timer that fires a little early does not run the same hour twice
    planned = nextRunAfter(Math.max(planned, Date.now()));
    schedule();
  };
  schedule();
  return {
    /** No new runs; waits for one in progress, so the database can close after. */
    async stop(): Promise<void> {
      clearTimeout(timer);
      await running;
    },
  };
}
