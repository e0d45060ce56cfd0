// Every probe kind against real listeners on 127.0.0.1: allowed by default, refused with the guard on.
import { afterAll, afterEach, describe, expect, test } from "bun:test";
import { probeDns } from "../../src/probes/dns.ts";
import { guardedFetch } from "../../src/probes/guarded-fetch.ts";
import { probeHttp, type HttpProbeOptions } from "../../src/probes/http.ts";
import { probePing } from "../../src/probes/ping.ts";
import { deadline } from "../../src/probes/result.ts";
import { probeSsl } from "../../src/probes/ssl.ts";
import { blockPrivateTargets, guardTargets, type TargetGuard } from "../../src/probes/target-guard.ts";
import { probeTcp } from "../../src/probes/tcp.ts";
import { selfSignedCert } from "../support/certs.ts";
import { startDnsResponder } from "../support/dns-responder.ts";

const LOOPBACK_REFUSED = "blocked: 127.0.0.1 is a loopback address (UPBEAT_ALLOW_PRIVATE_TARGETS=false)";

/** Answers with the Host header it got; `/to/PORT` redirects to 127.0.0.1:PORT. */
function startServer(tls?: { cert: string; key: string }) {
  const hits: string[] = [];
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    tls,
    fetch(request) {
      const { pathname } = new URL(request.url);
      hits.push(pathname);
      const redirect = /^\/to\/(\d+)$/.exec(pathname);
      if (redirect) return new Response(null, { status: 302, headers: { Location: `http://127.0.0.1:${redirect[1]}/landed` } });
      return new Response(`host=${request.headers.get("host")} method=${request.method}`);
    },
  });
  return { port: server.port!, hits, stop: () => server.stop(true) };
}

const first = startServer();
const second = startServer();
const localhostCert = selfSignedCert(30, "subjectAltName=DNS:localhost");
const secure = startServer(localhostCert);
const responder = await startDnsResponder({ "app.test": { A: ["93.184.216.34"] } });
afterAll(() => [first, second, secure, responder].forEach((s) => s.stop()));
afterEach(() => guardTargets(null));

const http = (url: string, more: Partial<HttpProbeOptions> = {}): HttpProbeOptions => ({
  url, method: "GET", headers: null, body: null, expectedStatus: "200-299", keyword: null, keywordAbsent: false,
  followRedirects: true, ignoreTlsErrors: false, timeoutMs: 2000, ...more,
});

/** Allows 127.0.0.1 only on these ports: a stand-in for public addresses, which tests may not reach. */
const onlyPorts = (...ports: number[]): TargetGuard => ({
  refusal: (address, port) => (address === "127.0.0.1" && port !== null && ports.includes(port) ? null : "not on the list"),
});

describe("by default every target is allowed", () => {
  test("http, tcp, ssl, ping and dns reach 127.0.0.1", async () => {
    expect((await probeHttp(http(`http://127.0.0.1:${first.port}/`))).isUp).toBe(true);
    expect((await probeTcp({ host: "127.0.0.1", port: first.port, timeoutMs: 2000 })).isUp).toBe(true);
    expect((await probeSsl({ host: "localhost", port: secure.port, expiryDays: 14, timeoutMs: 2000, ca: [localhostCert.cert] })).isUp).toBe(true);
    expect((await probePing({ host: "127.0.0.1", timeoutMs: 2000 })).isUp).toBe(true);
    expect((await probeDns({ host: "app.test", recordType: "A", expectedValue: null, resolver: responder.address, timeoutMs: 2000 })).isUp).toBe(true);
  });
});

