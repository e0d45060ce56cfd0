// UPBEAT_ALLOW_PRIVATE_TARGETS=false: which addresses a check may reach, decided after DNS resolution, and the
// checked address handed back so the probe connects where it was checked (no second lookup to rebind).
import ipaddr from "ipaddr.js";
import { isIP } from "node:net";
import { networkInterfaces } from "node:os";
import * as v from "valibot";
import { nodeDns } from "../node-builtins.ts";
import type { deadline } from "./result.ts";

export interface TargetGuard {
  /** why a check may not connect to this address (and port), e.g. "a loopback address", or null */
  refusal(address: string, port: number | null): string | null;
}

/** The outcome of resolving a target: where to connect, or a failure to report as the check's error. */
export type ResolvedTarget = { address: string } | { failure: string };

const WHY = "(UPBEAT_ALLOW_PRIVATE_TARGETS=false)";

const RANGE_WORDS: Record<string, string> = {
  unspecified: "an unspecified address",
  broadcast: "a broadcast address",
  multicast: "a multicast address",
  linkLocal: "a link-local address",
  loopback: "a loopback address",
  carrierGradeNat: "a carrier-grade NAT address",
  private: "a private address",
  uniqueLocal: "a private address",
};

// the IPv4 address is what is reached through these IPv6 forms
const WELL_KNOWN_NAT64 = ipaddr.IPv6.parseCIDR("64:ff9b::/96");
const IPV4_COMPATIBLE = ipaddr.IPv6.parseCIDR("::/96");

/** What kind of address this is ("unicast" for an ordinary public one), looking through IPv4-in-IPv6 forms. */
export function addressRange(address: string): string {
  const ip = ipaddr.parse(address);
  if (ip.kind() === "ipv4") return ip.range();
  const v6 = ip as ipaddr.IPv6;
  const range = v6.range();
  const embedsV4 = range === "ipv4Mapped" || range === "rfc6145" || v6.match(WELL_KNOWN_NAT64)
    || (v6.match(IPV4_COMPATIBLE) && range !== "unspecified" && range !== "loopback");
  return embedsV4 ? ipaddr.fromByteArray(v6.toByteArray().slice(12)).range() : range;
}

/** Refuses every address but ordinary public ones, and upbeat's own address and port. */
export function blockPrivateTargets(own: { host: string; port: number } | null): TargetGuard {
  return {
    refusal(address, port) {
      const range = addressRange(address);
      if (range !== "unicast") return RANGE_WORDS[range] ?? "a reserved address";
      if (own && port === own.port && isOwnAddress(address, own.host)) return `upbeat itself (port ${port})`;
      return null;
    },
  };
}

function isOwnAddress(address: string, listenHost: string): boolean {
  const ip = ipaddr.process(address).toString();
  const wildcard = listenHost === "0.0.0.0" || listenHost === "::";
  if (!wildcard) return ipaddr.isValid(listenHost) && ipaddr.process(listenHost).toString() === ip;
  return Object.values(networkInterfaces()).some((list) => list?.some((i) => ipaddr.process(i.address).toString() === ip));
}

// null: every target is allowed (the default, for a homelab); set once at start from the config,
// since probes and target schemas are built without the config
let active: TargetGuard | null = null;

export function guardTargets(guard: TargetGuard | null): void {
  active = guard;
}

export const targetGuard = (): TargetGuard | null => active;

/** `[::1]`, `localhost.`, ` 0x7f.1` → what the resolver is asked. */
const bareHost = (host: string) => host.trim().replace(/^\[(.*)\]$/, "$1").replace(/(?<=.)\.$/, "");

/** A literal address in any spelling the OS accepts (`2130706433`, `0x7f.1`, `::ffff:127.0.0.1`) → its plain form, else null. */
export function literalAddress(host: string): string | null {
  const bare = bareHost(host);
  if (isIP(bare)) return bare;
  return ipaddr.IPv4.isValid(bare) ? ipaddr.IPv4.parse(bare).toString() : null;
}

const blocked = (host: string, address: string, why: string) =>
  address === bareHost(host) ? `blocked: ${address} is ${why} ${WHY}` : `blocked: ${host} resolves to ${address}, ${why} ${WHY}`;

/**
 * For creating and editing a monitor: why its literal address may not be a target, or null.
 * Names pass here; their addresses can change, so they are checked at every check.
 */
export function literalTargetProblem(host: string, port: number | null): string | null {
  const guard = active;
  const address = guard && literalAddress(host);
  if (!guard || !address) return null;
  const why = guard.refusal(address, port);
  return why && blocked(host, address, why);
}

/** For a target's schema: a literal address (any spelling) that checks may not reach is refused when a monitor is saved. */
export const allowedTarget = (endpointOf: (value: string) => { host: string; port: number | null } | null) =>
  v.rawCheck<string>(({ dataset, addIssue }) => {
    const endpoint = dataset.typed ? endpointOf(dataset.value) : null;
    const problem = endpoint && literalTargetProblem(endpoint.host, endpoint.port);
    if (problem) addIssue({ message: problem });
  });

/**
 * The address a check connects to: the host itself while every target is allowed, else the host resolved
 * (all its addresses) and refused when any of them is.
 */
export async function resolveTarget(host: string, port: number | null, limit?: ReturnType<typeof deadline>): Promise<ResolvedTarget> {
  const resolved = await resolveAllowed(host, port, limit);
  // a deadline that passed while resolving fails the check here, so no caller opens a socket after it
  return limit?.signal.aborted ? { failure: limit.reason() } : resolved;
}

async function resolveAllowed(host: string, port: number | null, limit?: ReturnType<typeof deadline>): Promise<ResolvedTarget> {
  if (!active) return { address: host };
  const guard = active;
  const literal = literalAddress(host);
  let addresses: string[];
  try {
    addresses = literal ? [literal] : (await abortable(nodeDns().lookup(bareHost(host), { all: true }), limit?.signal)).map((a) => a.address);
  } catch (error) {
    const code = (error as { code?: string }).code ?? "";
    return { failure: code === "ENOTFOUND" || code === "ENODATA" ? "host not found" : `DNS lookup failed: ${(error as Error).message}` };
  }
  if (addresses.length === 0) return { failure: "host not found" };
  for (const address of addresses) {
    const why = guard.refusal(address, port);
    if (why) return { failure: blocked(host, address, why) };
  }
  return { address: addresses[0]! };
}

/** A lookup cannot be cancelled; the check stops waiting for it at its deadline. */
function abortable<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
