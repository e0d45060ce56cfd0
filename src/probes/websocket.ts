// WebSocket probe: the upgrade answers 101 with the right Sec-WebSocket-Accept; optionally a message is sent and the
// first reply must pass the assertions. Spoken over a plain socket so every failure (status, TLS, silence) is precise.
import { isIP, connect as connectTcp } from "node:net";
import { nodeCrypto, nodeTls } from "../node-builtins.ts";
import * as v from "valibot";
import { assertionsSetting, compileAssertion, firstFailure, type Rule } from "./assertions.ts";
import { defineKind, flag, ignoreTlsErrorsSetting, optionalText, trimmed } from "./kind.ts";
import { down, elapsedMs, up, type ProbeResult } from "./result.ts";
import { socketProbe } from "./socket-probe.ts";
import { allowedTarget } from "./target-guard.ts";

export const WEBSOCKET_SOURCES = ["body", "json", "response_time_ms"] as const;
const GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
const MAX_REPLY_BYTES = 1024 * 1024;
const [TEXT, CLOSE, PING] = [0x1, 0x8, 0x9];

export interface WebSocketProbeOptions {
  url: string;
  /** sent once the upgrade succeeded; the first reply is then awaited */
  message: string | null;
  /** on the first reply (awaited when there are rules even without a message) */
  rules: Rule[];
  ignoreTlsErrors: boolean;
  timeoutMs: number;
}

/** A client frame: FIN, the opcode, the mask bit, and the payload masked as RFC 6455 requires of clients. */
function frame(opcode: number, payload: Buffer): Buffer {
  const mask = nodeCrypto().randomBytes(4);
  const length = payload.length;
  const header = length < 126 ? Buffer.from([0x80 | opcode, 0x80 | length])
    : length < 65536 ? Buffer.from([0x80 | opcode, 0x80 | 126, length >> 8, length & 0xff])
    : Buffer.concat([Buffer.from([0x80 | opcode, 0x80 | 127]), bigEndian64(length)]);
  const masked = Buffer.from(payload.map((byte, i) => byte ^ mask[i % 4]!));
  return Buffer.concat([header, mask, masked]);
}

const bigEndian64 = (n: number) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(n));
  return b;
};

/** The first whole server frame in `buffer`: opcode, payload and its size in bytes; null while more is to come. */
function readFrame(buffer: Buffer): { opcode: number; payload: Buffer; size: number } | null {
  if (buffer.length < 2) return null;
  let length = buffer[1]! & 0x7f;
  let at = 2;
  if (length === 126) {
    if (buffer.length < 4) return null;
    length = buffer.readUInt16BE(2);
    at = 4;
  } else if (length === 127) {
    if (buffer.length < 10) return null;
    length = Number(buffer.readBigUInt64BE(2));
    at = 10;
  }
  if (buffer[1]! & 0x80) at += 4; // servers do not mask, but a mask would come here
  if (buffer.length < at + length) return null;
  return { opcode: buffer[0]! & 0x0f, payload: buffer.subarray(at, at + length), size: at + length };
}

const statusLine = (head: string) => head.slice(0, head.indexOf("\r\n"));

