// The probe kinds, in the order the form lists them. Adding a kind: one file under probes/ and one line here.
import * as v from "valibot";
import { isIP } from "node:net";
import { probeDns } from "./dns.ts";
import { heartbeatKind } from "./heartbeat.ts";
import { HOSTNAME, splitHostPort } from "./hosts.ts";
import { httpKind } from "./http.ts";
import { defineKind, optionalText, trimmed, upperPicklist, type ProbeKind } from "./kind.ts";
import { pingKind } from "./ping.ts";
import { sslKind } from "./ssl.ts";
import { tcpKind } from "./tcp.ts";

export const RECORD_TYPES = ["A", "AAAA", "CNAME", "MX", "TXT", "NS"] as const;

// not moved into dns.ts yet
const dnsKind = defineKind({
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
      input: v.pipe(
        v.optional(v.nullable(v.pipe(v.string(), v.trim(), v.check((s) => isIP(s) !== 0 || splitHostPort(s) !== null, "must be an IP address, optionally with :port"))), null),
        v.transform((s) => s || null),
      ),
      output: v.nullable(v.string()),
      form: { label: "Resolver", input: "text", help: "IP address, optionally with :port; the system's when empty" },
    },
  },
  check: ({ url, timeoutMs, settings: s }) => {
    const options = { host: url, recordType: s.record_type, expectedValue: s.expected_value, resolver: s.dns_resolver, timeoutMs };
    return (signal) => probeDns(options, signal);
  },
});

const BUILT_IN = [httpKind, tcpKind, pingKind, sslKind, dnsKind, heartbeatKind] as const;

export type Kind = (typeof BUILT_IN)[number]["name"];

const kinds = new Map<string, ProbeKind>(BUILT_IN.map((kind) => [kind.name, kind as unknown as ProbeKind]));
let generation = 0;

/** The kind names, in registry order. */
export let KINDS = [...kinds.keys()] as [Kind, ...Kind[]];

export const probeKind = (name: string): ProbeKind | undefined => kinds.get(name);
/** Kinds without a check are pinged: they get a ping token and their url is their ping URL. */
export const isPinged = (name: string): boolean => !kinds.get(name)?.check;
export const probeKinds = (): ProbeKind[] => [...kinds.values()];

/** Adds a kind at run time (built-in kinds are listed above); what is derived from the registry follows. */
export function registerProbeKind(kind: ProbeKind): void {
  kinds.set(kind.name, kind);
  KINDS = [...kinds.keys()] as [Kind, ...Kind[]];
  generation++;
}

/** A value derived from the registry, rebuilt when a kind is registered. */
export function derived<T>(build: () => T): () => T {
  let value: T;
  let builtAt = -1;
  return () => {
    if (builtAt !== generation) {
      value = build();
      builtAt = generation;
    }
    return value;
  };
}
