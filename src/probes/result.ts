// What every probe returns, and the wording of failures users read.

export interface ProbeResult {
  isUp: boolean;
  statusCode: number | null;
  responseTimeMs: number;
  errorMessage: string | null;
  /** a few facts about the answer (players online, container state, TLS version), kept with the monitor's latest check only */
  details?: Details;
  /** ssl: down only because the certificate expires within the monitor's threshold (an expiry warning) */
  expiring?: ExpiringCertificate;
}

export type Details = Record<string, string | number | boolean | null>;

/** A certificate otherwise valid that expires within `ssl_expiry_days`. */
export interface ExpiringCertificate {
  /** SHA-256 of the certificate, "AB:CD:…": a renewed certificate is another one */
  fingerprint: string;
  /** epoch ms of its notAfter */
  expiresAt: number;
  daysLeft: number;
  thresholdDays: number;
}

export const up = (startedAt: number, statusCode: number | null = null): ProbeResult => ({
  isUp: true,
  statusCode,
  responseTimeMs: elapsedMs(startedAt),
  errorMessage: null,
});

export const down = (startedAt: number, errorMessage: string, statusCode: number | null = null): ProbeResult => ({
  isUp: false,
  statusCode,
  responseTimeMs: elapsedMs(startedAt),
  errorMessage,
});

export const elapsedMs = (startedAt: number): number => Math.max(0, Math.round(performance.now() - startedAt));

export const timeoutMessage = (timeoutMs: number): string => `timeout after ${formatSeconds(timeoutMs)}`;

const formatSeconds = (ms: number) => `${Number((ms / 1000).toFixed(1))} s`;

/** Checks whose deadlines fall in the same slot share one timer: a timer signal per check costs a good part of a local fetch. */
const DEADLINE_SLOT_MS = 50;
const PRUNE_EVERY_MS = 1000;

interface SharedDeadline {
  outer: AbortSignal | undefined;
  timer: AbortSignal;
  signal: AbortSignal;
}

/** by slot: the deadline rounded up to DEADLINE_SLOT_MS */
const deadlines = new Map<number, SharedDeadline>();
let pruneAt = 0;

/**
 * The probe's own deadline (at most DEADLINE_SLOT_MS late) plus the caller's signal (shutdown), and which of them fired;
 * `spentMs` of the timeout already went on an earlier step of the same check (a lookup).
 */
export function deadline(timeoutMs: number, outer?: AbortSignal, spentMs = 0) {
  const now = Date.now();
  const slot = Math.ceil((now + timeoutMs - spentMs) / DEADLINE_SLOT_MS);
  let shared = deadlines.get(slot);
  if (!shared || shared.outer !== outer) {
    if (now >= pruneAt) {
      for (const past of deadlines.keys()) if (past * DEADLINE_SLOT_MS <= now) deadlines.delete(past);
      pruneAt = now + PRUNE_EVERY_MS;
    }
    const timer = AbortSignal.timeout(Math.max(0, slot * DEADLINE_SLOT_MS - now));
    shared = { outer, timer, signal: outer ? AbortSignal.any([outer, timer]) : timer };
    deadlines.set(slot, shared);
  }
  const { timer, signal } = shared;
  return {
    signal,
    /** The failure to report once the signal fired. */
    reason: () => (timer.aborted ? timeoutMessage(timeoutMs) : "check cancelled"),
  };
}

const SYSTEM_ERRORS: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset by peer",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  ENOTFOUND: "host not found",
  EAI_AGAIN: "DNS lookup failed (temporary)",
  ETIMEDOUT: "connection timed out",
  EPIPE: "connection closed by peer",
  ConnectionRefused: "connection refused",
  ConnectionClosed: "connection closed by peer",
  FailedToOpenSocket: "connection refused",
};

const TLS_ERRORS: Record<string, string> = {
  CERT_HAS_EXPIRED: "certificate has expired",
  CERT_NOT_YET_VALID: "certificate is not yet valid",
  DEPTH_ZERO_SELF_SIGNED_CERT: "self-signed certificate",
  SELF_SIGNED_CERT_IN_CHAIN: "self-signed certificate in chain",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "unable to verify the certificate chain",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "unknown certificate issuer",
  ERR_TLS_CERT_ALTNAME_INVALID: "certificate is not valid for this host name",
  ERR_TLS_CERT_ALTNAME_FORMAT: "certificate is not valid for this host name",
};

/** A thrown error (fetch, socket, TLS) → a short sentence. */
export function describeError(error: unknown): string {
  const e = error as { code?: string; name?: string; message?: string };
  const code = e?.code ?? "";
  if (TLS_ERRORS[code]) return `TLS: ${TLS_ERRORS[code]}`;
  if (/^(ERR_TLS|ERR_SSL|CERT_|UNABLE_TO)/.test(code)) return `TLS: ${e.message ?? code}`;
  if (SYSTEM_ERRORS[code]) return SYSTEM_ERRORS[code]!;
  const message = (e?.message ?? String(error)).split("\n")[0]!.trim();
  return message || code || "check failed";
}

/**
 * For socket probes: ends the probe once, whichever comes first (result, error or deadline),
 * destroying the socket and dropping the abort listener.
 */
export function socketFinisher(
  socket: { destroy(): void },
  limit: ReturnType<typeof deadline>,
  startedAt: number,
  resolve: (result: ProbeResult) => void,
): (result: ProbeResult) => void {
  const finish = (result: ProbeResult) => {
    limit.signal.removeEventListener("abort", onAbort);
    socket.destroy();
    resolve(result);
  };
  const onAbort = () => finish(down(startedAt, limit.reason()));
  limit.signal.addEventListener("abort", onAbort, { once: true });
  return finish;
}
