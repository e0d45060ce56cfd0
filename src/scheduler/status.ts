// How one check result moves a monitor: `retries` failures in a row are tolerated, the next one is down.
import type { MonitorRow } from "../domain/types.ts";

type Status = MonitorRow["status"];

export function afterCheck(current: { status: Status; failStreak: number; retries: number }, isUp: boolean): { status: Status; failStreak: number } {
  if (isUp) return { status: "up", failStreak: 0 };
  const failStreak = current.failStreak + 1;
  return { status: failStreak > current.retries ? "down" : current.status, failStreak };
}
