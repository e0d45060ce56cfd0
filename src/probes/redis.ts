// Redis (and Valkey) probe: AUTH when a password is set, then PING or the monitor's command, over RESP on a socket
// kept between checks. Bun's RedisClient says only "Connection closed" for a refused port or an unknown host,
// so the protocol is spoken here, with the socket's own errors.
import * as v from "valibot";
import { Conversation, type Parsed } from "./conversation.ts";
import { defineKind, trimmed, unusable } from "./kind.ts";
import { assertionsSetting, compileAssertion, firstFailure, type Rule } from "./assertions.ts";
import { deadline, describeError, down, elapsedMs, up, type ProbeResult } from "./result.ts";
import { KEEP_IDLE_MS, loginSettings, serviceEndpoint, serviceTarget, shownValue, stalled, tlsModeSetting } from "./service.ts";
import { resolveTarget } from "./target-guard.ts";

export const REDIS_TLS_MODES = ["disable", "require", "verify"] as const;

export interface RedisProbeOptions {
  host: string;
  port: number;
  username: string | null;
  password: string | null;
  /** the command and its arguments, e.g. ["PING"] or ["GET", "health"] */
  command: string[];
  tlsMode: (typeof REDIS_TLS_MODES)[number];
  timeoutMs: number;
  /** extra trusted roots (PEM) for `verify` */
  ca?: string[];
  /** assertions on the reply and the response time, compiled; all must hold */
  rules?: Rule[];
}

/** What assertions on a redis check read. */
export const REDIS_SOURCES = ["reply", "response_time_ms"] as const;

/** An error reply (`-ERR …`, `-WRONGPASS …`). */
export class ReplyError {
  constructor(readonly message: string) {}
}

export type Reply = string | number | null | ReplyError | Reply[];

const CRLF = Buffer.from("\r\n");

/** One RESP2 reply from the start of `data`, or null while it is incomplete. */
export function parseReply(data: Buffer, at = 0): Parsed<Reply> {
  const lineEnd = data.indexOf(CRLF, at);
  if (lineEnd < 0) return null;
  const line = data.toString("utf8", at + 1, lineEnd);
  const next = lineEnd + 2;
  switch (String.fromCharCode(data[at]!)) {
    case "+":
      return { value: line, used: next - at };
    case "-":
      return { value: new ReplyError(line), used: next - at };
    case ":":
      return { value: Number(line), used: next - at };
    case "$": {
      const length = Number(line);
      if (length < 0) return { value: null, used: next - at };
      if (data.length < next + length + 2) return null;
      return { value: data.toString("utf8", next, next + length), used: next + length + 2 - at };
    }
    case "*": {
      const count = Number(line);
      if (count < 0) return { value: null, used: next - at };
      const items: Reply[] = [];
      let offset = next;
      for (let i = 0; i < count; i++) {
        const item = parseReply(data, offset);
        if (!item) return null;
        items.push(item.value);
        offset += item.used;
      }
      return { value: items, used: offset - at };
    }
    default:
      throw new Error("not a Redis server (unexpected reply)");
  }
}

