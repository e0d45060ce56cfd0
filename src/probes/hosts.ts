// Host names, addresses and ports as users write them in a monitor's target.
import { isIP } from "node:net";

export const HOSTNAME = /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9])?)*\.?$/i;

export const isHost = (value: string) => HOSTNAME.test(value) || isIP(value.replace(/^\[|\]$/g, "")) !== 0;

/** `host:port`, `[v6]:port` → parts, or null. */
export function splitHostPort(value: string): { host: string; port: number } | null {
  const match = /^(\[[^\]]+\]|[^:\[\]]+):(\d{1,5})$/.exec(value);
  if (!match) return null;
  const port = Number(match[2]);
  const host = match[1]!.replace(/^\[|\]$/g, "");
  return port >= 1 && port <= 65535 && isHost(host) ? { host, port } : null;
}

/** `host` or `host:port`, the default port when left out. */
export function hostWithPort(value: string, defaultPort: number): { host: string; port: number } | null {
  return isHost(value) ? { host: value.replace(/^\[|\]$/g, ""), port: defaultPort } : splitHostPort(value);
}
