// Source engine servers (A2S_INFO): ask for the server's info, answer its challenge when it sends one, and keep the
// name, map, players and version as the check's details.
import * as v from "valibot";
import { hostWithPort } from "./hosts.ts";
import { defineKind, trimmed, unusable } from "./kind.ts";
import { down, up, type Details, type ProbeResult } from "./result.ts";
import { allowedTarget } from "./target-guard.ts";
import { udpProbe } from "./udp-probe.ts";

const DEFAULT_PORT = 27015;
const HEADER = Buffer.from([0xff, 0xff, 0xff, 0xff]);
const QUERY = Buffer.concat([HEADER, Buffer.from("TSource Engine Query\0", "latin1")]);
const CHALLENGE = 0x41;
const INFO = 0x49;
/** The Ship's app id: its info carries three more bytes before the version. */
const THE_SHIP = 2400;

export function probeA2s(options: { host: string; port: number; timeoutMs: number }, signal?: AbortSignal): Promise<ProbeResult> {
  return udpProbe(options, signal, ({ send, finish, startedAt }) => {
    send(QUERY);
    return (reply) => {
      if (reply.length >= 9 && reply.readInt32LE(0) === -1 && reply[4] === CHALLENGE) return send(Buffer.concat([QUERY, reply.subarray(5, 9)]));
      const details = reply.length > 5 && reply.readInt32LE(0) === -1 && reply[4] === INFO ? parseInfo(reply.subarray(5)) : null;
      finish(details ? { ...up(startedAt), details } : down(startedAt, replyProblem(reply)));
    };
  });
}

function replyProblem(reply: Buffer): string {
  if (reply.length >= 4 && reply.readInt32LE(0) === -2) return "the server split its answer in parts, which upbeat does not read";
  return `not a Source server: its answer starts ${reply.subarray(0, 6).toString("hex")}`;
}

/** The A2S_INFO payload after its type byte → details, or null when it is cut short. */
function parseInfo(body: Buffer): Details | null {
  let at = 1; // protocol version
  const text = () => {
    const end = body.indexOf(0, at);
    if (end === -1) throw new RangeError("cut short");
    const value = body.toString("utf8", at, end);
    at = end + 1;
    return value;
  };
  try {
    const [name, map, , game] = [text(), text(), text(), text()];
    const appId = body.readUInt16LE(at);
    const [players, max, bots] = [body[at + 2]!, body[at + 3]!, body[at + 4]!];
    at += 9 + (appId === THE_SHIP ? 3 : 0);
    return { name, map, game, players_online: players, players_max: max, bots, version: text() };
  } catch {
    return null;
  }
}

export const a2sKind = defineKind({
  name: "a2s",
  label: "a2s — a Source game server answers",
  target: {
    schema: trimmed(v.check((s) => hostWithPort(s, DEFAULT_PORT) !== null, "must be host or host:port, e.g. games.lan:27015"), allowedTarget((s) => hostWithPort(s, DEFAULT_PORT))),
    label: "Host and port",
    example: "games.lan:27015",
  },
  settings: {},
  check: ({ url, timeoutMs }) => {
    const target = hostWithPort(url, DEFAULT_PORT);
    if (!target) return unusable(`not a host or host:port: ${url}`);
    const options = { ...target, timeoutMs };
    return (signal) => probeA2s(options, signal);
  },
});
