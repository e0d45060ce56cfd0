import { afterAll, beforeAll, expect, test } from "bun:test";
import { compileAssertion } from "../../src/probes/assertions.ts";
import { parseReply, redisCheck, ReplyError, type RedisProbeOptions } from "../../src/probes/redis.ts";
import { guardTargets, type TargetGuard } from "../../src/probes/target-guard.ts";
import { selfSignedCert } from "../support/certs.ts";
import { startRedis, type TestRedis } from "../support/redis.ts";
import { silentListener, type SilentListener } from "../support/silent-listener.ts";
import { closedPort } from "../support/targets.ts";

const cert = selfSignedCert(30);
let redis: TestRedis;
let silent: SilentListener;
beforeAll(async () => {
  [redis, silent] = await Promise.all([startRedis(cert), silentListener()]);
});
afterAll(async () => {
  await redis?.remove();
  silent?.stop();
});

const options = (more: Partial<RedisProbeOptions> = {}): RedisProbeOptions => ({
  host: "127.0.0.1", port: redis.port, username: null, password: redis.password, command: ["PING"], tlsMode: "disable", timeoutMs: 2000, ...more,
});
const probe = (more: Partial<RedisProbeOptions> = {}) => redisCheck(options(more))();

test("a Redis that takes the password and answers PING is up, with its version and the reply", async () => {
  const result = await probe();
  expect(result).toMatchObject({ isUp: true, errorMessage: null, value: "PONG" });
  expect(result.details).toEqual({ server_version: expect.stringMatching(/^7\./), value: "PONG" });
});

test("the monitor's command runs and its reply is read, over the connection kept between checks", async () => {
  const check = redisCheck(options({ command: ["CLIENT", "ID"] }));
  const first = await check();
  expect(first.value).toBeNumber();
  expect((await check()).value).toBe(first.value);
});

test("a reply other than the assertion wants is down, naming what it was", async () => {
  const rules = [compileAssertion({ source: "reply", operator: "==", value: "ok" })];
  expect(await probe({ command: ["ECHO", "degraded"], rules })).toMatchObject({ isUp: false, errorMessage: 'reply was "degraded", expected "ok"' });
  expect(await probe({ command: ["ECHO", "ok"], rules })).toMatchObject({ isUp: true, value: "ok" });
});

test("a wrong password is down with the server's reason, without the password", async () => {
  const result = await probe({ password: "wrong-password" });
  expect(result).toMatchObject({ isUp: false, errorMessage: "login failed: WRONGPASS invalid username-password pair or user is disabled." });
});

test("no password for a server that wants one is down", async () => {
  const result = await probe({ password: null });
  expect(result).toMatchObject({ isUp: false, errorMessage: "login failed: NOAUTH Authentication required." });
});

test("an error reply to the command is down", async () => {
  const result = await probe({ command: ["NOSUCHCOMMAND"] });
  expect(result.isUp).toBe(false);
  expect(result.errorMessage).toStartWith("command failed: ERR unknown command 'NOSUCHCOMMAND'");
});

test("over TLS: require takes any certificate, verify checks it", async () => {
  expect(await probe({ port: redis.tlsPort, tlsMode: "require" })).toMatchObject({ isUp: true, value: "PONG" });
  expect(await probe({ port: redis.tlsPort, tlsMode: "verify" })).toMatchObject({ isUp: false, errorMessage: "TLS: self-signed certificate" });
  expect(await probe({ host: "localhost", port: redis.tlsPort, tlsMode: "verify", ca: [cert.cert] })).toMatchObject({ isUp: true });
});

test("TLS required of a port that does not speak it is down", async () => {
  // Redis waits for the end of a line that the TLS greeting never sends
  const result = await probe({ tlsMode: "require", timeoutMs: 1000 });
  expect(result).toMatchObject({ isUp: false, errorMessage: "timeout after 1 s waiting for the TLS handshake" });
});

test("a listener that never answers the TLS handshake times out, and the socket is closed", async () => {
  expect(await probe({ port: silent.port, tlsMode: "require", timeoutMs: 500 })).toMatchObject({ isUp: false, errorMessage: "timeout after 0.5 s waiting for the TLS handshake" });
  await silent.allClosed();
});

test("nothing listening is connection refused", async () => {
  expect(await probe({ port: await closedPort() })).toMatchObject({ isUp: false, errorMessage: "connection refused" });
});

test("a server that accepts and never answers times out, and the socket is closed", async () => {
  const result = await probe({ port: silent.port, timeoutMs: 1000 });
  expect(result).toMatchObject({ isUp: false, errorMessage: "timeout after 1 s logging in" });
  await silent.allClosed();
});

test("a stopped server is down, and up again once restarted, on the same kept check", async () => {
  const check = redisCheck(options());
  expect((await check()).isUp).toBe(true);
  await redis.stop();
  try {
    expect(await check()).toMatchObject({ isUp: false, errorMessage: "connection refused" });
  } finally {
    await redis.start();
  }
  expect((await check()).isUp).toBe(true);
});

test("replies are read whole, also when they come in pieces", () => {
  const reply = Buffer.from("*3\r\n$5\r\nhello\r\n:42\r\n-ERR no\r\n");
  expect(parseReply(reply)).toEqual({ value: ["hello", 42, new ReplyError("ERR no")], used: reply.length });
  expect(parseReply(reply.subarray(0, 12))).toBeNull();
  expect(parseReply(Buffer.from("$-1\r\n"))).toEqual({ value: null, used: 5 });
});

/** Allows 127.0.0.1 only on `port`: a stand-in for a public address, which tests may not reach. */
const onlyPort = (port: number): TargetGuard => ({ refusal: (address, p) => (address === "127.0.0.1" && p === port ? null : "a loopback address") });

test("with private targets refused, the check connects to the checked address and verifies the certificate for the name", async () => {
  guardTargets(onlyPort(redis.tlsPort));
  try {
    expect(await probe({ port: silent.port })).toMatchObject({ isUp: false, errorMessage: "blocked: 127.0.0.1 is a loopback address (UPBEAT_ALLOW_PRIVATE_TARGETS=false)" });
    expect(silent.open()).toBe(0);
    expect(await probe({ host: "localhost", port: redis.tlsPort, tlsMode: "verify", ca: [cert.cert] })).toMatchObject({ isUp: true });
  } finally {
    guardTargets(null);
  }
});
