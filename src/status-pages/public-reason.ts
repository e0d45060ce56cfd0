// Reasons go into the public feed, but pages never show targets: the monitor's own URL and host, and any URL
// or IP address a probe's error quotes, are replaced before a reason leaves the instance.
import type { MonitorRow } from "../domain/types.ts";

const URLS = /\b[a-z][a-z0-9+.-]*:\/\/\S+/gi;
const IPV4 = /\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b/g;
const IPV6 = /\[?\b(?:[0-9a-f]{1,4}:){2,7}[0-9a-f]{0,4}\b\]?(?::\d+)?/gi;

function hostOf(target: string): string | null {
  try {
    return new URL(target.includes("://") ? target : `tcp://${target}`).hostname.replace(/^\[|\]$/g, "") || null;
  } catch {
    return null;
  }
}

export function publicReason(reason: string | null, monitor: Pick<MonitorRow, "url">): string | null {
  if (!reason) return null;
  const host = monitor.url ? hostOf(monitor.url) : null;
  let text = monitor.url ? reason.split(monitor.url).join("the target") : reason;
  if (host) text = text.split(host).join("the target");
  return text.replace(URLS, "the target").replace(IPV4, "an address").replace(IPV6, "an address");
}
