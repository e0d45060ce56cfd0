import { afterAll, expect, test } from "bun:test";
import { createSocket } from "node:dgram";
import { compileAssertion } from "../../src/probes/assertions.ts";
import { probeUdp, type UdpProbeOptions } from "../../src/probes/udp.ts";

/** An echo server, and one that reads and never answers. */
const echo = createSocket("udp4").on("message", (msg, from) => echo.send(msg, from.port, from.address));
const silent = createSocket("udp4").on("message", () => {});
await Promise.all([echo, silent].map((s) => new Promise<void>((resolve) => s.bind(0, "127.0.0.1", resolve))));
afterAll(() => [echo, silent].forEach((s) => s.close()));

const closedUdpPort = async () => {
  const s = createSocket("udp4");
  await new Promise<void>((resolve) => s.bind(0, "127.0.0.1", resolve));
  const port = s.address().port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
};

const options = (port: number, more: Partial<UdpProbeOptions> = {}): UdpProbeOptions => ({
  host: "127.0.0.1", port, payload: Buffer.from("ping"), expectReply: true, rules: [], timeoutMs: 1000, ...more,
});

test("a reply is up", async () => {
  expect(await probeUdp(options(echo.address().port))).toMatchObject({ isUp: true, errorMessage: null });
});

test("a reply that fails its assertion is down with what came back", async () => {
  const rules = [compileAssertion({ source: "body", operator: "==", value: "pong" })];
  const result = await probeUdp(options(echo.address().port, { rules }));
  expect(result).toMatchObject({ isUp: false, errorMessage: 'reply body was "ping", expected "pong"' });
});

test("hex payloads go out as bytes", async () => {
  const rules = [compileAssertion({ source: "body", operator: "==", value: "AB" })];
  expect((await probeUdp(options(echo.address().port, { payload: Buffer.from("4142", "hex"), rules }))).isUp).toBe(true);
});

test("a closed port is refused", async () => {
  expect(await probeUdp(options(await closedUdpPort()))).toMatchObject({ isUp: false, errorMessage: "connection refused" });
  expect(await probeUdp(options(await closedUdpPort(), { expectReply: false }))).toMatchObject({ isUp: false, errorMessage: "connection refused" });
});

test("no reply times out; without an expected reply, a quiet listener is up", async () => {
  expect(await probeUdp(options(silent.address().port, { timeoutMs: 300 }))).toMatchObject({ isUp: false, errorMessage: "timeout after 0.3 s" });
  expect(await probeUdp(options(silent.address().port, { expectReply: false }))).toMatchObject({ isUp: true });
});
