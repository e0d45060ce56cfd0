import { afterAll, describe, expect, test } from "bun:test";
import { probeHttp, statusMatcher, type HttpProbeOptions } from "../../src/probes/http.ts";
import { closedPort, startHttpTarget } from "../support/targets.ts";
import { expiredCert, selfSignedCert } from "../support/certs.ts";
import { silentListener } from "../support/silent-listener.ts";

const target = startHttpTarget();
const selfSigned = startHttpTarget(selfSignedCert(30));
const expired = startHttpTarget(expiredCert());
const silent = await silentListener();
afterAll(() => [target, selfSigned, expired, silent].forEach((t) => t.stop()));

const options = (url: string, more: Partial<HttpProbeOptions> = {}): HttpProbeOptions => ({
  url, method: "GET", headers: null, body: null, expectedStatus: "200-399", keyword: null, keywordAbsent: false,
  followRedirects: true, ignoreTlsErrors: false, timeoutMs: 2000, ...more,
});

describe("http probe", () => {
  test("a 200 is up with its status and a response time", async () => {
    const result = await probeHttp(options(`${target.url}/ok`));
    expect(result).toMatchObject({ isUp: true, statusCode: 200, errorMessage: null });
    expect(result.responseTimeMs).toBeGreaterThanOrEqual(0);
  });

  test("a 503 is down and says what was expected", async () => {
    const result = await probeHttp(options(`${target.url}/unavailable`));
    expect(result).toMatchObject({ isUp: false, statusCode: 503, errorMessage: "expected 200-399, got 503" });
  });

  test("expected_status ranges decide what counts as up", async () => {
    expect((await probeHttp(options(`${target.url}/unavailable`, { expectedStatus: "200-299,503" }))).isUp).toBe(true);
    expect(statusMatcher("200-299,301")(301)).toBe(true);
    expect(statusMatcher("200-299,301")(302)).toBe(false);
  });

  test("redirects are followed by default, reported as-is when not followed", async () => {
    expect(await probeHttp(options(`${target.url}/redirect`))).toMatchObject({ isUp: true, statusCode: 200 });
    const manual = await probeHttp(options(`${target.url}/redirect`, { followRedirects: false, expectedStatus: "200-299" }));
    expect(manual).toMatchObject({ isUp: false, statusCode: 301, errorMessage: "expected 200-299, got 301" });
  });

  test("keyword present, missing, and required absent", async () => {
    expect((await probeHttp(options(`${target.url}/ok`, { keyword: "ok" }))).isUp).toBe(true);
    const missing = await probeHttp(options(`${target.url}/ok`, { keyword: "healthy" }));
    expect(missing).toMatchObject({ isUp: false, errorMessage: "keyword 'healthy' not found" });
    const forbidden = await probeHttp(options(`${target.url}/ok`, { keyword: "ok", keywordAbsent: true }));
    expect(forbidden).toMatchObject({ isUp: false, errorMessage: "keyword 'ok' found" });
  });

  test("only the first megabyte of the body is searched", async () => {
    const result = await probeHttp(options(`${target.url}/big`, { keyword: "needle" }));
    expect(result).toMatchObject({ isUp: false, errorMessage: "keyword 'needle' not found" });
  });

  test("method, headers and body are sent", async () => {
    const result = await probeHttp(options(`${target.url}/echo`, {
      method: "POST", headers: { "X-Probe": "yes" }, body: "ping!", keyword: '"method":"POST","header":"yes","body":"ping!"',
    }));
    expect(result.isUp).toBe(true);
  });

  test("a slow answer times out with the limit in the message", async () => {
    const result = await probeHttp(options(`${target.url}/slow`, { timeoutMs: 300 }));
    expect(result).toMatchObject({ isUp: false, statusCode: null, errorMessage: "timeout after 0.3 s" });
  });

  test("a server that accepts and never answers times out, and the connection is closed", async () => {
    expect(await probeHttp(options(`http://127.0.0.1:${silent.port}/`, { timeoutMs: 300 }))).toMatchObject({ isUp: false, errorMessage: "timeout after 0.3 s" });
    await silent.allClosed();
  });

  test("a closed port is connection refused", async () => {
    const result = await probeHttp(options(`http://127.0.0.1:${await closedPort()}/`));
    expect(result).toMatchObject({ isUp: false, errorMessage: "connection refused" });
  });

  test("TLS errors are down unless ignored", async () => {
    const untrusted = await probeHttp(options(`${selfSigned.url}/ok`));
    expect(untrusted.isUp).toBe(false);
    expect(untrusted.errorMessage).toStartWith("TLS: ");
    expect((await probeHttp(options(`${selfSigned.url}/ok`, { ignoreTlsErrors: true }))).isUp).toBe(true);
    const old = await probeHttp(options(`${expired.url}/ok`));
    expect(old).toMatchObject({ isUp: false, errorMessage: "TLS: certificate has expired" });
  });

  test("a cancelled check says so", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const result = await probeHttp(options(`${target.url}/slow`), controller.signal);
    expect(result).toMatchObject({ isUp: false, errorMessage: "check cancelled" });
  });

  test("checks started together share a deadline but not a cancel: each reports its own ending", async () => {
    const controller = new AbortController();
    const cancelled = probeHttp(options(`${target.url}/slow`, { timeoutMs: 400 }), controller.signal);
    const timedOut = probeHttp(options(`${target.url}/slow`, { timeoutMs: 400 }));
    const sameOuter = probeHttp(options(`${target.url}/slow`, { timeoutMs: 400 }), controller.signal);
    setTimeout(() => controller.abort(), 100);
    expect((await cancelled).errorMessage).toBe("check cancelled");
    expect((await sameOuter).errorMessage).toBe("check cancelled");
    expect((await timedOut).errorMessage).toBe("timeout after 0.4 s");
  });
});
