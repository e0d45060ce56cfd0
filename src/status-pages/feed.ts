// The page's incidents as an Atom feed (RFC 4287): each outage and each recovery of its monitors is an entry,
// newest first, with its time and a reason cleared of targets.
import type { MonitorEventRow, StatusPageRow } from "../domain/types.ts";
import type { Store } from "../store/index.ts";
import type { PageMonitor } from "../store/store.ts";
import { toIso } from "../time.ts";
import { escapeHtml } from "./html.ts";
import { publicReason } from "./public-reason.ts";

export const FEED_ENTRIES = 50;

const minutesBetween = (fromMs: number, toMs: number) => Math.max(1, Math.round((toMs - fromMs) / 60_000));

function entry(event: MonitorEventRow, monitor: PageMonitor, downSince: number | undefined, pageUrl: string): string {
  const at = toIso(event.at);
  const when = `${at.replace("T", " ").slice(0, 16)} UTC`;
  const reason = publicReason(event.reason, monitor);
  const wentDown = event.toStatus === "down";
  const title = wentDown ? `${monitor.name} is down` : event.toStatus === "up" ? `${monitor.name} is up again` : `${monitor.name} is no longer down`;
  const lasted = !wentDown && downSince !== undefined ? ` after ${minutesBetween(downSince, event.at)} min` : "";
  const summary = wentDown ? `Down since ${when}${reason ? `: ${reason}` : ""}.` : `Recovered at ${when}${lasted}.`;
  return `<entry><id>urn:uuid:${event.id}</id><title>${escapeHtml(title)}</title><updated>${at}</updated><published>${at}</published>` +
    `<link rel="alternate" type="text/html" href="${escapeHtml(pageUrl)}"/><summary>${escapeHtml(summary)}</summary></entry>`;
}

export function statusFeedXml(store: Store, page: StatusPageRow, pageUrl: string): string {
  const monitors = new Map(store.statusPages.monitorsOf(page.id).map((m) => [m.id, m]));
  const events = store.events.recentOutagesOf([...monitors.keys()], FEED_ENTRIES);
  // the down event before each recovery (events are newest first), for how long it lasted
  const downBefore = new Map<MonitorEventRow, number>();
  const pendingRecovery = new Map<string, MonitorEventRow>();
  for (const event of events) {
    const recovery = pendingRecovery.get(event.monitorId);
    if (event.toStatus === "down" && recovery) downBefore.set(recovery, event.at);
    if (event.toStatus === "down") pendingRecovery.delete(event.monitorId);
    else pendingRecovery.set(event.monitorId, event);
  }
  const updated = toIso(events[0]?.at ?? page.updatedAt);
  const title = escapeHtml(`${page.title}: incidents`);
  return `<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><id>urn:uuid:${page.id}</id>` +
    `<title>${title}</title><updated>${updated}</updated><author><name>${escapeHtml(page.title)}</name></author>` +
    `<link rel="self" type="application/atom+xml" href="${escapeHtml(`${pageUrl}/feed.atom`)}"/>` +
    `<link rel="alternate" type="text/html" href="${escapeHtml(pageUrl)}"/><generator>upbeat</generator>` +
    events.map((e) => entry(e, monitors.get(e.monitorId)!, downBefore.get(e), pageUrl)).join("") + `</feed>\n`;
}
