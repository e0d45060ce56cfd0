// TLS certificate probe: down when the certificate is invalid for the host, expired, or expires too soon.
import { isIP } from "node:net";
import type { PeerCertificate } from "node:tls";
import { nodeTls } from "../node-builtins.ts";
import * as v from "valibot";
import { isHost, splitHostPort } from "./hosts.ts";
import { defineKind, ignoreTlsErrorsSetting, int, trimmed, unusable, wholeNumber } from "./kind.ts";
import { describeError, down, up, type Details, type ExpiringCertificate, type ProbeResult } from "./result.ts";
import { socketProbe } from "./socket-probe.ts";
import { allowedTarget } from "./target-guard.ts";

export interface SslProbeOptions {
  host: string;
  port: number;
  /** down when fewer days than this are left */
  expiryDays: number;
  timeoutMs: number;
  /** extra trusted roots (PEM), e.g. a private CA */
  ca?: string[];
  /** expiry only: a self-signed, untrusted or other-name certificate is fine (an expired one is not) */
  ignoreTlsErrors?: boolean;
}

const DAY_MS = 86_400_000;

export function probeSsl(options: SslProbeOptions, signal?: AbortSignal): Promise<ProbeResult> {
  return socketProbe(options, signal, (address, finish, startedAt) => {
    const socket = nodeTls().connect({
      host: address,
      port: options.port,
      servername: isIP(options.host) ? undefined : options.host,
      rejectUnauthorized: false,
      ca: options.ca,
    });
    return socket.once("secureConnect", () => {
      const cert = socket.getPeerCertificate();
      const failure = certificateProblem(options, cert, socket.authorizationError);
      const result = failure === null ? up(startedAt) : typeof failure === "string" ? down(startedAt, failure) : expiringSoon(startedAt, failure);
      finish({ ...result, details: certificateDetails(cert, socket.getProtocol()) });
    });
  });
}

/** What the monitor's page shows of the certificate and the connection. */
function certificateDetails(cert: PeerCertificate, protocol: string | null): Details | undefined {
  if (!cert?.valid_to) return protocol ? { tls_version: protocol } : undefined;
  return { certificate_days: daysLeftOf(cert), expires_at: new Date(cert.valid_to).toISOString(), issuer: [cert.issuer?.O ?? cert.issuer?.CN ?? null].flat()[0] ?? null, tls_version: protocol };
}

const daysLeftOf = (cert: PeerCertificate) => Math.floor((Date.parse(cert.valid_to) - Date.now()) / DAY_MS);

/** Days until the certificate served at host:port expires (negative once expired), or undefined when none was read. */
export async function certificateDaysLeft(host: string, port: number, timeoutMs: number, signal?: AbortSignal): Promise<number | undefined> {
  const days = (await probeSsl({ host, port, expiryDays: 0, timeoutMs }, signal)).details?.certificate_days;
  return typeof days === "number" ? days : undefined;
}

/** Down, saying how many days are left; the certificate goes with it so the alert is an expiry warning. */
function expiringSoon(startedAt: number, cert: ExpiringCertificate): ProbeResult {
  const days = `${cert.daysLeft} ${cert.daysLeft === 1 ? "day" : "days"}`;
  return { ...down(startedAt, `TLS: certificate expires in ${days} (alert threshold ${cert.thresholdDays} days)`), expiring: cert };
}

/** What is wrong with the certificate, worded, or the certificate itself when only its expiry is near. */
function certificateProblem(options: SslProbeOptions, cert: PeerCertificate, authError: Error | null | undefined): string | ExpiringCertificate | null {
  if (!cert || !cert.valid_to) return "TLS: the server sent no certificate";
  const daysLeft = daysLeftOf(cert);
  if (daysLeft < 0 || Date.parse(cert.valid_to) <= Date.now()) return `TLS: certificate has expired (${-daysLeft} days ago)`;
  if (authError && !options.ignoreTlsErrors) return describeError({ code: String(authError), message: String(authError) });
  if (!options.ignoreTlsErrors && nodeTls().checkServerIdentity(options.host, cert)) return "TLS: certificate is not valid for this host name";
  if (daysLeft < options.expiryDays) {
    return { fingerprint: cert.fingerprint256, expiresAt: Date.parse(cert.valid_to), daysLeft, thresholdDays: options.expiryDays };
  }
  return null;
}

/** ssl targets: `host`, `host:port` or `https://host[:port]/…` → host and port (443 by default). */
export function sslTarget(value: string): { host: string; port: number } | null {
  let rest = value;
  if (/^https:\/\//i.test(value)) {
    try {
      const url = new URL(value);
      rest = url.port ? `${url.hostname}:${url.port}` : url.hostname;
    } catch {
      return null;
    }
  }
  if (isHost(rest)) return { host: rest.replace(/^\[|\]$/g, ""), port: 443 };
  return splitHostPort(rest);
}

export const sslKind = defineKind({
  name: "ssl",
  label: "ssl — certificate expiry",
  target: {
    schema: trimmed(v.check((s) => sslTarget(s) !== null, "must be a host, host:port or https:// URL"), allowedTarget(sslTarget)),
    label: "Host",
    example: "example.com or example.com:8443",
  },
  settings: {
    ssl_expiry_days: {
      input: v.optional(int(0, 3650), 14),
      output: wholeNumber,
      form: { label: "Expiry warning", input: "number", help: "days left before it is down", min: 0, max: 3650 },
    },
    ignore_tls_errors: {
      ...ignoreTlsErrorsSetting,
      form: { ...ignoreTlsErrorsSetting.form, help: "check the expiry only: accept a self-signed or other-name certificate (an expired one is still down)" },
    },
  },
  check: ({ url, timeoutMs, settings }) => {
    const target = sslTarget(url);
    if (!target) return unusable(`not a host, host:port or https:// URL: ${url}`);
    const options = { ...target, expiryDays: settings.ssl_expiry_days, ignoreTlsErrors: settings.ignore_tls_errors, timeoutMs };
    return (signal) => probeSsl(options, signal);
  },
});
