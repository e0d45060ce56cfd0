// The websocket probe against Bun's own WebSocket server (plain and TLS): upgrade, a message and its reply under
// assertions, a refused upgrade, a closed port, a listener that never answers, and an untrusted certificate.
import { afterAll, describe, expect, test } from "bun:test";
import { compileAssertion } from "../../src/probes/assertions.ts";
import { probeWebSocket, type WebSocketProbeOptions } from "../../src/probes/websocket.ts";
import { selfSignedCert } from "../support/certs.ts";
import { silentListener } from "../support/silent-listener.ts";
import { closedPort } from "../support/targets.ts";

const serve = (tls?: { cert: string; key: string }) =>
  Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    tls,
    fetch(request, server) {
      if (new URL(request.url).pathname === "/socket" && server.upgrade(request)) return undefined;
      return new Response("no upgrade here", { status: 426 });
    },
    websocket: {
      message(ws, message) {
        ws.send(message === "status" ? JSON.stringify({ state: "ready", clients: 2 }) : `echo: ${message}`);
      },
    },
  });
const plain = serve();
const secure = serve(selfSignedCert(30));
const silent = await silentListener();
afterAll(() => {
  plain.stop(true);
  secure.stop(true);
  silent.stop();
});

const check = (url: string, more: Partial<WebSocketProbeOptions> = {}) =>
  probeWebSocket({ url, message: null, rules: [], ignoreTlsErrors: false, timeoutMs: 2000, ...more });

describe("websocket probe", () => {
  test("an upgrade is up", async () => {
    expect(await check(`ws://127.0.0.1:${plain.port}/socket`)).toMatchObject({ isUp: true, statusCode: 101, errorMessage: null });
  });

  test("a message's reply is checked by the assertions", async () => {
    const rules = [compileAssertion({ source: "json", path: "$.state", operator: "==", value: "ready" })];
    expect((await check(`ws://127.0.0.1:${plain.port}/socket`, { message: "status", rules })).isUp).toBe(true);
    const wrong = await check(`ws://127.0.0.1:${plain.port}/socket`, { message: "hello", rules: [compileAssertion({ source: "body", operator: "==", value: "pong" })] });
    expect(wrong).toMatchObject({ isUp: false, errorMessage: 'reply: body was "echo: hello", expected "pong"' });
  });

  test("a refused upgrade says which status came back", async () => {
    expect((await check(`ws://127.0.0.1:${plain.port}/elsewhere`)).errorMessage).toBe("expected 101 Switching Protocols, got 426 Upgrade Required");
  });

  test("a closed port is refused", async () => {
    expect((await check(`ws://127.0.0.1:${await closedPort()}/socket`)).errorMessage).toBe("connection refused");
  });

  test("a listener that never answers times out, and the connection is closed", async () => {
    expect((await check(`ws://127.0.0.1:${silent.port}/socket`, { timeoutMs: 300 })).errorMessage).toBe("timeout after 0.3 s");
    await silent.allClosed();
  });

  test("wss: an untrusted certificate is down unless ignored", async () => {
    expect((await check(`wss://127.0.0.1:${secure.port}/socket`)).errorMessage).toStartWith("TLS: ");
    const ignored = await check(`wss://127.0.0.1:${secure.port}/socket`, { ignoreTlsErrors: true, message: "hi", rules: [compileAssertion({ source: "body", operator: "==", value: "echo: hi" })] });
    expect(ignored).toMatchObject({ isUp: true });
  });
});
