// DNS probe: resolve one record type, optionally at a given resolver, and compare with an expected value
// and with assertions on the answers.
import type { Resolver } from "node:dns/promises";
import { nodeDns } from "../node-builtins.ts";
import { isIP } from "node:net";
import * as v from "valibot";
import { assertionsSetting, compileAssertion, firstFailure, type Rule } from "./assertions.ts";
import { HOSTNAME, splitHostPort } from "./hosts.ts";
import { defineKind, optionalOrNull, optionalText, trimmed, upperPicklist } from "./kind.ts";
import { deadline, down, elapsedMs, up, type ProbeResult } from "./result.ts";
import { allowedTarget, resolveTarget, type ResolvedTarget } from "./target-guard.ts";

export const RECORD_TYPES = ["A", "AAAA", "CNAME", "MX", "TXT", "NS"] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

export interface DnsProbeOptions {
  host: string;
  recordType: RecordType;
  /** up only when one of the answers equals this (case-insensitive, trailing dot ignored) */
  expectedValue: string | null;
  /** "ip" or "ip:port"; the system's resolvers when null */
  resolver: string | null;
  timeoutMs: number;
  /** assertions on `answers` (the list) and `response_time_ms`, compiled; all must hold */
  rules?: Rule[];
}

export const DNS_SOURCES = ["answers", "response_time_ms"] as const;

const DNS_ERRORS: Record<string, string> = {
  ENOTFOUND: "domain not found",
  ENODATA: "no records of this type",
  ETIMEOUT: "no answer from the resolver",
  ECONNREFUSED: "resolver refused the connection",
  ESERVFAIL: "resolver failed (SERVFAIL)",
  EREFUSED: "resolver refused the query",
};

export async function probeDns(options: DnsProbeOptions, signal?: AbortSignal): Promise<ProbeResult> {
  const startedAt = performance.now();
  const limit = deadline(options.timeoutMs, signal);
  const resolver = new (nodeDns().Resolver)({ timeout: options.timeoutMs, tries: 1 });
  const onAbort = () => resolver.cancel();
  limit.signal.addEventListener("abort", onAbort, { once: true });
  try {
    if (options.resolver) {
      const server = await checkedServer(options.resolver, limit);
      if ("failure" in server) return down(startedAt, server.failure);
      // inside the try: a resolver given by name is refused here as the check's error, not thrown
      resolver.setServers([server.address]);
    }
    const answers = await lookup(resolver, options.host, options.recordType);
    if (limit.signal.aborted) return down(startedAt, limit.reason());
    if (answers.length === 0) return down(startedAt, `DNS: no ${options.recordType} records`);
    if (options.expectedValue && !answers.some((a) => sameValue(a, options.expectedValue!))) {
      return down(startedAt, `DNS: expected ${options.expectedValue}, got ${answers.join(", ")}`);
    }
    const responseTimeMs = elapsedMs(startedAt);
    const failure = firstFailure(options.rules ?? [], (source) => (source === "answers" ? answers : responseTimeMs));
    return failure === null ? up(startedAt) : down(startedAt, `DNS: ${failure}`);
  } catch (error) {
    if (limit.signal.aborted) return down(startedAt, limit.reason());
    const code = (error as { code?: string }).code ?? "";
    return down(startedAt, `DNS: ${DNS_ERRORS[code] ?? ((error as Error).message || code)}`);
  } finally {
    limit.signal.removeEventListener("abort", onAbort);
  }
}

/** The resolver is what this probe connects to: checked like any target, and given back as the checked address. */
async function checkedServer(resolver: string, limit: ReturnType<typeof deadline>): Promise<ResolvedTarget> {
  const { host, port } = resolverEndpoint(resolver);
  const target = await resolveTarget(host, port, limit);
  if ("failure" in target) return target;
  return { address: isIP(target.address) === 6 ? `[${target.address}]:${port}` : `${target.address}:${port}` };
}

/** "ip", "ip:port" or "[v6]:port" → its parts (port 53 when left out). */
export function resolverEndpoint(resolver: string): { host: string; port: number } {
  const [, host = resolver, port = "53"] = isIP(resolver) ? [] : /^\[?(.+?)\]?:(\d+)$/.exec(resolver) ?? [];
  return { host, port: Number(port) };
}

/** Answers as text: MX as "priority exchange", TXT chunks joined. */
async function lookup(resolver: Resolver, host: string, type: RecordType): Promise<string[]> {
  switch (type) {
    case "A":
      return resolver.resolve4(host);
    case "AAAA":
      return resolver.resolve6(host);
    case "CNAME":
      return resolver.resolveCname(host);
    case "NS":
      return resolver.resolveNs(host);
    case "MX":
      return (await resolver.resolveMx(host)).map((mx) => `${mx.priority} ${mx.exchange}`);
    case "TXT":
      return (await resolver.resolveTxt(host)).map((chunks) => chunks.join(""));
  }
}

const normalize = (value: string) => value.trim().toLowerCase().replace(/\.$/, "");

/** MX matches on "priority exchange" or the exchange alone. */
function sameValue(answer: string, expected: string): boolean {
  const a = normalize(answer);
  const e = normalize(expected);
  return a === e || a.replace(/^\d+\s+/, "") === e;
}

export const dnsKind = defineKind({
  name: "dns",
  label: "dns — a record resolves",
  target: { schema: trimmed(v.check((s) => HOSTNAME.test(s), "must be a host name")), label: "Host name", example: "example.com" },
  settings: {
    record_type: {
      input: upperPicklist(RECORD_TYPES, "A"),
      output: v.string(),
      form: { label: "Record type", input: "select", options: RECORD_TYPES },
    },
    expected_value: {
      input: optionalText(1024, true),
      output: v.nullable(v.string()),
      form: { label: "Expected value", input: "text", help: "up only when an answer equals it" },
    },
    dns_resolver: {
      input: optionalOrNull(
        v.pipe(v.string(), v.trim(), v.check((s) => isIP(s) !== 0 || splitHostPort(s) !== null, "must be an IP address, optionally with :port"), allowedTarget(resolverEndpoint)),
      ),
      output: v.nullable(v.string()),
      form: { label: "Resolver", input: "text", help: "IP address, optionally with :port; the system's when empty" },
    },
    assertions: assertionsSetting(DNS_SOURCES, 'answers contains "192.0.2.10"'),
  },
  check: ({ url, timeoutMs, settings: s }) => {
    const options = { host: url, recordType: s.record_type, expectedValue: s.expected_value, resolver: s.dns_resolver, timeoutMs, rules: s.assertions.map((a) => compileAssertion(a)) };
    return (signal) => probeDns(options, signal);
  },
});