export function probeWebSocket(options: WebSocketProbeOptions, signal?: AbortSignal): Promise<ProbeResult> {
  const url = new URL(options.url);
  const secure = url.protocol === "wss:";
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  const port = Number(url.port) || (secure ? 443 : 80);
  const { createHash, randomBytes } = nodeCrypto();
  const key = randomBytes(16).toString("base64");
  const accept = createHash("sha1").update(key + GUID).digest("base64");
  const request = [
    `GET ${url.pathname}${url.search} HTTP/1.1`, `Host: ${url.host}`, "Upgrade: websocket", "Connection: Upgrade",
    `Sec-WebSocket-Key: ${key}`, "Sec-WebSocket-Version: 13", "User-Agent: upbeat", "", "",
  ].join("\r\n");
  const awaitsReply = options.message !== null || options.rules.length > 0;

  return socketProbe({ host, port, timeoutMs: options.timeoutMs }, signal, (address, finish, startedAt) => {
    const socket = secure
      ? nodeTls().connect({ host: address, port, servername: isIP(host) ? undefined : host, rejectUnauthorized: !options.ignoreTlsErrors })
      : connectTcp({ host: address, port });
    socket.once(secure ? "secureConnect" : "connect", () => socket.write(request));
    let received = Buffer.alloc(0);
    let upgraded = false;
    socket.on("data", (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (!upgraded) {
        const end = received.indexOf("\r\n\r\n");
        if (end === -1) return;
        const head = received.toString("latin1", 0, end);
        if (!/^HTTP\/1\.1 101\b/.test(head)) return finish(down(startedAt, `expected 101 Switching Protocols, got ${statusLine(head).replace(/^HTTP\/\S+ /, "")}`));
        if (!new RegExp(`^sec-websocket-accept:\\s*${accept.replace(/[+/=]/g, "\\$&")}\\s*$`, "im").test(head)) {
          return finish(down(startedAt, "the server's Sec-WebSocket-Accept does not match the key sent"));
        }
        upgraded = true;
        received = received.subarray(end + 4);
        if (!awaitsReply) return finish(up(startedAt, 101));
        if (options.message !== null) socket.write(frame(TEXT, Buffer.from(options.message, "utf8")));
      }
      if (received.length > MAX_REPLY_BYTES + 14) return finish(down(startedAt, "the reply is larger than 1 MB"));
      for (let next = readFrame(received); next; next = readFrame(received)) {
        received = received.subarray(next.size);
        if (next.opcode === PING) socket.write(frame(0xa, next.payload));
        else if (next.opcode === CLOSE) return finish(down(startedAt, `the server closed the WebSocket (${next.payload.length >= 2 ? next.payload.readUInt16BE(0) : "no code"}) without a reply`));
        else if (next.opcode <= 0x2) return finish(onReply(next.payload.toString("utf8"), startedAt, options.rules));
      }
    });
    socket.once("end", () => finish(down(startedAt, upgraded ? "the server closed the connection without a reply" : "the server closed the connection during the upgrade")));
    return socket;
  });
}

function onReply(text: string, startedAt: number, rules: Rule[]): ProbeResult {
  const responseTimeMs = elapsedMs(startedAt);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const failure = firstFailure(rules, (source) => (source === "body" ? text : source === "json" ? json : responseTimeMs));
  return failure === null ? up(startedAt, 101) : down(startedAt, `reply: ${failure}`, 101);
}

const endpointOf = (s: string) => {
  if (!URL.canParse(s)) return null;
  const url = new URL(s);
  return { host: url.hostname.replace(/^\[(.*)\]$/, "$1"), port: Number(url.port) || (url.protocol === "wss:" ? 443 : 80) };
};

export const websocketKind = defineKind({
  name: "websocket",
  label: "websocket — the upgrade succeeds (and answers)",
  target: {
    schema: trimmed(v.regex(/^wss?:\/\/[^\s/]+/i, "must be a ws:// or wss:// URL"), v.check((s) => URL.canParse(s), "must be a ws:// or wss:// URL"), allowedTarget(endpointOf)),
    label: "URL",
    example: "wss://home.lan/api/websocket",
  },
  settings: {
    message: { input: optionalText(65536, true), output: v.nullable(v.string()), form: { label: "Message", input: "textarea", help: "sent after the upgrade; the first reply is then checked" } },
    ignore_tls_errors: ignoreTlsErrorsSetting,
    assertions: assertionsSetting(WEBSOCKET_SOURCES, 'json $.type == "pong"'),
  },
  check: ({ url, timeoutMs, settings: s }) => {
    const options = { url, message: s.message, rules: s.assertions.map((a) => compileAssertion(a)), ignoreTlsErrors: s.ignore_tls_errors, timeoutMs };
    return (signal) => probeWebSocket(options, signal);
  },
});
