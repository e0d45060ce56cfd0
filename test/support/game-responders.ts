// Small local responders for game-server protocols as documented (no real game server installs here): Minecraft
// Java's status ping and Source's A2S_INFO with its challenge. The probe tests and bench/checks.ts --mix use them.
import { createSocket, type Socket as UdpSocket } from "node:dgram";
import { createServer, type Socket } from "node:net";

const varInt = (n: number) => {
  const out: number[] = [];
  do {
    out.push((n & 0x7f) | (n > 0x7f ? 0x80 : 0));
    n >>>= 7;
  } while (n > 0);
  return Buffer.from(out);
};
const framed = (body: Buffer) => Buffer.concat([varInt(body.length), body]);

/** The status packet a server sends: length, packet id 0, then the JSON as a length-prefixed string. */
export function minecraftStatus(status: unknown): Buffer {
  const text = Buffer.from(JSON.stringify(status), "utf8");
  return framed(Buffer.concat([varInt(0), varInt(text.length), text]));
}

/** Answers a handshake + status request, in two writes to show the probe reassembles it. */
export function minecraftResponder(answer: Buffer) {
  const server = createServer((socket: Socket) => {
    let got = Buffer.alloc(0);
    socket.on("error", () => {});
    socket.on("data", (chunk: Buffer) => {
      got = Buffer.concat([got, chunk]);
      // handshake (ends with next state 1), then the one-byte status request packet: 01 00
      if (!got.subarray(-2).equals(Buffer.from([1, 0]))) return;
      socket.write(answer.subarray(0, 3));
      setTimeout(() => socket.end(answer.subarray(3)), 20);
    });
  });
  return new Promise<{ port: number; close(): void }>((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve({ port: (server.address() as { port: number }).port, close: () => server.close() })));
}

const cstr = (s: string) => Buffer.from(`${s}\0`, "utf8");

/** An A2S_INFO answer: header, type 'I', protocol, name, map, folder, game, app id, players, max, bots, type, os, visibility, VAC, version. */
export function a2sInfo(info: { name: string; map: string; game: string; players: number; max: number; bots: number; version: string }): Buffer {
  return Buffer.concat([
    Buffer.from([0xff, 0xff, 0xff, 0xff, 0x49, 17]), cstr(info.name), cstr(info.map), cstr("tf"), cstr(info.game),
    Buffer.from([0xb8, 0x01, info.players, info.max, info.bots, 0x64, 0x6c, 0, 1]), cstr(info.version),
  ]);
}

/** A challenge first, then `info` to a query that carries it. */
export function a2sResponder(info: Buffer) {
  const socket = createSocket("udp4");
  const challenge = Buffer.from([1, 2, 3, 4]);
  socket.on("message", (msg, from) => {
    const withChallenge = msg.length === 29 && msg.subarray(25).equals(challenge);
    const reply = withChallenge ? info : Buffer.concat([Buffer.from([0xff, 0xff, 0xff, 0xff, 0x41]), challenge]);
    socket.send(reply, from.port, from.address);
  });
  return new Promise<UdpSocket>((resolve) => socket.bind(0, "127.0.0.1", () => resolve(socket)));
}
