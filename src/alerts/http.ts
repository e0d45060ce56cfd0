// One HTTP request to a provider with a deadline, and its answer as a SendOutcome: 2xx is ok, a 4xx
// other than 408/425/429 is permanent (bad token, unknown webhook, invalid payload), the rest is retried.
import type { SendOptions, SendOutcome } from "./channel.ts";

export interface HttpRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string | URLSearchParams;
}

const MAX_ERROR_CHARS = 500;
const RETRYABLE_4XX = new Set([408, 425, 429]);

export const isPermanentStatus = (status: number): boolean => status >= 400 && status < 500 && !RETRYABLE_4XX.has(status);

export async function sendHttp(url: string, request: HttpRequest, options: SendOptions): Promise<SendOutcome> {
  const timer = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timer]) : timer;
  try {
    const response = await (options.fetch ?? fetch)(url, {
      method: request.method ?? "POST",
      headers: headersOf(request.headers),
      body: request.body,
      signal,
    });
    const answer = await response.text();
    const result = `HTTP ${response.status}`;
    if (response.ok) return { ok: true, result, permanent: false };
    return { ok: false, result, error: providerError(answer) || response.statusText || result, permanent: isPermanentStatus(response.status) };
  } catch (error) {
    return failure(error, options, timer);
  }
}

/** Later names win whatever their case: a channel's "content-type" replaces our "Content-Type". */
function headersOf(given: Record<string, string> = {}): Headers {
  const headers = new Headers({ "User-Agent": "upbeat" });
  for (const [name, value] of Object.entries(given)) headers.set(name, value);
  return headers;
}

/** A send that got no answer: timed out, cancelled or unreachable; all worth retrying. */
export function failure(error: unknown, options: SendOptions, timer?: AbortSignal): SendOutcome {
  if (timer?.aborted) return { ok: false, result: "timeout", error: `no answer within ${options.timeoutMs} ms`, permanent: false };
  if (options.signal?.aborted) return { ok: false, result: "cancelled", error: "sending was cancelled", permanent: false };
  return { ok: false, result: "no answer", error: error instanceof Error ? error.message : String(error), permanent: false };
}

/** Error fields of the providers' JSON answers (Telegram description, Gotify errorDescription, Matrix error, Pushover errors, …). */
const MESSAGE_FIELDS = ["errorDescription", "description", "error_description", "message", "error"] as const;

/** The provider's own words for what went wrong, short. */
export function providerError(answer: string): string {
  const text = answer.trim();
  let said = text;
  try {
    const json = JSON.parse(text) as Record<string, unknown>;
    // Google's APIs nest it: {"error": {"code": 500, "message": "…"}}
    const fields = typeof json.error === "object" && json.error !== null ? { ...json, ...(json.error as Record<string, unknown>) } : json;
    const message = MESSAGE_FIELDS.map((field) => fields[field]).find((value) => typeof value === "string" && value.trim() !== "") as string | undefined;
    const list = Array.isArray(json.errors) ? json.errors.filter((e) => typeof e === "string").join("; ") : "";
    said = [message, list].filter(Boolean).join(": ") || text;
  } catch {
    // not JSON: the raw text is the message (Slack answers "invalid_token")
  }
  const oneLine = said.replace(/\s+/g, " ");
  return oneLine.length > MAX_ERROR_CHARS ? `${oneLine.slice(0, MAX_ERROR_CHARS)}…` : oneLine;
}

export const jsonRequest = (body: unknown, headers: Record<string, string> = {}, method = "POST"): HttpRequest => ({
  method,
  headers: { "Content-Type": "application/json", ...headers },
  body: JSON.stringify(body),
});
