// fetch while targets are guarded: every hop's host resolved and checked, the request sent to the checked address
// (the Host header and the TLS server name keep the name), redirects followed here so each hop is checked.
import { isIP } from "node:net";
import type { deadline } from "./result.ts";
import { resolveTarget } from "./target-guard.ts";

// as many as fetch itself follows
const MAX_REDIRECTS = 20;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** The response, or why there is none (a refused hop); network and TLS errors are thrown as by fetch. */
export async function guardedFetch(url: string, request: BunFetchRequestInit, limit: ReturnType<typeof deadline>): Promise<Response | string> {
  let current = new URL(url);
  let { method = "GET", body } = request;
  for (let hop = 0; ; hop++) {
    const { host, port } = urlEndpoint(current);
    const target = await resolveTarget(host, port, limit);
    if ("failure" in target) return target.failure;
    const response = await fetch(pinned(current, target.address), {
      ...request, method, body, signal: limit.signal, redirect: "manual",
      headers: withHost(request.headers, current.host),
      tls: { ...request.tls, serverName: isIP(host) ? undefined : host },
    });
    const location = response.headers.get("location");
    if (request.redirect !== "follow" || !REDIRECT_STATUSES.has(response.status) || location === null) return response;
    await response.body?.cancel();
    if (hop === MAX_REDIRECTS) return `more than ${MAX_REDIRECTS} redirects`;
    current = new URL(location, current);
    if (current.protocol !== "http:" && current.protocol !== "https:") return `redirect to a ${current.protocol} URL`;
    // as fetch does: after a 303, or a 301/302 answering a POST, the next request is a GET without a body
    if ((response.status === 303 && method !== "HEAD") || (response.status <= 302 && method === "POST")) {
      method = "GET";
      body = undefined;
    }
  }
}

/** The host (without brackets) and port (80 or 443 when left out) a URL connects to. */
export const urlEndpoint = (url: URL) =>
  ({ host: url.hostname.replace(/^\[(.*)\]$/, "$1"), port: Number(url.port) || (url.protocol === "https:" ? 443 : 80) });

/** The URL with its host replaced by the checked address. */
function pinned(url: URL, address: string): URL {
  const copy = new URL(url);
  copy.hostname = isIP(address) === 6 ? `[${address}]` : address;
  return copy;
}

/** The request's headers with Host naming the URL's host, unless the monitor sets its own. */
function withHost(headers: HeadersInit | undefined, host: string): Headers {
  const copy = new Headers(headers);
  if (!copy.has("host")) copy.set("host", host);
  return copy;
}
