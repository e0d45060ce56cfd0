// What a ping is, read from its URL and body: kind, exit code, run id, the first 10 KB of the body.
import type { PulseRow } from "../domain/types.ts";
import type { FieldProblem } from "../errors.ts";
import { isUuid } from "../ids.ts";
import { MAX_REQUEST_BODY_BYTES, readBounded } from "../request-body.ts";

export type PulseType = PulseRow["type"];

export interface Ping {
  token: string;
  type: PulseType;
  exitCode: number | null;
  /** given by the client (Uptime Kuma's `ping`); otherwise measured from the matching start */
  durationMs: number | null;
  body: string | null;
  /** why a fail happened, in the client's words (Uptime Kuma's `msg`); null means the kind of ping says it */
  reason: string | null;
  sourceIp: string;
  userAgent: string | null;
  rid: string | null;
  receivedAt: number;
}

export const MAX_PING_BODY_BYTES = 10 * 1024;
export const MAX_REASON_CHARS = 200;
const MAX_USER_AGENT_CHARS = 512;

/** `/ping/:token[/:action]` suffix → kind and exit code, or the problem for a 400. */
export function actionOf(action: string | undefined): { type: PulseType; exitCode: number | null } | FieldProblem {
  if (action === undefined || action === "") return { type: "success", exitCode: null };
  if (action === "start" || action === "fail" || action === "log") return { type: action, exitCode: null };
  if (/^\d{1,3}$/.test(action) && Number(action) <= 255) {
    const exitCode = Number(action);
    return { type: exitCode === 0 ? "success" : "fail", exitCode };
  }
  return { field: "exit_code", message: "must be start, fail, log or an exit code from 0 to 255" };
}

/** `?rid=` must be a UUID (as in Healthchecks) so it can pair a start with its end. */
export function ridOf(rid: string | undefined): string | null | FieldProblem {
  if (rid === undefined || rid === "") return null;
  return isUuid(rid) ? rid.toLowerCase() : { field: "rid", message: "must be a UUID" };
}

export const isProblem = (value: unknown): value is FieldProblem =>
  typeof value === "object" && value !== null && "field" in value;

export const userAgentOf = (request: Request): string | null =>
  request.headers.get("user-agent")?.slice(0, MAX_USER_AGENT_CHARS) ?? null;

/** Bytes → text, cut to `maxBytes` at a character boundary so a split UTF-8 sequence leaves no junk. */
export function truncatedText(bytes: Uint8Array, maxBytes: number): string {
  let end = Math.min(bytes.length, maxBytes);
  if (end < bytes.length) while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
  return new TextDecoder().decode(bytes.subarray(0, end));
}

/** The first `maxBytes` of a request body, cut at a character; the rest is read and dropped, up to the request limit. */
export async function readBody(request: Request, maxBytes = MAX_PING_BODY_BYTES): Promise<string | null> {
  // a few bytes more than kept, so truncatedText sees a character split at the cut
  const bytes = await readBounded(request, maxBytes + 4, MAX_REQUEST_BODY_BYTES);
  return bytes === null ? null : truncatedText(bytes, maxBytes);
}
