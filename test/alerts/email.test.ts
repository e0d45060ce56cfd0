// Email through a real SMTP server in this process: STARTTLS with a self-signed certificate, then AUTH.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { createServer } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { sendAlert } from "../../src/alerts/registry.ts";
import { selfSignedCert } from "../support/certs.ts";
import { downMessage } from "./messages.ts";

interface Delivery {
  mail: ParsedMail;
  envelopeTo: string[];
  secure: boolean;
}

const deliveries: Delivery[] = [];
let rejectNextWith: { code: number; message: string } | null = null;
let server: SMTPServer;
let port: number;

beforeAll(async () => {
  const { cert, key } = selfSignedCert(30);
  server = new SMTPServer({
    key, cert,
    authMethods: ["PLAIN", "LOGIN"],
    onAuth(auth, _session, callback) {
      if (auth.username === "alerts" && auth.password === "mail-password-1") return callback(null, { user: auth.username });
      callback(Object.assign(new Error("Invalid username or password"), { responseCode: 535 }));
    },
    onData(stream, session, callback) {
      simpleParser(stream).then((mail) => {
        deliveries.push({ mail, envelopeTo: session.envelope.rcptTo.map((r) => r.address), secure: session.secure });
        const rejection = rejectNextWith;
        rejectNextWith = null;
        callback(rejection && Object.assign(new Error(rejection.message), { responseCode: rejection.code }));
      }, callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.server.address() as { port: number }).port;
});

afterAll(() => new Promise<void>((resolve) => server.close(resolve)));

const config = (overrides: Record<string, unknown> = {}) => ({
  host: "127.0.0.1", port, security: "starttls", username: "alerts", password: "mail-password-1",
  from: "upbeat <upbeat@example.org>", to: ["ops@example.org", "oncall@example.org"], ignore_tls_errors: true, ...overrides,
});

test("sends over STARTTLS with auth: subject, recipients, text and HTML bodies", async () => {
  deliveries.length = 0;
  const outcome = await sendAlert("email", downMessage(), config(), { timeoutMs: 10_000 });
  expect(outcome.ok).toBe(true);
  expect(outcome.result).toStartWith("250");
  expect(deliveries).toHaveLength(1);
  const { mail, envelopeTo, secure } = deliveries[0]!;
  expect(secure).toBe(true);
  expect(envelopeTo).toEqual(["ops@example.org", "oncall@example.org"]);
  expect(mail.subject).toBe("🔴 DOWN  API — HTTP 503");
  expect(mail.from?.text).toBe('"upbeat" <upbeat@example.org>');
  expect(mail.text).toContain("Target: https://api.example.com/health");
  expect(mail.text).toContain("2 other monitors are down: Database, CDN");
  expect(mail.html).toContain('<a href="https://upbeat.example.org/#/monitor/mon_api">');
});

test("a wrong password is permanent, with the server's reply", async () => {
  const outcome = await sendAlert("email", downMessage(), config({ password: "wrong-password" }), { timeoutMs: 10_000 });
  expect(outcome.ok).toBe(false);
  expect(outcome.permanent).toBe(true);
  expect(outcome.result).toContain("535");
  expect(outcome.error).toContain("Invalid username or password");
});

test("a 4xx reply to the message is retried, a 5xx is permanent", async () => {
  rejectNextWith = { code: 451, message: "Try again later" };
  const soft = await sendAlert("email", downMessage(), config(), { timeoutMs: 10_000 });
  expect(soft).toMatchObject({ ok: false, permanent: false });
  expect(soft.result).toContain("451 Try again later");
  rejectNextWith = { code: 550, message: "Mailbox unavailable" };
  const hard = await sendAlert("email", downMessage(), config(), { timeoutMs: 10_000 });
  expect(hard).toMatchObject({ ok: false, permanent: true });
  expect(hard.result).toContain("550 Mailbox unavailable");
});

test("the self-signed certificate is refused unless ignore_tls_errors", async () => {
  const outcome = await sendAlert("email", downMessage(), config({ ignore_tls_errors: false }), { timeoutMs: 10_000 });
  expect(outcome).toMatchObject({ ok: false, permanent: false });
  expect(outcome.error).toMatch(/self[- ]signed/i);
});

test("a server that never greets is cut off at timeoutMs", async () => {
  const silent = createServer(() => {});
  await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  const silentPort = (silent.address() as { port: number }).port;
  const started = performance.now();
  const outcome = await sendAlert("email", downMessage(), config({ port: silentPort }), { timeoutMs: 300 });
  expect(performance.now() - started).toBeLessThan(1500);
  expect(outcome).toMatchObject({ ok: false, permanent: false });
  silent.close();
});
