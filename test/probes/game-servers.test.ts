// Minecraft's status ping and Source's A2S_INFO against small local responders that speak each protocol as
// documented (no real game server installs here): up with players in the details, wrong answer, closed port, timeout.
import { afterAll, describe, expect, test } from "bun:test";
import { createSocket } from "node:dgram";
import { createServer, type Socket } from "node:net";
import { probeA2s } from "../../src/probes/a2s.ts";
import { probeMinecraft } from "../../src/probes/minecraft.ts";
import { silentListener } from "../support/silent-listener.ts";
import { closedPort } from "../support/targets.ts";

const varInt = (n: number) => {
  const out: number[] = [];
  do {
    out.push((n & 0x7f) | (n > 0x7f ? 0x80 : 0));
    n >>>= 7;
  } while (n > 0);
  return Buffer.from(out);
};
const framed = (body: Buffer) => Buffer.concat([varInt(body.length), body]);

/** Answers a handshake + status request with the status JSON, in two writes to show the probe reassembles it. */
function minecraftResponder(answer: (request: Buffer) => Buffer) {
  const server = createServer((socket: Socket) => {
    let got = Buffer.alloc(0);
    socket.on("data", (chunk: Buffer) => {
      got = Buffer.concat([got, chunk]);
      // handshake (ends with next state 1), then the one-byte status request packet: 01 00
      if (!got.subarray(-2).equals(Buffer.from([1, 0]))) return;
      const reply = answer(got);
      socket.write(reply.subarray(0, 3));
      setTimeout(() => socket.end(reply.subarray(3)), 20);
    });
  });
  return new Promise<{ port: number; close(): void }>((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve({ port: (server.address() as { port: number }).port, close: () => server.close() })));
}

const status = { version: { name: "1.21.4", protocol: 769 }, players: { max: 20, online: 3, sample: [] }, description: { text: "homelab" } };
const statusPacket = (json: string) => {
  const text = Buffer.from(json, "utf8");
  return framed(Buffer.concat([varInt(0), varInt(text.length), text]));
};
const minecraft = await minecraftResponder(() => statusPacket(JSON.stringify(status)));
const notMinecraft = await minecraftResponder(() => Buffer.from("HTTP/1.1 400 Bad Request\r\n\r\n"));
const silent = await silentListener();
afterAll(() => [minecraft, notMinecraft, silent].forEach((s) => (s as { close?(): void }).close?.() ?? (s as { stop(): void }).stop()));

describe("minecraft", () => {
  const at = (port: number, timeoutMs = 2000) => probeMinecraft({ host: "127.0.0.1", port, timeoutMs });

  test("a status answer is up, with players and version as details", async () => {
    const result = await at(minecraft.port);
    expect(result).toMatchObject({ isUp: true, errorMessage: null, details: { players_online: 3, players_max: 20, version: "1.21.4" } });
  });

  test("another protocol's answer is down, saying what it was", async () => {
    expect((await at(notMinecraft.port)).errorMessage).toBe("not a Minecraft server: its answer starts 485454502f312e31");
  });

  test("a closed port is refused", async () => {
    expect(await at(await closedPort())).toMatchObject({ isUp: false, errorMessage: "connection refused" });
  });

  test("a listener that never answers times out, and the connection is closed", async () => {
    expect(await at(silent.port, 300)).toMatchObject({ isUp: false, errorMessage: "timeout after 0.3 s" });
    await silent.allClosed();
  });
});

/** A2S_INFO as Valve documents it: a challenge first, then the info to a query that carries it. */
function a2sResponder(info: Buffer) {
  const socket = createSocket("udp4");
  const challenge = Buffer.from([1, 2, 3, 4]);
  socket.on("message", (msg, from) => {
    const withChallenge = msg.length === 29 && msg.subarray(25).equals(challenge);
    const reply = withChallenge ? info : Buffer.concat([Buffer.from([0xff, 0xff, 0xff, 0xff, 0x41]), challenge]);
    socket.send(reply, from.port, from.address);
  });
  return new Promise<typeof socket>((resolve) => socket.bind(0, "127.0.0.1", () => resolve(socket)));
}

const cstr = (s: string) => Buffer.from(`${s}\0`, "utf8");
const info = Buffer.concat([
  Buffer.from([0xff, 0xff, 0xff, 0xff, 0x49, 17]), cstr("Homelab TF2"), cstr("ctf_2fort"), cstr("tf"), cstr("Team Fortress"),
  Buffer.from([0xb8, 0x01, 7, 24, 2, 0x64, 0x6c, 0, 1]), cstr("8622567"),
]);
const source = await a2sResponder(info);
const wrong = await a2sResponder(Buffer.from("hello"));
const quiet = createSocket("udp4");
await new Promise<void>((resolve) => quiet.bind(0, "127.0.0.1", resolve));
afterAll(() => [source, wrong, quiet].forEach((s) => s.close()));

describe("a2s", () => {
  const at = (port: number, timeoutMs = 2000) => probeA2s({ host: "127.0.0.1", port, timeoutMs });

  test("answers its challenge and is up, with the server's facts as details", async () => {
    const result = await at(source.address().port);
    expect(result).toMatchObject({
      isUp: true,
      details: { name: "Homelab TF2", map: "ctf_2fort", game: "Team Fortress", players_online: 7, players_max: 24, bots: 2, version: "8622567" },
    });
  });

  test("another answer is down", async () => {
    expect((await at(wrong.address().port)).errorMessage).toBe("not a Source server: its answer starts 68656c6c6f");
  });

  test("a closed port is refused; a quiet one times out", async () => {
    const closed = createSocket("udp4");
    await new Promise<void>((resolve) => closed.bind(0, "127.0.0.1", resolve));
    const port = closed.address().port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    expect((await at(port)).errorMessage).toBe("connection refused");
    expect((await at(quiet.address().port, 300)).errorMessage).toBe("timeout after 0.3 s");
  });
});
