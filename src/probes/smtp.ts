// SMTP probe: the banner, EHLO, STARTTLS when offered (or required), AUTH when a login is set, then QUIT. Each step
// that the server refuses is the error, with its reply code: `EHLO refused: 554 5.7.1 no thanks`. No connection is
// kept: the greeting and the handshake are what the check is about.
import { hostname } from "node:os";
import * as v from "valibot";
import { assertionsSetting, compileAssertion, firstFailure, type Rule } from "./assertions.ts";
import { Conversation, type Parsed, type TlsSettings } from "./conversation.ts";
import { defineKind, flag, ignoreTlsErrorsSetting, unusable } from "./kind.ts";
import { deadline, describeError, down, elapsedMs, up, type ProbeResult } from "./result.ts";
import { loginSettings, serviceEndpoint, serviceTarget, shownValue, stalled, tlsModeSetting } from "./service.ts";
import { resolveTarget } from "./target-guard.ts";

export const SMTP_TLS_MODES = ["disable", "prefer", "require", "implicit"] as const;

export interface SmtpProbeOptions {
  host: string;
  port: number;
  /** prefer: STARTTLS when offered; require: down when not offered; implicit: TLS from the first byte (port 465) */
  tlsMode: (typeof SMTP_TLS_MODES)[number];
  ignoreTlsErrors: boolean;
  username: string | null;
  password: string | null;
  timeoutMs: number;
  /** extra trusted roots (PEM), e.g. a private CA */
  ca?: string[];
  /** assertions on the banner and the response time, compiled; all must hold */
  rules?: Rule[];
}

export const SMTP_SOURCES = ["banner", "response_time_ms"] as const;

interface Reply {
  code: number;
  /** the text of each line, without the code */
  lines: string[];
}

const MAX_REPLY_CHARS = 200;

/** One SMTP reply (`250-first`, …, `250 last`) from the start of `data`, or null while it is incomplete. */
export function parseSmtpReply(data: Buffer): Parsed<Reply> {
  const lines: string[] = [];
  let offset = 0;
  for (;;) {
    const end = data.indexOf("\r\n", offset);
    if (end < 0) return null;
    const line = data.toString("utf8", offset, end);
    offset = end + 2;
    if (!/^\d{3}([ -]|$)/.test(line)) throw new Error(`not an SMTP server (it said ${JSON.stringify(line.slice(0, 40))})`);
    lines.push(line.slice(4));
    if (line[3] !== "-") return { value: { code: Number(line.slice(0, 3)), lines }, used: offset };
  }
}

/** A reply as an error shows it: `554 5.7.1 no thanks`. */
const shownReply = (reply: Reply) => `${reply.code} ${reply.lines.join(" ")}`.trim().slice(0, MAX_REPLY_CHARS);

class Refused extends Error {}

export async function probeSmtp(options: SmtpProbeOptions, signal?: AbortSignal): Promise<ProbeResult> {
  const startedAt = performance.now();
  const limit = deadline(options.timeoutMs, signal);
  const resolved = await resolveTarget(options.host, options.port, limit);
  if ("failure" in resolved) return down(startedAt, resolved.failure);
  const tls: TlsSettings = { host: options.host, verify: !options.ignoreTlsErrors, ca: options.ca };
  const conversation = new Conversation(resolved.address, options.port, options.tlsMode === "implicit" ? tls : null);
  const onAbort = () => conversation.close();
  limit.signal.addEventListener("abort", onAbort, { once: true });
  try {
    const banner = await converse(conversation, options, tls);
    const responseTimeMs = elapsedMs(startedAt);
    const failure = firstFailure(options.rules ?? [], (source) => (source === "banner" ? banner : responseTimeMs));
    const details = { banner: shownValue(banner), tls_version: conversation.tlsVersion() };
    conversation.write("QUIT\r\n");
    conversation.end();
    return { ...(failure === null ? up(startedAt) : down(startedAt, failure)), details };
  } catch (error) {
    conversation.close();
    if (limit.signal.aborted) return down(startedAt, stalled(limit, conversation.phase));
    const message = error instanceof Refused ? error.message : describeError(error);
    return down(startedAt, options.password ? message.replaceAll(options.password, "…") : message);
  } finally {
    limit.signal.removeEventListener("abort", onAbort);
  }
}

