// HTTP(S) probe: status ranges, redirects, TLS leniency and a keyword in the first megabyte of the body.
import * as v from "valibot";
import { defineKind, flag, optionalText, trimmed, upperPicklist, type MonitorCheck } from "./kind.ts";
import { guardedFetch, urlEndpoint } from "./guarded-fetch.ts";
import { deadline, describeError, down, up, type ProbeResult } from "./result.ts";
import { allowedTarget, targetGuard } from "./target-guard.ts";

export interface HttpProbeOptions {
  url: string;
  method: string;
  headers: Record<string, string> | null;
  body: string | null;
  /** e.g. "200-299,301" */
  expectedStatus: string;
  keyword: string | null;
  keywordAbsent: boolean;
  followRedirects: boolean;
  ignoreTlsErrors: boolean;
  timeoutMs: number;
}

export const MAX_BODY_BYTES = 1024 * 1024;

/** "200-299,301" → a test for a status code. */
export function statusMatcher(spec: string): (status: number) => boolean {
  const ranges = spec.split(",").map((part) => {
    const [low, high = low] = part.split("-").map((s) => Number(s.trim()));
    return [low!, high!] as const;
  });
  return (status) => ranges.some(([low, high]) => status >= low && status <= high);
}

export function probeHttp(options: HttpProbeOptions, signal?: AbortSignal): Promise<ProbeResult> {
  return prepareCheck(options)(signal);
}

interface StatusTest {
  spec: string;
  matches: (status: number) => boolean;
}

// monitors mostly share a status spec and plain GET settings: one copy of each, not one per monitor (100k add up)
const statusTests = new Map<string, StatusTest>();
const plainRequests = new Map<string, BunFetchRequestInit>();

function statusTestFor(spec: string): StatusTest {
  let test = statusTests.get(spec);
  if (!test) statusTests.set(spec, (test = { spec, matches: statusMatcher(spec) }));
  return test;
}

function requestFor(options: HttpProbeOptions): BunFetchRequestInit {
  const build = (): BunFetchRequestInit => ({
    method: options.method,
    headers: { "User-Agent": "upbeat", ...options.headers },
    body: options.body ?? undefined,
    redirect: options.followRedirects ? "follow" : "manual",
    tls: { rejectUnauthorized: !options.ignoreTlsErrors },
  });
  if (options.headers || options.body !== null) return build();
  const key = `${options.method} ${options.followRedirects} ${options.ignoreTlsErrors}`;
  let request = plainRequests.get(key);
  if (!request) plainRequests.set(key, (request = build()));
  return request;
}

/** The check of one monitor, with what stays the same between its checks (request, status test) worked out once. */
function prepareCheck(options: HttpProbeOptions): (signal?: AbortSignal) => Promise<ProbeResult> {
  const target: HttpTarget = {
    url: options.url, timeoutMs: options.timeoutMs, keyword: options.keyword, keywordAbsent: options.keywordAbsent,
    request: requestFor(options), status: statusTestFor(options.expectedStatus),
  };
  return (signal) => check(target, signal);
}

/** What one check needs, kept per monitor. */
interface HttpTarget {
  url: string;
  timeoutMs: number;
  keyword: string | null;
  keywordAbsent: boolean;
  request: BunFetchRequestInit;
  status: StatusTest;
}

async function check(target: HttpTarget, signal?: AbortSignal): Promise<ProbeResult> {
  const startedAt = performance.now();
  const limit = deadline(target.timeoutMs, signal);
  try {
    const response = targetGuard()
      ? await guardedFetch(target.url, target.request, limit)
      : await fetch(target.url, { ...target.request, signal: limit.signal });
    if (typeof response === "string") return down(startedAt, response);
    const text = await readText(response, MAX_BODY_BYTES);
    if (!target.status.matches(response.status)) {
      return down(startedAt, `expected ${target.status.spec}, got ${response.status}`, response.status);
    }
    if (target.keyword) {
      const found = text.includes(target.keyword);
      if (found && target.keywordAbsent) return down(startedAt, `keyword '${target.keyword}' found`, response.status);
      if (!found && !target.keywordAbsent) return down(startedAt, `keyword '${target.keyword}' not found`, response.status);
    }
    return up(startedAt, response.status);
  } catch (error) {
    if (limit.signal.aborted) return down(startedAt, limit.reason());
    return down(startedAt, describeError(error));
  }
}

