// A clock the test moves by hand; `now` is a src/time.ts Clock, to hand to boot, the scheduler or a service.
import type { Clock } from "../../src/time.ts";

export interface ManualClock {
  now: Clock;
  advance(ms: number): void;
  set(ms: number): void;
}

export function manualClock(startMs: number): ManualClock {
  let current = startMs;
  return {
    now: () => current,
    advance(ms) {
      current += ms;
    },
    set(ms) {
      current = ms;
    },
  };
}
