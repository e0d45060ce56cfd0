// Waits for a monitor's check newer than `after` through the API (the scheduler checks at once after a create or an edit).
import { json } from "./http.ts";

export interface LatestCheck { is_up: boolean; error_message: string | null; checked_at: string }

export async function nextCheck(call: (method: string, path: string) => Promise<Response>, id: string, after = ""): Promise<LatestCheck> {
  for (let tries = 0; tries < 200; tries++) {
    const [latest] = await json<LatestCheck[]>(await call("GET", `/monitors/${id}/checks?limit=1`));
    if (latest && latest.checked_at > after) return latest;
    await Bun.sleep(25);
  }
  throw new Error("no new check");
}
