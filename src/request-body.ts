// Request bodies read within a limit: an oversized one is the client's 413, never our memory or a flood in our log.
import { AppError } from "./errors.ts";

/** No body is read past this; pings keep only their first 10 KB of it. */
export const MAX_REQUEST_BODY_BYTES = 16 * 1024 * 1024;
const OVERSIZED_LOG_EVERY_MS = 60_000;

export class BodyTooLargeError extends AppError {
  constructor(limitBytes: number) {
    super(413, "payload_too_large", `Request body is larger than ${limitBytes} bytes`);
  }
}

let lastLoggedAt = -Infinity;
let unlogged = 0;

/** One short line a minute at most: anyone can send a large body, so each one must not cost a log line. */
function noteOversized(limitBytes: number): void {
  unlogged++;
  const now = Date.now();
  if (now - lastLoggedAt < OVERSIZED_LOG_EVERY_MS) return;
  console.error(`upbeat: refused ${unlogged} request bod${unlogged === 1 ? "y" : "ies"} over ${limitBytes} bytes (413); the next line comes in a minute at the earliest`);
  lastLoggedAt = now;
  unlogged = 0;
}

function tooLarge(limitBytes: number): BodyTooLargeError {
  noteOversized(limitBytes);
  return new BodyTooLargeError(limitBytes);
}

/**
 * The first `keepBytes` of the body (null when empty); the rest is read and dropped. A body over
 * `limitBytes`, declared or streamed, is a BodyTooLargeError.
 */
export async function readBounded(request: Request, keepBytes: number, limitBytes: number): Promise<Uint8Array | null> {
  if (!request.body) return null;
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  if (declared > limitBytes) throw tooLarge(limitBytes);
  // bodies known to be small are read in one go; others are streamed so a large one never sits in memory
  if (declared <= keepBytes) {
    const bytes = new Uint8Array(await request.arrayBuffer());
    return bytes.length === 0 ? null : bytes;
  }
  const kept = new Uint8Array(keepBytes);
  let length = 0;
  let total = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limitBytes) {
      reader.cancel().catch(() => {});
      throw tooLarge(limitBytes);
    }
    if (length < keepBytes) {
      const take = value.subarray(0, keepBytes - length);
      kept.set(take, length);
      length += take.length;
    }
  }
  return length === 0 ? null : kept.subarray(0, length);
}
