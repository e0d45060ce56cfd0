// UDP probe: send a payload (text or hex) and, unless told not to, wait for a reply that passes the assertions.
import * as v from "valibot";
import { assertionsSetting, compileAssertion, firstFailure, type Rule } from "./assertions.ts";
import { splitHostPort } from "./hosts.ts";
import { defineKind, flag, optionalOrNull, optionalText, trimmed, unusable } from "./kind.ts";
import { down, elapsedMs, up, type ProbeResult } from "./result.ts";
import { allowedTarget } from "./target-guard.ts";
import { udpProbe } from "./udp-probe.ts";

export interface UdpProbeOptions {
  host: string;
  port: number;
  payload: Uint8Array;
  /** false: up once sent without a refusal within the wait (fire-and-forget services) */
  expectReply: boolean;
  /** on the reply: `body` (as text), `response_time_ms` */
  rules: Rule[];
  timeoutMs: number;
}

export const UDP_SOURCES = ["body", "response_time_ms"] as const;
/** Without an expected reply, how long a closed port has to answer with a refusal. */
const REFUSAL_WAIT_MS = 300;

export function probeUdp(options: UdpProbeOptions, signal?: AbortSignal): Promise<ProbeResult> {
  return udpProbe(options, signal, ({ send, finish, startedAt }) => {
    send(options.payload);
    if (!options.expectReply) setTimeout(() => finish(up(startedAt)), Math.min(REFUSAL_WAIT_MS, options.timeoutMs / 2)).unref?.();
    return (reply) => {
      const responseTimeMs = elapsedMs(startedAt);
      const text = reply.toString("utf8");
      const failure = firstFailure(options.rules, (source) => (source === "body" ? text : responseTimeMs));
      finish(failure === null ? up(startedAt) : down(startedAt, `reply ${failure}`));
    };
  });
}

const HEX = /^([0-9a-f]{2}\s*)*$/i;

export const udpKind = defineKind({
  name: "udp",
  label: "udp — a datagram gets a reply",
  target: { schema: trimmed(v.check((s) => splitHostPort(s) !== null, "must be host:port, e.g. nas.lan:161"), allowedTarget(splitHostPort)), label: "Host and port", example: "nas.lan:161" },
  settings: {
    payload: { input: optionalText(1400), output: v.nullable(v.string()), form: { label: "Payload", input: "text", help: "what is sent; empty sends an empty datagram" } },
    payload_hex: {
      input: optionalOrNull(trimmed(v.maxLength(4200, "must be at most 4200 characters"), v.regex(HEX, "must be hex bytes, e.g. ff ff ff ff 54"))),
      output: v.nullable(v.string()),
      form: { label: "Payload (hex)", input: "text", help: "binary payload instead of the text one, e.g. ff ff ff ff 54" },
    },
    expect_reply: { input: flag(true), output: v.boolean(), form: { label: "Expect a reply", input: "checkbox" } },
    assertions: assertionsSetting(UDP_SOURCES, 'body contains "pong"'),
  },
  check: ({ url, timeoutMs, settings: s }) => {
    const target = splitHostPort(url);
    if (!target) return unusable(`not a host:port: ${url}`);
    const payload = s.payload_hex ? Buffer.from(s.payload_hex.replace(/\s+/g, ""), "hex") : Buffer.from(s.payload ?? "", "utf8");
    const options = {
      ...target, timeoutMs, payload, expectReply: s.expect_reply,
      rules: s.assertions.map((a) => compileAssertion(a)),
    };
    return (signal) => probeUdp(options, signal);
  },
});
