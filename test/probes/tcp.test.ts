import { afterAll, expect, test } from "bun:test";
import { createServer } from "node:net";
import { probeTcp } from "../../src/probes/tcp.ts";
import { silentListener } from "../support/silent-listener.ts";
import { closedPort } from "../support/targets.ts";

const listening = createServer((socket) => socket.end());
await new Promise<void>((resolve) => listening.listen(0, "127.0.0.1", resolve));
const openPort = (listening.address() as { port: number }).port;
const silent = await silentListener();
afterAll(() => {
  listening.close();
  silent.stop();
});

test("a listening port is up", async () => {
  const result = await probeTcp({ host: "127.0.0.1", port: openPort, timeoutMs: 2000 });
  expect(result).toMatchObject({ isUp: true, statusCode: null, errorMessage: null });
});

test("a closed port is down: connection refused", async () => {
  const result = await probeTcp({ host: "127.0.0.1", port: await closedPort(), timeoutMs: 2000 });
  expect(result).toMatchObject({ isUp: false, errorMessage: "connection refused" });
});

test("shutdown cancels a connection attempt", async () => {
  const controller = new AbortController();
  controller.abort();
  const result = await probeTcp({ host: "127.0.0.1", port: openPort, timeoutMs: 2000 }, controller.signal);
  expect(result).toMatchObject({ isUp: false, errorMessage: "check cancelled" });
});

test("the connection is closed once it is made (the check is the connection), even when the server says nothing", async () => {
  expect((await probeTcp({ host: "127.0.0.1", port: silent.port, timeoutMs: 2000 })).isUp).toBe(true);
  await silent.allClosed();
});
