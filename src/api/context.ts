// What every resource plugin gets: the services, and the caller resolved by the gate.
import { Elysia } from "elysia";
import type { Config } from "../config.ts";
import type { Services } from "../services.ts";
import type { ChannelService } from "../channels/service.ts";
import type { Store } from "../store/index.ts";
import type { Clock } from "../time.ts";
import { uuidTimeMs } from "../ids.ts";
import type { Gate } from "./auth.ts";

export interface ApiDeps {
  store: Store;
  config: Config;
  clock: Clock;
  gate: Gate;
  /** the domain: access rules and changes go through these, reads for listing may use the store */
  services: Services;
  /** notification channels: their service needs the alert sender, so it is built with the alert pipeline */
  channels: ChannelService;
}

export const callerOf = (deps: ApiDeps) =>
  new Elysia().resolve({ as: "scoped" }, ({ request }) => ({ principal: deps.gate.principalOf(request) }));

// origin by the URL's scheme-and-host prefix: every monitor answer shows a ping URL, and a URL object per request cost ~5 % of a GET
const origins = new Map<string, string>();
const MAX_ORIGINS = 100; // the Host header is the caller's to choose

// the last one asked, matched without cutting the URL (a new string to hash per request)
let last = { prefix: "", origin: "" };

function originOf(url: string): string {
  if (url.startsWith(last.prefix) && url.charCodeAt(last.prefix.length) === 47 /* the path's "/" */) return last.origin;
  const prefix = url.slice(0, url.indexOf("/", url.indexOf("//") + 2) >>> 0);
  let origin = origins.get(prefix);
  if (origin === undefined) {
    origin = new URL(url).origin;
    if (origins.size >= MAX_ORIGINS) origins.clear();
    origins.set(prefix, origin);
  }
  last = { prefix, origin };
  return origin;
}

/** Where ping URLs point: UPBEAT_BASE_URL, else the address the caller used. */
export const baseUrlOf = (deps: ApiDeps, request: Request) => deps.config.baseUrl ?? originOf(request.url);

/** `before` query → Unix ms (v7 ids carry their time). */
export const beforeMs = (before: string | undefined): number | undefined =>
  before === undefined ? undefined : /^[0-9a-f]{8}-[0-9a-f]{4}-7/i.test(before) ? uuidTimeMs(before) : Date.parse(before);
