// A real SMTP server (the smtp-server package) in this process on 127.0.0.1: STARTTLS with a test certificate,
// AUTH PLAIN and LOGIN for one user; or one that hides STARTTLS, or turns every connection away.
import { SMTPServer, type SMTPServerOptions } from "smtp-server";
import type { TestCert } from "./certs.ts";

export const SMTP_USER = { username: "monitor", password: "smtp-secret-pw" };

export interface TestSmtp {
  port: number;
  stop(): Promise<void>;
}

export async function startSmtp(cert: TestCert, more: Partial<SMTPServerOptions> = {}): Promise<TestSmtp> {
  const server = new SMTPServer({
    key: cert.key, cert: cert.cert, name: "mail.test", banner: "upbeat test mail", authMethods: ["PLAIN", "LOGIN"], logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === SMTP_USER.username && auth.password === SMTP_USER.password) return callback(null, { user: auth.username });
      callback(Object.assign(new Error("Authentication credentials invalid"), { responseCode: 535 }));
    },
    ...more,
  });
  // a probe hanging up mid-handshake is what some tests do
  server.on("error", () => {});
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.server.address() as { port: number }).port,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
