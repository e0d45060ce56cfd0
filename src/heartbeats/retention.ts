// Old pulses go after UPBEAT_RETENTION_DAYS, but every monitor keeps at least its newest 1,000.
import type { Store } from "../store/index.ts";
import type { Clock } from "../time.ts";

export const KEEP_PULSES_PER_MONITOR = 1000;
const PRUNE_EVERY_MS = 60 * 60 * 1000;
const DAY_MS = 86_400_000;

export function createPulseRetention(store: Store, clock: Clock, retentionDays: number) {
  let timer: ReturnType<typeof setInterval> | null = null;

  const prune = (): number => store.pulses.prune(clock() - retentionDays * DAY_MS, KEEP_PULSES_PER_MONITOR);

  return {
    prune,
    start() {
      timer = setInterval(() => {
        try {
          prune();
        } catch (error) {
          console.error("upbeat: pruning pulses failed:", error);
        }
      }, PRUNE_EVERY_MS);
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
