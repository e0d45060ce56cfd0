// Minecraft's status ping and Source's A2S_INFO against small local responders that speak each protocol as
// documented (no real game server installs here): up with players in the details, wrong answer, closed port, timeout;
// and Minecraft's SRV lookup for a host given without a port, asked of the local DNS responder.
import { afterAll, describe, expect, test } from "bun:test";
import { createSocket } from "node:dgram";
import { probeA2s } from "../../src/probes/a2s.ts";
import { probeMinecraft, srvTarget } from "../../src/probes/minecraft.ts";
import { startDnsResponder } from "../support/dns-responder.ts";
import { silentListener } from "../support/silent-listener.ts";
import { a2sInfo, a2sResponder, minecraftResponder, minecraftStatus } from "../support/game-responders.ts";
import { closedPort } from "../support/targets.ts";

const status = { version: { name: "1.21.4", protocol: 769 }, players: { max: 20, online: 3, sample: [] }, description: { text: "homelab" } };
const minecraft = await minecraftResponder(minecraftStatus(status));
const notMinecraft = await minecraftResponder(Buffer.from("HTTP/1.1 400 Bad Request\r\n\r\n"));
const silent = await silentListener();
const dns = await startDnsResponder({
  "_minecraft._tcp.mc.test": { SRV: [`10 0 ${minecraft.port} localhost`] },
  "_minecraft._tcp.many.test": { SRV: ["20 0 25001 last.many.test", "10 1 25002 light.many.test", "10 9 25003 heavy.many.test."] },
  "plain.test": { A: ["127.0.0.1"] },
});
afterAll(() => [minecraft, notMinecraft, silent, dns].forEach((s) => (s as { close?(): void }).close?.() ?? (s as { stop(): void }).stop()));

describe("minecraft", () => {
  const at = (port: number, timeoutMs = 2000) => probeMinecraft({ host: "127.0.0.1", port, timeoutMs });
  const srvOf = (host: string) => srvTarget(host, { timeoutMs: 2000, resolver: dns.address });

  test("a host without a port is found by its SRV record, as the game's client finds it, and checked there", async () => {
    expect(await srvOf("mc.test")).toEqual({ host: "localhost", port: minecraft.port });
    const result = await probeMinecraft({ host: "mc.test", port: null, timeoutMs: 2000, resolver: dns.address });
    expect(result).toMatchObject({ isUp: true, details: { players_online: 3 } });
  });

  test("of several SRV records the lowest priority, then the highest weight, is taken", async () => {
    expect(await srvOf("many.test")).toEqual({ host: "heavy.many.test", port: 25003 });
  });

  test("without an SRV record (or for an address) the host itself on port 25565 is checked", async () => {
    expect(await srvOf("plain.test")).toEqual({ host: "plain.test", port: 25565 });
    expect(await srvOf("nothing.test")).toEqual({ host: "nothing.test", port: 25565 });
    expect(await srvOf("127.0.0.1")).toEqual({ host: "127.0.0.1", port: 25565 });
  });

  test("a resolver that never answers ends the check at its timeout, the lookup included", async () => {
    const mute = createSocket("udp4");
    await new Promise<void>((resolve) => mute.bind(0, "127.0.0.1", resolve));
    const resolver = `127.0.0.1:${mute.address().port}`;
    const startedAt = performance.now();
    expect(await probeMinecraft({ host: "mc.test", port: null, timeoutMs: 300, resolver })).toMatchObject({ isUp: false, errorMessage: "timeout after 0.3 s" });
    expect(performance.now() - startedAt).toBeLessThan(1000);
    mute.close();
  });

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

const source = await a2sResponder(a2sInfo({ name: "Homelab TF2", map: "ctf_2fort", game: "Team Fortress", players: 7, max: 24, bots: 2, version: "8622567" }));
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
