// How one check result moves a monitor: `retries` failures in a row are tolerated, the next one is down;
// a down monitor needs `recoveryChecks` successes in a row before it is up again (a first result is up at once).
import type { MonitorRow } from "../domain/types.ts";

type Status = MonitorRow["status"];

export interface CheckState {
  status: Status;
  failStreak: number;
  successStreak: number;
}

export function afterCheck(current: CheckState & { retries: number; recoveryChecks: number }, isUp: boolean): CheckState {
  if (isUp) {
    const successStreak = current.successStreak + 1;
    const held = current.status === "down" && successStreak < current.recoveryChecks;
    return { status: held ? "down" : "up", failStreak: 0, successStreak };
  }
  const failStreak = current.failStreak + 1;
  return { status: failStreak > current.retries ? "down" : current.status, failStreak, successStreak: 0 };
}
