// Email over SMTP with nodemailer: STARTTLS (required, the default), implicit TLS or none; optional
// auth; subject, plain text and simple HTML. https://nodemailer.com/smtp/
import * as v from "valibot";
import { bodyOf, defineChannel, int, template, text, type SendOptions, type SendOutcome } from "../channel.ts";
import { failure } from "../http.ts";

const SECURITY = ["starttls", "tls", "none"] as const;
const ADDRESS = /^[^\s@<>]+@[^\s@<>]+$/;
/** "ops@example.com" or "upbeat <ops@example.com>" */
const isMailbox = (value: string) => ADDRESS.test(value) || /^[^<>]*<[^\s@<>]+@[^\s@<>]+>$/.test(value);

/** SMTP 5xx replies and refused logins do not heal by retrying; 4xx and lost connections may. */
interface SmtpError extends Error {
  code?: string;
  response?: string;
  responseCode?: number;
}

function smtpFailure(error: SmtpError, options: SendOptions): SendOutcome {
  if (error.responseCode === undefined && error.code !== "EAUTH") return failure(error, options);
  const permanent = error.code === "EAUTH" || (error.responseCode ?? 0) >= 500;
  return { ok: false, result: error.response ?? error.code ?? "SMTP error", error: error.message, permanent };
}

export const email = defineChannel({
  label: "Email (SMTP)",
  docs: "https://nodemailer.com/smtp/",
  schema: v.object({
    host: text(253),
    port: v.optional(int(1, 65535), 587),
    security: v.optional(v.picklist(SECURITY, `must be one of ${SECURITY.join(", ")}`), "starttls"),
    username: v.optional(text(500)),
    password: v.optional(text(500)),
    from: v.pipe(text(500), v.check(isMailbox, 'must be an address such as "upbeat <alerts@example.com>"')),
    to: v.pipe(
      v.array(v.pipe(text(320), v.check((s) => ADDRESS.test(s), "must be an email address")), "must be a list of email addresses"),
      v.minLength(1, "must name at least one address"),
      v.maxLength(50, "may name at most 50 addresses"),
    ),
    ignore_tls_errors: v.optional(v.boolean("must be true or false"), false),
    template,
  }),
  secrets: ["password"],
  defaultBaseUrl: null,
  async send(message, config, options) {
    const body = await bodyOf(message, config);
    // loaded on the first email only: nodemailer costs several MB of memory in a server that may never send one.
    // Its CommonJS build: the bundler keeps a CommonJS module's requires of node:stream, node:http, node:zlib… where
    // they are, but hoists an ES module's imports of them to the top, so `import()` of its ES build loaded them at start
    const { createTransport } = require("nodemailer") as typeof import("nodemailer");
    const transport = createTransport({
      host: config.host,
      port: config.port,
      secure: config.security === "tls",
      requireTLS: config.security === "starttls",
      ignoreTLS: config.security === "none",
      auth: config.username ? { user: config.username, pass: config.password ?? "" } : undefined,
      tls: { rejectUnauthorized: !config.ignore_tls_errors },
      connectionTimeout: options.timeoutMs,
      greetingTimeout: options.timeoutMs,
      socketTimeout: options.timeoutMs,
    });
    // nodemailer takes no AbortSignal: the deadline races the send, and closing the transport ends it
    const timer = AbortSignal.timeout(options.timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, timer]) : timer;
    let onAbort = () => {};
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(signal.reason);
      if (signal.aborted) onAbort();
      signal.addEventListener("abort", onAbort, { once: true });
    });
    try {
      const mail = transport.sendMail({ from: config.from, to: config.to, subject: body.content.headline, text: body.text, html: body.html });
      const info = await Promise.race([mail, aborted]);
      return { ok: true, result: info.response, permanent: false };
    } catch (error) {
      return signal.aborted ? failure(error, options, timer) : smtpFailure(error as SmtpError, options);
    } finally {
      signal.removeEventListener("abort", onAbort);
      transport.close();
    }
  },
});
