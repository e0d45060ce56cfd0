// HTTP(S) probe: status ranges, redirects, TLS leniency, a keyword in the first megabyte of the body, and assertions
// on status, body, JSON, headers, response time and certificate; expected_status and keyword are rules like the others.
import * as v from "valibot";
import { assertionsSetting, compileAssertion, firstFailure, type Assertion, type Rule, type Subject } from "./assertions.ts";
import { defineKind, flag, ignoreTlsErrorsSetting, optionalText, trimmed, upperPicklist, type MonitorCheck } from "./kind.ts";
import { guardedFetch, urlEndpoint } from "./guarded-fetch.ts";
import { deadline, describeError, down, elapsedMs, up, type ProbeResult } from "./result.ts";
import { certificateDaysLeft } from "./ssl.ts";
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
  /** all must hold; a status assertion among them replaces expected_status */
  assertions?: Assertion[];
}

export const HTTP_SOURCES = ["status", "body", "json", "header", "response_time_ms", "certificate_days"] as const;

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

/** The check of one monitor, with what stays the same between its checks (request, rules) worked out once. */
function prepareCheck(options: HttpProbeOptions): (signal?: AbortSignal) => Promise<ProbeResult> {
  const assertions = options.assertions ?? [];
  const target: HttpTarget = {
    url: options.url, timeoutMs: options.timeoutMs, request: requestFor(options), rules: rulesOf(options, assertions),
    readsCertificate: assertions.some((a) => a.source === "certificate_days"),
  };
  return (signal) => check(target, signal);
}

/** expected_status (unless an assertion tests the status), the keyword, then the assertions, in the order they are tried. */
function rulesOf(options: HttpProbeOptions, assertions: Assertion[]): Rule[] {
  const rules: Rule[] = [];
  if (!assertions.some((a) => a.source === "status")) {
    const status = statusTestFor(options.expectedStatus);
    rules.push((subject) => {
      const code = subject("status", null) as number;
      return status.matches(code) ? null : `expected ${status.spec}, got ${code}`;
    });
  }
  if (options.keyword) {
    const keyword = options.keyword;
    const absent = options.keywordAbsent;
    rules.push(compileAssertion(
      { source: "body", operator: absent ? "not_contains" : "contains", value: keyword },
      () => `keyword '${keyword}' ${absent ? "found" : "not found"}`,
    ));
  }
  return [...rules, ...assertions.map((a) => compileAssertion(a))];
}

/** What one check needs, kept per monitor. */
interface HttpTarget {
  url: string;
  timeoutMs: number;
  request: BunFetchRequestInit;
  rules: Rule[];
  readsCertificate: boolean;
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
    const responseTimeMs = elapsedMs(startedAt);
    const certificateDays = target.readsCertificate ? await certificateDaysOf(target.url, target.timeoutMs, limit.signal) : undefined;
    const failure = firstFailure(target.rules, answerOf(response, text, responseTimeMs, certificateDays));
    const result = failure === null ? up(startedAt, response.status) : down(startedAt, failure, response.status);
    return { ...result, responseTimeMs };
  } catch (error) {
    if (limit.signal.aborted) return down(startedAt, limit.reason());
    return down(startedAt, describeError(error));
  }
}

/** The sources assertions read from one response; the body is parsed as JSON once, when first asked. */
function answerOf(response: Response, text: string, responseTimeMs: number, certificateDays: number | undefined): Subject {
  let json: unknown;
  let parsed = false;
  return (source, path) => {
    switch (source) {
      case "status": return response.status;
      case "body": return text;
      case "header": return response.headers.get(path!) ?? undefined;
      case "response_time_ms": return responseTimeMs;
      case "certificate_days": return certificateDays;
      case "json":
        if (!parsed) {
          parsed = true;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
        }
        return json;
    }
  };
}

/** Days left on the certificate of an https URL's host (undefined for http, or when none was read). */
function certificateDaysOf(url: string, timeoutMs: number, signal: AbortSignal): Promise<number | undefined> {
  const parsed = new URL(url);
  if (parsed.protocol !== "https:") return Promise.resolve(undefined);
  const { host, port } = urlEndpoint(parsed);
  return certificateDaysLeft(host, port, timeoutMs, signal);
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
    ignore_tls_errors: ignoreTlsErrorsSetting,
    assertions: assertionsSetting(HTTP_SOURCES, 'json $.status == "ok"'),
  },
  check: ({ url, timeoutMs, settings: s }): MonitorCheck => prepareCheck({
    url, method: s.method, headers: Object.keys(s.headers).length > 0 ? s.headers : null, body: s.body,
    expectedStatus: s.expected_status, keyword: s.keyword, keywordAbsent: s.keyword_absent, followRedirects: s.follow_redirects,
    ignoreTlsErrors: s.ignore_tls_errors, timeoutMs, assertions: s.assertions,
  }),
});
