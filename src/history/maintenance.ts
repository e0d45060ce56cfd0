// croner runs the hourly history job a few minutes past each hour, after late check writes have landed.
import { Cron } from "croner";
import type { Store } from "../store/index.ts";
import type { Clock } from "../time.ts";
import { runMaintenance } from "./rollup.ts";

export function startMaintenance(store: Store, clock: Clock, retentionDays: number) {
  let running: Promise<void> = Promise.resolve();
  const job = new Cron("5 * * * *", { protect: true, timezone: "UTC" }, async () => {
    running = runMaintenance(store, clock(), retentionDays).then(
      () => undefined,
      (error) => console.error(`upbeat: history maintenance failed: ${(error as Error).message}`),
    );
    await running;
  });
  return {
    /** No new runs; waits for one in progress, so the database can close after. */
    async stop(): Promise<void> {
      job.stop();
      await running;
    },
  };
}
