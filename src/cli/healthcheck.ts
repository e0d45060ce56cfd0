// `upbeat healthcheck` (Docker's HEALTHCHECK): kept apart so it loads nothing but the config.
import type { Config } from "../config.ts";

const TIMEOUT_MS = 3000;

export async function healthcheck(config: Config): Promise<number> {
  const host = config.host === "0.0.0.0" || config.host === "::" ? "127.0.0.1" : config.host;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${config.port}/healthz`;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
    if (response.ok) return 0;
    console.error(`unhealthy: ${url} answered ${response.status}`);
  } catch (error) {
    console.error(`unhealthy: ${url} did not answer (${(error as Error).message})`);
  }
  return 1;
}