/** Reads at most `maxBytes` of the body as text and drops the rest. */
async function readText(response: Response, maxBytes: number): Promise<string> {
  if (!response.body) return "";
  // a body of known, allowed size is read natively: much less CPU than a stream reader
  const length = Number(response.headers.get("content-length") ?? NaN);
  if (length <= maxBytes) return response.text();
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let bytes = 0;
  while (bytes < maxBytes) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    const chunk = value.byteLength + bytes > maxBytes ? value.subarray(0, maxBytes - bytes) : value;
    bytes += chunk.byteLength;
    text += decoder.decode(chunk, { stream: true });
  }
  await reader.cancel();
  return text + decoder.decode();
}

export const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

/** RFC 9110 token characters: what fetch accepts as a header name. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

// a record alone takes an array as {"0": …}
const Headers = v.pipe(
  v.custom<Record<string, unknown>>((h) => typeof h === "object" && h !== null && !Array.isArray(h), "must be an object of header names and values"),
  v.record(
    v.pipe(v.string(), v.regex(HEADER_NAME, "header names may only use letters, digits and !#$%&'*+.^_`|~-")),
    v.pipe(v.string("header values must be strings"), v.check((s) => !/[\r\n\0]/.test(s), "header values must be one line")),
  ),
);

const STATUS_RANGES = /^[1-5]\d\d(\s*-\s*[1-5]\d\d)?(\s*,\s*[1-5]\d\d(\s*-\s*[1-5]\d\d)?)*$/;

export const httpKind = defineKind({
  name: "http",
  label: "http — a web page or API",
  target: {
    schema: trimmed(
      v.url("must be an http:// or https:// URL"),
      v.regex(/^https?:\/\//i, "must be an http:// or https:// URL"),
      allowedTarget((s) => (URL.canParse(s) ? urlEndpoint(new URL(s)) : null)),
    ),
    label: "URL",
    example: "https://example.com/health",
  },
  settings: {
    method: {
      input: upperPicklist(HTTP_METHODS, "GET"),
      output: v.string(),
      form: { label: "Method", input: "select", options: HTTP_METHODS },
    },
    headers: {
      // none is stored as {}, as the API shows it
      input: v.optional(v.pipe(v.nullable(Headers), v.transform((h) => h ?? {})), {}),
      output: v.record(v.string(), v.string()),
      form: { label: "Headers", input: "map", help: "one per line, Name: value" },
    },
    body: { input: optionalText(65536), output: v.nullable(v.string()), form: { label: "Body", input: "textarea", help: "sent with the request" } },
    expected_status: {
      input: v.optional(trimmed(v.regex(STATUS_RANGES, 'must be status codes or ranges such as "200-299,301"')), "200-399"),
      output: v.string(),
      form: { label: "Expected status", input: "text", help: "codes or ranges, e.g. 200-299,301" },
    },
    keyword: {
      input: optionalText(1024, true),
      output: v.nullable(v.string()),
      form: { label: "Keyword", input: "text", help: "must appear in the first megabyte of the body" },
    },
    keyword_absent: { input: flag(false), output: v.boolean(), form: { label: "Down when the keyword is found", input: "checkbox" } },
    follow_redirects: { input: flag(true), output: v.boolean(), form: { label: "Follow redirects", input: "checkbox" } },
    ignore_tls_errors: { input: flag(false), output: v.boolean(), form: { label: "Ignore TLS errors", input: "checkbox" } },
  },
  check: ({ url, timeoutMs, settings: s }): MonitorCheck => prepareCheck({
    url, method: s.method, headers: Object.keys(s.headers).length > 0 ? s.headers : null, body: s.body,
    expectedStatus: s.expected_status, keyword: s.keyword, keywordAbsent: s.keyword_absent, followRedirects: s.follow_redirects,
    ignoreTlsErrors: s.ignore_tls_errors, timeoutMs,
  }),
});
