// A monitor row → the probe call that checks it, with its options worked out once.
import type { MonitorRow } from "../db/schema.ts";
import { splitHostPort, sslTarget } from "../monitors/spec.ts";
import { probeDns, type RecordType } from "../probes/dns.ts";
import { httpProbe } from "../probes/http.ts";
import { probePing } from "../probes/ping.ts";
import type { ProbeResult } from "../probes/result.ts";
import { probeSsl } from "../probes/ssl.ts";
import { probeTcp } from "../probes/tcp.ts";

export type MonitorCheck = (signal: AbortSignal) => Promise<ProbeResult>;

const unusable = (message: string): MonitorCheck => async () =>
  ({ isUp: false, statusCode: null, responseTimeMs: 0, errorMessage: message });

export function monitorCheck(m: MonitorRow): MonitorCheck {
  const timeoutMs = m.timeoutSeconds * 1000;
  const url = m.url ?? "";
  switch (m.kind) {
    case "http": {
      return httpProbe({
        url, method: m.method ?? "GET", headers: m.headers, body: m.body, expectedStatus: m.expectedStatus ?? "200-399",
        keyword: m.keyword, keywordAbsent: m.keywordAbsent ?? false, followRedirects: m.followRedirects ?? true,
        ignoreTlsErrors: m.ignoreTlsErrors ?? false, timeoutMs,
      });
    }
    case "tcp": {
      const target = splitHostPort(url);
      if (!target) return unusable(`not a host:port: ${url}`);
      const options = { ...target, timeoutMs };
      return (signal) => probeTcp(options, signal);
    }
    case "ping": {
      const options = { host: url, timeoutMs };
      return (signal) => probePing(options, signal);
    }
    case "ssl": {
      const target = sslTarget(url);
      if (!target) return unusable(`not a host, host:port or https:// URL: ${url}`);
      const options = { ...target, expiryDays: m.sslExpiryDays ?? 14, timeoutMs };
      return (signal) => probeSsl(options, signal);
    }
    case "dns": {
      const options = {
        host: url, recordType: (m.recordType ?? "A") as RecordType, expectedValue: m.expectedValue, resolver: m.dnsResolver, timeoutMs,
      };
      return (signal) => probeDns(options, signal);
    }
    case "heartbeat":
      return unusable("heartbeat monitors are not checked");
  }
}

/** A fingerprint of what changes how or how often a monitor is checked; equal ones keep its place in the schedule. */
export function checkSettingsKey(m: MonitorRow): number {
  return Bun.hash.crc32(JSON.stringify([
    m.kind, m.url, m.intervalSeconds, m.timeoutSeconds, m.method, m.headers, m.body, m.expectedStatus, m.keyword,
    m.keywordAbsent, m.followRedirects, m.ignoreTlsErrors, m.sslExpiryDays, m.recordType, m.expectedValue, m.dnsResolver,
  ]));
}