export const encodeCommand = (args: string[]): string =>
  `*${args.length}\r\n${args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`).join("")}`;

/** A check's result with the command's reply. */
export type RedisResult = ProbeResult & { value?: Reply };

class LoginFailed extends Error {}

interface KeptConnection {
  conversation: Conversation;
  version: string | null;
}

/** The check of one monitor, keeping its connection between checks while they succeed. */
export function redisCheck(options: RedisProbeOptions): (signal?: AbortSignal) => Promise<RedisResult> {
  let kept: KeptConnection | null = null;
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  const drop = () => {
    kept?.conversation.close();
    kept = null;
  };
  return async (signal): Promise<RedisResult> => {
    const startedAt = performance.now();
    const limit = deadline(options.timeoutMs, signal);
    clearTimeout(idleTimer);
    if (kept?.conversation.isSpent) drop();
    let conversation = kept?.conversation;
    const onAbort = () => conversation?.close();
    limit.signal.addEventListener("abort", onAbort, { once: true });
    try {
      if (!kept) {
        const resolved = await resolveTarget(options.host, options.port, limit);
        if ("failure" in resolved) return down(startedAt, resolved.failure);
        const tls = options.tlsMode === "disable" ? null : { host: options.host, verify: options.tlsMode === "verify", ca: options.ca };
        conversation = new Conversation(resolved.address, options.port, tls);
        kept = await logIn(conversation, options);
      }
      conversation = kept.conversation;
      conversation.setInUse(true);
      const reply = await ask(conversation, options.command, "waiting for the reply");
      conversation.setInUse(false);
      idleTimer = setTimeout(drop, KEEP_IDLE_MS).unref();
      if (reply instanceof ReplyError) {
        const failure = reply.message.startsWith("NOAUTH") ? "login failed" : "command failed";
        return { ...down(startedAt, `${failure}: ${reply.message}`), details: { server_version: kept.version } };
      }
      const responseTimeMs = elapsedMs(startedAt);
      const failure = firstFailure(options.rules ?? [], (source) => (source === "reply" ? reply : responseTimeMs));
      const details = { server_version: kept.version, value: shownValue(reply) };
      return { ...(failure === null ? up(startedAt) : down(startedAt, failure)), value: reply, details };
    } catch (error) {
      conversation?.close();
      kept = null;
      if (limit.signal.aborted) return down(startedAt, stalled(limit, conversation?.phase ?? "connecting"));
      const message = error instanceof LoginFailed ? error.message : describeError(error);
      return down(startedAt, options.password ? message.replaceAll(options.password, "…") : message);
    } finally {
      limit.signal.removeEventListener("abort", onAbort);
    }
  };
}

async function ask(conversation: Conversation, command: string[], phase: string): Promise<Reply> {
  conversation.phase = phase;
  conversation.write(encodeCommand(command));
  return conversation.read(parseReply);
}

/** A new connection: open, AUTH when there is a password, and the server's version for the details. */
async function logIn(conversation: Conversation, options: RedisProbeOptions): Promise<KeptConnection> {
  await conversation.opened;
  if (options.password !== null) {
    const auth = await ask(conversation, ["AUTH", ...(options.username ? [options.username] : []), options.password], "logging in");
    if (auth instanceof ReplyError) throw new LoginFailed(`login failed: ${auth.message}`);
  }
  const info = await ask(conversation, ["INFO", "server"], "logging in");
  if (info instanceof ReplyError && info.message.startsWith("NOAUTH")) throw new LoginFailed(`login failed: ${info.message}`);
  const version = typeof info === "string" ? /^redis_version:(.+)$/m.exec(info)?.[1]?.trim() ?? null : null;
  return { conversation, version };
}

const DEFAULT_PORT = 6379;

export const redisKind = defineKind({
  name: "redis",
  label: "redis — Redis or Valkey answers a command",
  target: serviceTarget(DEFAULT_PORT, "cache.lan:6379"),
  settings: {
    ...loginSettings("an ACL user; none for a plain requirepass"),
    command: {
      input: v.optional(trimmed(v.minLength(1, "must not be empty"), v.maxLength(500, "must be at most 500 characters")), "PING"),
      output: v.string(),
      form: { label: "Command", input: "text", help: "run at every check, e.g. PING or GET health; its reply is what an assertion tests" },
    },
    tls_mode: tlsModeSetting(REDIS_TLS_MODES, "disable"),
    assertions: assertionsSetting(REDIS_SOURCES, 'reply == "PONG"'),
  },
  check: ({ url, timeoutMs, settings: s }) => {
    const target = serviceEndpoint(url, DEFAULT_PORT);
    if (!target) return unusable(`not a host or host:port: ${url}`);
    return redisCheck({
      ...target, username: s.username, password: s.password, command: s.command.split(/\s+/),
      tlsMode: s.tls_mode as RedisProbeOptions["tlsMode"], timeoutMs, rules: s.assertions.map((a) => compileAssertion(a)),
    });
  },
});
