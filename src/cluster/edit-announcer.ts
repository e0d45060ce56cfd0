// A CLI command (`upbeat import`, `upbeat apply`) writing to the database running instances share: what it changed
// reaches their event streams as an instance's own edits do (NOTIFY on the relay's channel, in its format). Sent once
// the command's work is committed, so a browser never hears of an edit it cannot read yet, or of one rolled back.
import { SQL } from "bun";
import { newId } from "../ids.ts";
import { CHANNEL, eventJson, packEvents, windowsChangedJson, type LiveRelay } from "./live-relay.ts";

export interface EditAnnouncer {
  /** Given to the command's services: gathers what their live feed tells. */
  relay: LiveRelay;
  /** Sends what was gathered. A refusal costs the open dashboards a reload, not the command its work: said in one line. */
  announce(): Promise<void>;
}

export function createEditAnnouncer(url: string): EditAnnouncer {
  const self = newId();
  const events: string[] = [];
  let windows = false;
  return {
    relay: {
      tell: (event, organizationId) => void events.push(eventJson(event, organizationId)),
      othersWatching: () => false, // a command runs no checks: it has no results to relay
      watched() {},
      windowsChanged: () => void (windows = true),
    },
    async announce() {
      const payloads = [...packEvents(self, events), ...(windows ? [windowsChangedJson(self)] : [])];
      events.length = 0;
      windows = false;
      if (payloads.length === 0) return;
      const sql = new SQL(url, { max: 1, idleTimeout: 0 });
      try {
        for (const payload of payloads) await sql.notify(CHANNEL, payload);
      } catch (error) {
        console.error(`upbeat: running instances were not told of these changes (${(error as Error).message}); open dashboards show them after a reload`);
      } finally {
        await sql.close({ timeout: 1 });
      }
    },
  };
}
