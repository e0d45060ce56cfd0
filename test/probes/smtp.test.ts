import { afterAll, beforeAll, expect, test } from "bun:test";
import { compileAssertion } from "../../src/probes/assertions.ts";
import { parseSmtpReply, probeSmtp, type SmtpProbeOptions } from "../../src/probes/smtp.ts";
import { guardTargets, type TargetGuard } from "../../src/probes/target-guard.ts";
import { selfSignedCert } from "../support/certs.ts";
import { silentListener, type SilentListener } from "../support/silent-listener.ts";
import { SMTP_USER, startSmtp, type TestSmtp } from "../support/smtp.ts";
import { closedPort } from "../support/targets.ts";

const cert = selfSignedCert(30);
let mail: TestSmtp;
let plainOnly: TestSmtp;
let turningAway: TestSmtp;
let implicitTls: TestSmtp;
let silent: SilentListener;
beforeAll(async () => {
  [mail, plainOnly, turningAway, implicitTls, silent] = await Promise.all([
    startSmtp(cert),
    startSmtp(cert, { hideSTARTTLS: true, allowInsecureAuth: true }),
    startSmtp(cert, { onConnect: (_session, callback) => callback(Object.assign(new Error("too busy, try later"), { responseCode: 421 })) }),
    startSmtp(cert, { secure: true }),
    silentListener(),
  ]);
});
afterAll(async () => {
  await Promise.all([mail, plainOnly, turningAway, implicitTls].map((server) => server?.stop()));
  silent?.stop();
});

const options = (more: Partial<SmtpProbeOptions> = {}): SmtpProbeOptions => ({
  host: "localhost", port: mail.port, tlsMode: "prefer", ignoreTlsErrors: false, username: null, password: null, timeoutMs: 2000, ca: [cert.cert], ...more,
});

test("a server that greets, takes STARTTLS with a trusted certificate and the login is up", async () => {
  const result = await probeSmtp(options(SMTP_USER));
  expect(result).toMatchObject({ isUp: true, errorMessage: null });
  expect(result.details).toEqual({ banner: "mail.test ESMTP upbeat test mail", tls_version: "TLSv1.3" });
});

test("the certificate is checked unless told not to", async () => {
  expect(await probeSmtp(options({ ca: undefined }))).toMatchObject({ isUp: false, errorMessage: "TLS: self-signed certificate" });
  expect(await probeSmtp(options({ ca: undefined, ignoreTlsErrors: true }))).toMatchObject({ isUp: true });
});

test("a wrong password is down with the reply code, and the password is not in it", async () => {
  const result = await probeSmtp(options({ ...SMTP_USER, password: "wrong-password" }));
  expect(result).toMatchObject({ isUp: false, errorMessage: "AUTH refused: 535 Authentication credentials invalid" });
});

test("a banner other than the assertion wants is down, naming what it was", async () => {
  const result = await probeSmtp(options({ rules: [compileAssertion({ source: "banner", operator: "contains", value: "Postfix" })] }));
  expect(result).toMatchObject({ isUp: false, errorMessage: 'banner was "mail.test ESMTP upbeat test mail", expected to contain "Postfix"' });
});

test("a server turning connections away is down with its reply", async () => {
  expect(await probeSmtp(options({ port: turningAway.port }))).toMatchObject({ isUp: false, errorMessage: "not ready: 421 too busy, try later" });
});

test("STARTTLS required but not offered is down; preferred, the plain session is up", async () => {
  expect(await probeSmtp(options({ port: plainOnly.port, tlsMode: "require" }))).toMatchObject({
    isUp: false, errorMessage: "STARTTLS required, but the server does not offer it",
  });
  const plain = await probeSmtp(options({ port: plainOnly.port, ...SMTP_USER }));
  expect(plain).toMatchObject({ isUp: true, details: { tls_version: null } });
});

test("implicit TLS (port 465 style) is up, and the same server without TLS is down", async () => {
  expect(await probeSmtp(options({ port: implicitTls.port, tlsMode: "implicit" }))).toMatchObject({ isUp: true, details: { tls_version: "TLSv1.3" } });
  const result = await probeSmtp(options({ port: implicitTls.port, tlsMode: "disable", timeoutMs: 1000 }));
  expect(result).toMatchObject({ isUp: false, errorMessage: "timeout after 1 s waiting for the banner" });
});

test("nothing listening, and a stopped server, are connection refused", async () => {
  expect(await probeSmtp(options({ port: await closedPort() }))).toMatchObject({ isUp: false, errorMessage: "connection refused" });
  const stopped = await startSmtp(cert);
  await stopped.stop();
  expect(await probeSmtp(options({ port: stopped.port }))).toMatchObject({ isUp: false, errorMessage: "connection refused" });
});

test("a server that accepts and never answers times out, and the socket is closed", async () => {
  const result = await probeSmtp(options({ port: silent.port, timeoutMs: 1000 }));
  expect(result).toMatchObject({ isUp: false, errorMessage: "timeout after 1 s waiting for the banner" });
  await silent.allClosed();
});

test("multi-line replies are read whole", () => {
  const reply = Buffer.from("250-mail.test\r\n250-STARTTLS\r\n250 AUTH PLAIN LOGIN\r\n");
  expect(parseSmtpReply(reply)).toEqual({ value: { code: 250, lines: ["mail.test", "STARTTLS", "AUTH PLAIN LOGIN"] }, used: reply.length });
  expect(parseSmtpReply(reply.subarray(0, 20))).toBeNull();
  expect(() => parseSmtpReply(Buffer.from("SSH-2.0-OpenSSH\r\n"))).toThrow('not an SMTP server (it said "SSH-2.0-OpenSSH")');
});

/** Allows 127.0.0.1 only on `port`: a stand-in for a public address, which tests may not reach. */
const onlyPort = (port: number): TargetGuard => ({ refusal: (address, p) => (address === "127.0.0.1" && p === port ? null : "a loopback address") });

test("with private targets refused, the check connects to the checked address and verifies the certificate for the name", async () => {
  guardTargets(onlyPort(mail.port));
  try {
    expect(await probeSmtp(options({ port: silent.port }))).toMatchObject({
      isUp: false, errorMessage: "blocked: localhost resolves to 127.0.0.1, a loopback address (UPBEAT_ALLOW_PRIVATE_TARGETS=false)",
    });
    expect(silent.open()).toBe(0);
    expect(await probeSmtp(options({ host: "localhost" }))).toMatchObject({ isUp: true, details: { tls_version: "TLSv1.3" } });
  } finally {
    guardTargets(null);
  }
});