describe("with UPBEAT_ALLOW_PRIVATE_TARGETS=false", () => {
  test("every kind refuses 127.0.0.1 without connecting", async () => {
    guardTargets(blockPrivateTargets(null));
    const before = first.hits.length;
    const results = [
      await probeHttp(http(`http://127.0.0.1:${first.port}/`)),
      await probeTcp({ host: "127.0.0.1", port: first.port, timeoutMs: 2000 }),
      await probeSsl({ host: "127.0.0.1", port: secure.port, expiryDays: 14, timeoutMs: 2000 }),
      await probePing({ host: "127.0.0.1", timeoutMs: 2000 }),
      await probeDns({ host: "app.test", recordType: "A", expectedValue: null, resolver: responder.address, timeoutMs: 2000 }),
    ];
    for (const result of results) expect(result).toMatchObject({ isUp: false, errorMessage: LOOPBACK_REFUSED });
    expect(first.hits.length).toBe(before);
  });

  test("numeric spellings of 127.0.0.1 are refused by every kind", async () => {
    guardTargets(blockPrivateTargets(null));
    for (const trick of ["2130706433", "0x7f.1", "0177.0.0.1", "127.1"]) {
      const refused = `blocked: ${trick} resolves to 127.0.0.1, a loopback address (UPBEAT_ALLOW_PRIVATE_TARGETS=false)`;
      expect((await probeTcp({ host: trick, port: first.port, timeoutMs: 2000 })).errorMessage).toBe(refused);
      expect((await probePing({ host: trick, timeoutMs: 2000 })).errorMessage).toBe(refused);
      expect((await probeSsl({ host: trick, port: secure.port, expiryDays: 14, timeoutMs: 2000 })).errorMessage).toBe(refused);
      expect((await probeDns({ host: "app.test", recordType: "A", expectedValue: null, resolver: `${trick}:53`, timeoutMs: 2000 })).errorMessage).toBe(refused);
      // the URL parser writes these as 127.0.0.1 before the probe sees them
      expect((await probeHttp(http(`http://${trick}:${first.port}/`))).errorMessage).toBe(LOOPBACK_REFUSED);
    }
    expect((await probeTcp({ host: "::ffff:127.0.0.1", port: first.port, timeoutMs: 2000 })).errorMessage).toContain("a loopback address");
  });

  test("a name that resolves to 127.0.0.1 is refused", async () => {
    guardTargets(blockPrivateTargets(null));
    const result = await probeHttp(http(`http://localhost:${first.port}/`));
    expect(result).toMatchObject({ isUp: false, errorMessage: expect.stringMatching(/^blocked: localhost resolves to (127\.0\.0\.1|::1), a loopback address/) });
    expect((await probeSsl({ host: "localhost", port: secure.port, expiryDays: 14, timeoutMs: 2000 })).errorMessage).toContain("blocked: localhost resolves to");
  });
});

describe("checked addresses are the ones connected to", () => {
  test("tcp connects to the address it checked, not to a second lookup of the name", async () => {
    guardTargets(onlyPorts(first.port));
    // net.connect's own lookup does not find "localhost." (trailing dot): only the checked address reaches it
    expect(await probeTcp({ host: "localhost.", port: first.port, timeoutMs: 2000 })).toMatchObject({ isUp: true });
  });

  test("http goes to the checked address with the name in the Host header", async () => {
    guardTargets(onlyPorts(first.port));
    const result = await probeHttp(http(`http://localhost:${first.port}/`, { keyword: `host=localhost:${first.port}` }));
    expect(result).toMatchObject({ isUp: true, statusCode: 200 });
  });

  test("each redirect hop is checked: a hop to a refused address stops the check before it connects", async () => {
    guardTargets(onlyPorts(first.port));
    const before = second.hits.length;
    const result = await probeHttp(http(`http://127.0.0.1:${first.port}/to/${second.port}`));
    expect(result).toMatchObject({ isUp: false, errorMessage: "blocked: 127.0.0.1 is not on the list (UPBEAT_ALLOW_PRIVATE_TARGETS=false)" });
    expect(second.hits.length).toBe(before);
  });

  test("allowed hops are followed, a POST going on as a GET as fetch does", async () => {
    guardTargets(onlyPorts(first.port, second.port));
    const result = await probeHttp(http(`http://127.0.0.1:${first.port}/to/${second.port}`, { method: "POST", body: "x", keyword: "method=GET" }));
    expect(result).toMatchObject({ isUp: true, statusCode: 200 });
    expect(second.hits.at(-1)).toBe("/landed");
    const manual = await probeHttp(http(`http://127.0.0.1:${first.port}/to/${second.port}`, { followRedirects: false, expectedStatus: "302" }));
    expect(manual).toMatchObject({ isUp: true, statusCode: 302 });
  });

  test("https to a checked address verifies the certificate against the name", async () => {
    guardTargets(onlyPorts(secure.port));
    const request = { method: "GET", redirect: "follow", tls: { ca: localhostCert.cert } } as const;
    const response = await guardedFetch(`https://localhost:${secure.port}/`, request, deadline(2000));
    expect(response instanceof Response && (await response.text())).toBe(`host=localhost:${secure.port} method=GET`);
    // the same certificate does not name 127.0.0.1: verification really happens
    await expect(guardedFetch(`https://127.0.0.1:${secure.port}/`, request, deadline(2000))).rejects.toThrow();
  });

  test("ssl connects to the checked address and checks the certificate against the name", async () => {
    guardTargets(onlyPorts(secure.port));
    const result = await probeSsl({ host: "localhost", port: secure.port, expiryDays: 14, timeoutMs: 2000, ca: [localhostCert.cert] });
    expect(result).toMatchObject({ isUp: true, errorMessage: null });
  });
});
