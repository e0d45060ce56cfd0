// Minecraft Java servers: the status ping (handshake, then status request) answers with JSON; players online/max and
// the version become the check's details. A host given without a port is looked up as the game's client does:
// its `_minecraft._tcp` SRV record, else port 25565.
import { nodeDns } from "../node-builtins.ts";
import { connect, isIP } from "node:net";
import * as v from "valibot";
import { hostWithPort, isHost, splitHostPort } from "./hosts.ts";
import { defineKind, trimmed, unusable } from "./kind.ts";
import { deadline, down, up, type ProbeResult } from "./result.ts";
import { socketProbe } from "./socket-probe.ts";
import { allowedTarget } from "./target-guard.ts";

const DEFAULT_PORT = 25565;
/** -1: "whatever you speak", which every server answers a status request for. */
const ANY_PROTOCOL = -1;
const STATUS_STATE = 1;
/** A status answer is a few kilobytes (favicon included); anything much bigger is not one. */
const MAX_ANSWER_BYTES = 256 * 1024;

function varInt(value: number): Buffer {
  const bytes: number[] = [];
  let rest = value >>> 0;
  do {
    bytes.push((rest & 0x7f) | (rest > 0x7f ? 0x80 : 0));
    rest >>>= 7;
  } while (rest > 0);
  return Buffer.from(bytes);
}

/** A VarInt at `offset`: its value and length, or null when the buffer ends first. */
function readVarInt(buffer: Buffer, offset: number): { value: number; size: number } | null {
  let value = 0;
  for (let i = 0; i < 5; i++) {
    if (offset + i >= buffer.length) return null;
    const byte = buffer[offset + i]!;
    value |= (byte & 0x7f) << (7 * i);
    if ((byte & 0x80) === 0) return { value, size: i + 1 };
  }
  throw new RangeError("VarInt too long");
}

const packet = (...parts: Buffer[]) => {
  const body = Buffer.concat(parts);
  return Buffer.concat([varInt(body.length), body]);
};

const text = (value: string) => packet(Buffer.from(value, "utf8"));

function statusRequest(host: string, port: number): Buffer {
  const portBytes = Buffer.alloc(2);
  portBytes.writeUInt16BE(port);
  const handshake = packet(varInt(0), varInt(ANY_PROTOCOL), text(host), portBytes, varInt(STATUS_STATE));
  return Buffer.concat([handshake, packet(varInt(0))]);
}

/** The status JSON once the whole packet is in; undefined while more is to come. */
function statusJson(buffer: Buffer): unknown {
  const length = readVarInt(buffer, 0);
  if (!length || buffer.length < length.size + length.value) return undefined;
  const id = readVarInt(buffer, length.size);
  if (!id || id.value !== 0) throw new RangeError("not a status answer");
  const size = readVarInt(buffer, length.size + id.size);
  if (!size) throw new RangeError("cut short");
  const start = length.size + id.size + size.size;
  return JSON.parse(buffer.toString("utf8", start, start + size.value));
}

interface Status {
  version?: { name?: string; protocol?: number };
  players?: { online?: number; max?: number };
}

const notMinecraft = (answer: Buffer) => `not a Minecraft server: its answer starts ${answer.subarray(0, 8).toString("hex")}`;

export interface MinecraftProbeOptions {
  host: string;
  /** null: the SRV record's port, else DEFAULT_PORT */
  port: number | null;
  timeoutMs: number;
  /** "ip" or "ip:port" of the DNS server asked for the SRV record; the system's resolvers when absent */
  resolver?: string;
}

export async function probeMinecraft(options: MinecraftProbeOptions, signal?: AbortSignal): Promise<ProbeResult> {
  if (options.port !== null) return statusPing({ host: options.host, port: options.port, timeoutMs: options.timeoutMs }, signal);
  const startedAt = performance.now();
  const limit = deadline(options.timeoutMs, signal);
  const target = await srvTarget(options.host, options, limit.signal);
  if (limit.signal.aborted) return down(startedAt, limit.reason());
  return statusPing({ ...target, timeoutMs: options.timeoutMs, startedAt }, signal);
}

/**
 * Where the game's client connects for a host without a port: the `_minecraft._tcp.<host>` SRV record's target and
 * port (lowest priority, then highest weight), or the host itself on DEFAULT_PORT when there is none or the lookup fails.
 */
export async function srvTarget(host: string, options: { timeoutMs: number; resolver?: string }, signal?: AbortSignal): Promise<{ host: string; port: number }> {
  const fallback = { host, port: DEFAULT_PORT };
  if (isIP(host)) return fallback;
  const resolver = new (nodeDns().Resolver)({ timeout: options.timeoutMs, tries: 1 });
  if (options.resolver) resolver.setServers([options.resolver]);
  const cancel = () => resolver.cancel();
  signal?.addEventListener("abort", cancel, { once: true });
  try {
    const records = await resolver.resolveSrv(`_minecraft._tcp.${host.replace(/\.$/, "")}`);
    const best = records.sort((a, b) => a.priority - b.priority || b.weight - a.weight)[0];
    return best && best.name ? { host: best.name.replace(/\.$/, ""), port: best.port } : fallback;
  } catch {
    return fallback;
  } finally {
    signal?.removeEventListener("abort", cancel);
  }
}

function statusPing(options: { host: string; port: number; timeoutMs: number; startedAt?: number }, signal?: AbortSignal): Promise<ProbeResult> {
  return socketProbe(options, signal, (address, finish, startedAt) => {
    let received = Buffer.alloc(0);
    const socket = connect({ host: address, port: options.port }).once("connect", () => socket.write(statusRequest(options.host, options.port)));
    socket.on("data", (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      let status: Status | undefined;
      try {
        if (received.length > MAX_ANSWER_BYTES) throw new RangeError("too long");
        status = statusJson(received) as Status | undefined;
      } catch {
        return finish(down(startedAt, notMinecraft(received)));
      }
      if (status === undefined) return;
      const online = status.players?.online;
      if (typeof online !== "number") return finish(down(startedAt, "the Minecraft status has no player count"));
      finish({ ...up(startedAt), details: { players_online: online, players_max: status.players?.max ?? null, version: status.version?.name ?? null } });
    });
    socket.once("end", () => finish(down(startedAt, received.length > 0 ? notMinecraft(received) : "the server closed the connection without a status")));
    return socket;
  });
}

export const minecraftKind = defineKind({
  name: "minecraft",
  label: "minecraft — a Java server answers its status ping",
  target: {
    schema: trimmed(v.check((s) => hostWithPort(s, DEFAULT_PORT) !== null, "must be host or host:port, e.g. mc.lan:25565"), allowedTarget((s) => hostWithPort(s, DEFAULT_PORT))),
    label: "Host (and port)",
    example: "mc.lan:25565",
  },
  settings: {},
  check: ({ url, timeoutMs }) => {
    const target = isHost(url) ? { host: url.replace(/^\[|\]$/g, ""), port: null } : splitHostPort(url);
    if (!target) return unusable(`not a host or host:port: ${url}`);
    const options = { ...target, timeoutMs };
    return (signal) => probeMinecraft(options, signal);
  },
});
