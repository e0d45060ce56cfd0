import { afterAll, expect, test } from "bun:test";
import { probeSsl, type SslProbeOptions } from "../../src/probes/ssl.ts";
import { expiredCert, selfSignedCert } from "../support/certs.ts";
import { silentListener } from "../support/silent-listener.ts";
import { closedPort, startHttpTarget } from "../support/targets.ts";

const fresh = selfSignedCert(90);
const soon = selfSignedCert(5);
const otherName = selfSignedCert(90, "subjectAltName=DNS:other.example");
const targets = {
  fresh: startHttpTarget(fresh), soon: startHttpTarget(soon), expired: startHttpTarget(expiredCert()), otherName: startHttpTarget(otherName),
};
const silent = await silentListener();
afterAll(() => [...Object.values(targets), silent].forEach((t) => t.stop()));

const options = (port: number, more: Partial<SslProbeOptions> = {}): SslProbeOptions => ({
  host: "localhost", port, expiryDays: 14, timeoutMs: 2000, ...more,
});

test("a trusted certificate valid for long enough is up", async () => {
  const result = await probeSsl(options(targets.fresh.port, { ca: [fresh.cert] }));
  expect(result).toMatchObject({ isUp: true, statusCode: null, errorMessage: null });
});

test("a certificate expiring within ssl_expiry_days is down and says how many days are left", async () => {
  const result = await probeSsl(options(targets.soon.port, { ca: [soon.cert] }));
  expect(result).toMatchObject({ isUp: false, errorMessage: "TLS: certificate expires in 4 days (alert threshold 14 days)" });
  // the certificate goes with it, so the alert can warn once per certificate
  expect(result.expiring).toMatchObject({ daysLeft: 4, thresholdDays: 14, fingerprint: expect.stringMatching(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/) });
  expect((await probeSsl(options(targets.soon.port, { ca: [soon.cert], expiryDays: 3 }))).isUp).toBe(true);
});

test("an expired certificate is down", async () => {
  const result = await probeSsl(options(targets.expired.port));
  expect(result.isUp).toBe(false);
  expect(result.errorMessage).toStartWith("TLS: certificate has expired (");
});

test("an untrusted (self-signed) certificate is down", async () => {
  const result = await probeSsl(options(targets.fresh.port));
  expect(result).toMatchObject({ isUp: false, errorMessage: "TLS: self-signed certificate" });
});

test("ignore_tls_errors checks the expiry only: self-signed and other-name certificates are up, expiring and expired ones down", async () => {
  const expiryOnly = { ignoreTlsErrors: true };
  expect(await probeSsl(options(targets.fresh.port, expiryOnly))).toMatchObject({ isUp: true, errorMessage: null });
  expect(await probeSsl(options(targets.otherName.port, { host: "127.0.0.1", ...expiryOnly }))).toMatchObject({ isUp: true });
  expect((await probeSsl(options(targets.soon.port, expiryOnly))).errorMessage).toBe("TLS: certificate expires in 4 days (alert threshold 14 days)");
  expect((await probeSsl(options(targets.expired.port, expiryOnly))).errorMessage).toStartWith("TLS: certificate has expired (");
});

test("a certificate for another name is down", async () => {
  const result = await probeSsl(options(targets.otherName.port, { host: "127.0.0.1", ca: [otherName.cert] }));
  expect(result).toMatchObject({ isUp: false, errorMessage: "TLS: certificate is not valid for this host name" });
});

test("nothing listening is connection refused", async () => {
  const result = await probeSsl(options(await closedPort()));
  expect(result).toMatchObject({ isUp: false, errorMessage: "connection refused" });
});

test("a listener that never answers the handshake times out, and the connection is closed", async () => {
  expect(await probeSsl(options(silent.port, { timeoutMs: 300 }))).toMatchObject({ isUp: false, errorMessage: "timeout after 0.3 s" });
  await silent.allClosed();
});
