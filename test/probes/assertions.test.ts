// Assertions on a real local HTTP server answering nested JSON: each source, each operator, the first failure
// worded with the actual value, and a regex built to backtrack for ever that still returns at once.
import { afterAll, describe, expect, test } from "bun:test";
import * as v from "valibot";
import { assertionsInput, compileAssertion, firstFailure, type Assertion } from "../../src/probes/assertions.ts";
import { probeHttp, type HttpProbeOptions } from "../../src/probes/http.ts";
import { selfSignedCert } from "../support/certs.ts";

const health = { status: "degraded", checks: [{ name: "db", ok: true }, { name: "cache", ok: false }], items: [1, 2, 3], version: "2.4.1" };
const routes: Record<string, () => Response> = {
  "/health": () => Response.json(health, { headers: { "X-Build": "abc123" } }),
  "/text": () => new Response("plain words"),
  "/hostile": () => new Response(`${"a".repeat(200_000)}!`),
};
const serve = (tls?: { cert: string; key: string }) => Bun.serve({ hostname: "127.0.0.1", port: 0, tls, fetch: (r) => routes[new URL(r.url).pathname]!() });
const server = serve();
const secure = serve(selfSignedCert(30));
afterAll(() => [server, secure].forEach((s) => s.stop(true)));

const check = (assertions: Assertion[], path = "/health", more: Partial<HttpProbeOptions> = {}) =>
  probeHttp({
    url: `http://127.0.0.1:${server.port}${path}`, method: "GET", headers: null, body: null, expectedStatus: "200-399", keyword: null,
    keywordAbsent: false, followRedirects: true, ignoreTlsErrors: false, timeoutMs: 3000, assertions, ...more,
  });

describe("http assertions", () => {
  test("all holding is up", async () => {
    const result = await check([
      { source: "json", path: "$.checks[0].ok", operator: "==", value: true },
      { source: "json", path: "$.items.length", operator: ">=", value: 3 },
      { source: "json", path: "$.version", operator: "matches", value: "^2\\.\\d+" },
      { source: "header", path: "x-build", operator: "==", value: "abc123" },
      { source: "response_time_ms", operator: "<", value: 2000 },
      { source: "status", operator: "==", value: 200 },
      { source: "json", path: "$.checks", operator: "exists" },
    ]);
    expect(result).toMatchObject({ isUp: true, statusCode: 200, errorMessage: null });
  });

  test("the first failure names the path, the actual value and what was expected", async () => {
    const result = await check([
      { source: "json", path: "$.items.length", operator: "==", value: 3 },
      { source: "json", path: "$.status", operator: "==", value: "ok" },
      { source: "json", path: "$.checks[1].ok", operator: "==", value: true },
    ]);
    expect(result).toMatchObject({ isUp: false, statusCode: 200, errorMessage: '$.status was "degraded", expected "ok"' });
  });

  test("each operator words its failure", async () => {
    const failures = async (a: Assertion) => (await check([a])).errorMessage;
    expect(await failures({ source: "json", path: "$.items.length", operator: ">", value: 5 })).toBe("$.items.length was 3, expected > 5");
    expect(await failures({ source: "json", path: "$.version", operator: "!=", value: "2.4.1" })).toBe('$.version was "2.4.1", expected not "2.4.1"');
    expect(await failures({ source: "json", path: "$.items", operator: "contains", value: 9 })).toBe("$.items was [1,2,3], expected to contain 9");
    expect(await failures({ source: "json", path: "$.status", operator: "not_contains", value: "grad" })).toBe('$.status was "degraded", expected not to contain "grad"');
    expect(await failures({ source: "json", path: "$.missing", operator: "exists" })).toBe("$.missing is missing, expected it to exist");
    expect(await failures({ source: "header", path: "X-Build", operator: "matches", value: "^z" })).toBe('header X-Build was "abc123", expected to match /^z/');
    expect(await failures({ source: "body", operator: "contains", value: "healthy" })).toStartWith('body was "{\\"status\\":\\"degraded\\"');
  });

  test("a json assertion on a body that is no JSON says so", async () => {
    const result = await check([{ source: "json", path: "$.status", operator: "==", value: "ok" }], "/text");
    expect(result.errorMessage).toBe('the answer is not JSON, expected $.status "ok"');
  });

  test("a status assertion replaces expected_status", async () => {
    const notFound = await check([{ source: "status", operator: "==", value: 404 }], "/health", { expectedStatus: "500" });
    expect(notFound).toMatchObject({ isUp: false, errorMessage: "status was 200, expected 404" });
    expect((await check([{ source: "status", operator: "<", value: 300 }], "/health", { expectedStatus: "500" })).isUp).toBe(true);
  });

  test("keyword and expected_status keep their messages", async () => {
    expect((await check([], "/text", { keyword: "nowhere" })).errorMessage).toBe("keyword 'nowhere' not found");
    expect((await check([], "/text", { expectedStatus: "201" })).errorMessage).toBe("expected 201, got 200");
  });

  test("certificate_days reads the served certificate's days left", async () => {
    const url = (p: string) => ({ url: `https://127.0.0.1:${secure.port}${p}`, ignoreTlsErrors: true });
    expect((await probeHttp({ ...optionsFor(url("/health")), assertions: [{ source: "certificate_days", operator: ">", value: 20 }] })).isUp).toBe(true);
    const short = await probeHttp({ ...optionsFor(url("/health")), assertions: [{ source: "certificate_days", operator: ">", value: 60 }] });
    expect(short.errorMessage).toMatch(/^certificate_days was (29|30), expected > 60$/);
  });

  test("a regex built to backtrack catastrophically returns at once (RE2, linear time)", async () => {
    const startedAt = performance.now();
    const result = await check([{ source: "body", operator: "matches", value: "^(a+)+b" }], "/hostile");
    expect(result.errorMessage).toStartWith('body was "aaaa');
    expect(result.errorMessage).toEndWith("expected to match /^(a+)+b/");
    // a backtracking engine never ends on these a's and "!"; RE2 reads the first 64 KB in linear time
    expect(performance.now() - startedAt).toBeLessThan(500);
  });
});

