// Which monitors are in maintenance now, told to the live feed as windows start and end (and as they are
// created, edited or deleted with immediate effect), so dashboards update their "maintenance" tag without a reload.
import type { Store } from "../store/index.ts";
import type { Clock } from "../time.ts";
import type { MaintenanceService } from "./service.ts";

/** Often enough that a window's start or end shows within a second or two. */
const WATCH_MS = 1_000;

export function watchMaintenance(store: Store, maintenance: MaintenanceService, clock: Clock, tell: (monitorId: string, maintenanceId: string | null) => void) {
  let shownKey = "";
  /** monitor id → the window holding it; null until the first look, which tells nothing */
  let shown: Map<string, string> | null = null;

  /** Compares the windows on now with those last seen; the covered monitors are read again only when they differ. */
  function look(force = false): void {
    const on = maintenance.windowsOnAt(clock());
    const key = on.map((w) => w.id).join(",");
    if (!force && shown && key === shownKey) return;
    const now = new Map<string, string>();
    for (const w of on) for (const id of store.maintenance.monitorIdsCovered(w)) if (!now.has(id)) now.set(id, w.id);
    if (shown) {
      for (const [id, windowId] of now) if (shown.get(id) !== windowId) tell(id, windowId);
      for (const id of shown.keys()) if (!now.has(id)) tell(id, null);
    }
    shown = now;
    shownKey = key;
  }

  let timer: ReturnType<typeof setInterval> | null = null;
  let failing = false;
  return {
    /** After a window was created, edited or deleted: its monitors may have changed at once. */
    windowsChanged: () => look(true),
    /** After a monitor was saved: only a window on now can cover it, so with none on there is nothing to read. True when it looked. */
    monitorChanged(): boolean {
      if (shownKey === "") return false;
      look(true);
      return true;
    },
    start() {
      look();
      timer = setInterval(() => {
        try {
          look();
        } catch (error) {
          // the database away: said once, and looked at again next time
          if (!failing) console.error(`upbeat: maintenance watch failed: ${(error as Error).message}`);
          failing = true;
          return;
        }
        failing = false;
      }, WATCH_MS);
    },
    stop: () => timer && clearInterval(timer),
  };
}