/** The exchange up to a logged-in session; gives back the banner's text. */
async function converse(conversation: Conversation, options: SmtpProbeOptions, tls: TlsSettings): Promise<string> {
  await conversation.opened;
  conversation.phase = "waiting for the banner";
  const banner = await conversation.read(parseSmtpReply);
  if (banner.code !== 220) throw new Refused(`not ready: ${shownReply(banner)}`);
  let extensions = await hello(conversation);
  const offersStartTls = extensions.has("STARTTLS");
  if (options.tlsMode === "require" && !offersStartTls) throw new Refused("STARTTLS required, but the server does not offer it");
  if (offersStartTls && (options.tlsMode === "prefer" || options.tlsMode === "require")) {
    await step(conversation, "STARTTLS", "STARTTLS", 220);
    await conversation.startTls(tls);
    extensions = await hello(conversation);
  }
  if (options.username !== null && options.password !== null) await logIn(conversation, extensions, options.username, options.password);
  return banner.lines.join(" ");
}

/** Sends a command and wants `expected` back, else the step is refused with the server's reply. */
async function step(conversation: Conversation, command: string, name: string, expected: number): Promise<Reply> {
  conversation.phase = `waiting for the reply to ${name}`;
  conversation.write(`${command}\r\n`);
  const reply = await conversation.read(parseSmtpReply);
  if (reply.code !== expected) throw new Refused(`${name} refused: ${shownReply(reply)}`);
  return reply;
}

/** EHLO, and the extensions it lists, upper case: "STARTTLS", "AUTH PLAIN LOGIN", … */
async function hello(conversation: Conversation): Promise<Map<string, string>> {
  const reply = await step(conversation, `EHLO ${EHLO_NAME}`, "EHLO", 250);
  return new Map(reply.lines.slice(1).map((line) => {
    const [keyword = "", ...params] = line.toUpperCase().split(/\s+/);
    return [keyword, params.join(" ")];
  }));
}

async function logIn(conversation: Conversation, extensions: Map<string, string>, username: string, password: string) {
  const mechanisms = (extensions.get("AUTH") ?? "").split(" ");
  const base64 = (text: string) => Buffer.from(text).toString("base64");
  if (mechanisms.includes("PLAIN")) {
    await step(conversation, `AUTH PLAIN ${base64(`\0${username}\0${password}`)}`, "AUTH", 235);
  } else if (mechanisms.includes("LOGIN")) {
    await step(conversation, "AUTH LOGIN", "AUTH", 334);
    await step(conversation, base64(username), "AUTH", 334);
    await step(conversation, base64(password), "AUTH", 235);
  } else {
    throw new Refused(extensions.has("AUTH") ? "AUTH offers neither PLAIN nor LOGIN" : "AUTH not offered by the server");
  }
}

/** The name upbeat greets with: its host's, as mail clients do. */
const EHLO_NAME = hostname() || "localhost";

const DEFAULT_PORT = 25;

export const smtpKind = defineKind({
  name: "smtp",
  label: "smtp — a mail server greets, STARTTLS and login",
  target: serviceTarget(DEFAULT_PORT, "mail.lan:587"),
  settings: {
    tls_mode: tlsModeSetting(SMTP_TLS_MODES, "prefer", {
      prefer: "STARTTLS when offered", require: "STARTTLS or down", implicit: "TLS from the first byte (port 465)",
    }),
    ignore_tls_errors: ignoreTlsErrorsSetting,
    ...loginSettings("AUTH is tried when both are set"),
    assertions: assertionsSetting(SMTP_SOURCES, 'banner contains "ESMTP"'),
  },
  check: ({ url, timeoutMs, settings: s }) => {
    const target = serviceEndpoint(url, DEFAULT_PORT);
    if (!target) return unusable(`not a host or host:port: ${url}`);
    const options: SmtpProbeOptions = {
      ...target, tlsMode: s.tls_mode as SmtpProbeOptions["tlsMode"], ignoreTlsErrors: s.ignore_tls_errors,
      username: s.username, password: s.password, timeoutMs, rules: s.assertions.map((a) => compileAssertion(a)),
    };
    return (signal) => probeSmtp(options, signal);
  },
});