const optionsFor = (more: { url: string; ignoreTlsErrors: boolean }): HttpProbeOptions => ({
  method: "GET", headers: null, body: null, expectedStatus: "200-399", keyword: null, keywordAbsent: false, followRedirects: true, timeoutMs: 3000, ...more,
});

describe("the evaluator alone", () => {
  test("other kinds hand it their own values (a list of answers)", () => {
    const rules = [compileAssertion({ source: "answers", operator: "contains", value: "10.0.0.1" })];
    expect(firstFailure(rules, () => ["10.0.0.1", "10.0.0.2"])).toBeNull();
    expect(firstFailure(rules, () => ["10.0.0.3"])).toBe('answers was ["10.0.0.3"], expected to contain "10.0.0.1"');
  });
});

describe("validation", () => {
  const issues = (input: unknown) =>
    v.safeParse(assertionsInput(["status", "json", "header", "body"]), input).issues?.map((i) => [i.path?.map((p) => p.key).join("."), i.message]);

  test("names the bad item and field", () => {
    expect(issues([{ source: "json", path: "$.a", operator: "==", value: 1 }, { source: "json", path: "status", operator: "~", value: 1 }])).toEqual([
      ["1.operator", "must be one of ==, !=, <, <=, >, >=, contains, not_contains, matches, exists"],
    ]);
    expect(issues([{ source: "xml", operator: "==", value: 1 }])).toEqual([["0.source", "must be one of status, json, header, body"]]);
  });

  test("the value must suit its operator", () => {
    expect(issues([{ source: "json", path: "status", operator: "==", value: "ok" }])).toEqual([["0.path", "must be a path such as $.status, $.checks[0].ok or $.items.length"]]);
    expect(issues([{ source: "header", operator: "exists" }])).toEqual([["0.path", "is required for json and header sources"]]);
    expect(issues([{ source: "status", operator: "<", value: "fast" }])).toEqual([["0.value", "must be a number for <, <=, > and >="]]);
    expect(issues([{ source: "body", operator: "contains" }])).toEqual([["0.value", "is required for this operator"]]);
    expect(issues([{ source: "body", operator: "matches", value: "(a" }])).toEqual([["0.value", "is not a regular expression RE2 accepts: missing closing ): `(a`"]]);
  });
});
