// The OpenAPI document tells the truth: every route the server registers is in it (the /v1 alias once, as
// /api/v1), every operation in it answers, its bodies, errors, headers and numbers are what the server does,
// and a real OpenAPI linter (Redocly, with the ruleset pinned in redocly.yaml) finds no error in it.
import { beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { json } from "../support/http.ts";
import { useServer } from "../support/server.ts";

type Operation = { parameters?: { in: string; name: string }[]; requestBody?: any; responses: Record<string, any>; security?: unknown[] };
type Document = { servers?: { url: string }[]; paths: Record<string, Record<string, Operation>>; components: Record<string, any> };

/** Registered routes that are pages for people, not API: the dashboard, the UI's files, the docs page and an alert's ack link. */
const PAGES = new Set(["GET /", "GET /*", "GET /api/docs", "GET /ack/:token", "POST /ack/:token"]);
const UNKNOWN_ID = "01930000-0000-7000-8000-000000000000";
const METHODS = ["get", "head", "post", "put", "patch", "delete"];

const server = useServer();
let doc: Document;
let key: string;

const operations = () =>
  Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).filter(([method]) => METHODS.includes(method)).map(([method, op]) => ({ path, method, op })));
const apiOperations = () => operations().filter(({ path }) => path.startsWith("/api/v1/"));
/** A $ref'd response or header, resolved. */
const resolve = (item: any) => (item?.$ref ? item.$ref.split("/").slice(1).reduce((node: any, key: string) => node[key], doc) : item);

beforeAll(async () => {
  key = await server.adminKey();
  doc = await json(await server.call("GET", "/api/docs/json"));
});

describe("the route walk", () => {
  test("every route the server registers is in the document (/v1/… as its /api/v1/… twin)", () => {
    const missing = server.routes
      .filter((r) => !PAGES.has(`${r.method} ${r.path}`))
      .map((r) => ({ method: r.method.toLowerCase(), path: r.path.replace(/^\/v1\//, "/api/v1/").replace(/:([^/]+)/g, "{$1}") }))
      .filter(({ method, path }) => !doc.paths[path]?.[method])
      .map(({ method, path }) => `${method.toUpperCase()} ${path}`);
    expect(missing).toEqual([]);
    expect(Object.keys(doc.paths).some((p) => p.startsWith("/v1/"))).toBe(false);
  });

  test("every documented operation answers: no 405, and a 404 only from the resource, never from the router", async () => {
    const monitor = await json(await server.call("POST", "/api/v1/monitors", { auth: key, body: { name: "Public", kind: "http", url: "https://example.com", is_paused: true, is_public: true } }));
    const heartbeat = await json(await server.call("POST", "/api/v1/monitors", { auth: key, body: { name: "Cron", kind: "heartbeat" } }));
    await server.call("POST", "/api/v1/status-pages", { auth: key, body: { slug: "walk", title: "Walk", monitor_ids: [monitor.id] } });
    // outside the API every route is public and takes real values; API routes answer an unknown id with their own 404
    const publicValues: Record<string, string> = { id: monitor.id, token: heartbeat.ping_token, action: "start", slug: "walk" };
    const wrong: string[] = [];
    for (const { path, method } of operations()) {
      const isApi = path.startsWith("/api/v1/");
      const url = path.replace(/\{([^}]+)\}/g, (_, name: string) => (isApi ? UNKNOWN_ID : publicValues[name]!));
      const response = await server.call(method.toUpperCase(), url, { auth: key, body: ["get", "head"].includes(method) ? undefined : {} });
      // an event stream stays open: that it answers is enough
      if (response.status === 200 && response.headers.get("content-type")?.startsWith("text/event-stream")) {
        await response.body?.cancel();
        continue;
      }
      const text = await response.text();
      const routed = response.status === 404 ? isApi && !text.includes("Route not found") : response.status !== 405;
      if (!routed || (!isApi && response.status >= 400)) wrong.push(`${method.toUpperCase()} ${url}: ${response.status} ${text.slice(0, 120)}`);
    }
    expect(wrong).toEqual([]);
  });
});

describe("what the document says", () => {
  test("has servers and names the /v1 alias", () => {
    expect(doc.servers?.length).toBeGreaterThan(0);
    expect(JSON.stringify((doc as any).info)).toContain("/v1");
  });

  test("API request bodies are JSON only, as the server takes them", async () => {
    const bodies = apiOperations().filter(({ op }) => op.requestBody);
    expect(bodies.length).toBeGreaterThanOrEqual(12);
    for (const { path, method, op } of bodies) {
      // the import route takes another tool's file as an upload
      const expected = path === "/api/v1/import" ? ["multipart/form-data"] : ["application/json"];
      expect([method, path, Object.keys(op.requestBody.content)]).toEqual([method, path, expected]);
      const schema = op.requestBody.content[expected[0]!].schema;
      const objects = [schema, ...(schema.anyOf ?? schema.oneOf ?? [])].filter((s) => s.type === "object");
      expect([method, path, objects.length > 0]).toEqual([method, path, true]);
    }
    const form = await server.call("POST", "/api/v1/projects", { auth: key, raw: "name=x", headers: { "Content-Type": "application/x-www-form-urlencoded" } });
    expect(form.status).toBe(400);
  });

  test("bodies refuse other fields (additionalProperties: false)", () => {
    for (const { path, method, op } of apiOperations().filter(({ op }) => op.requestBody)) {
      const schema = (Object.values(op.requestBody.content)[0] as any).schema;
      const closed = schema.additionalProperties === false || (schema.anyOf ?? schema.oneOf)?.every((s: any) => s.additionalProperties === false);
      expect([method, path, closed]).toEqual([method, path, true]);
    }
  });

  test("every error it can answer is described, with the contract's error body", () => {
    for (const { path, method, op } of apiOperations()) {
      const codes = Object.keys(op.responses);
      // public operations (setup, login) take no credentials, so they answer 401 only for a wrong password
      const expected = ["429", ...(op.security?.length === 0 ? [] : ["401"]), ...(method === "get" ? [] : ["403"]), ...(path.includes("{") ? ["404"] : []),
        ...(op.requestBody ? ["400", "413"] : []), ...(op.parameters?.some((p) => p.in === "query") ? ["400"] : [])];
      if (path === "/api/v1/auth/login") expected.splice(0, expected.length, "400", "401", "403", "413", "429");
      expect([method, path, expected.filter((c) => !codes.includes(c))]).toEqual([method, path, []]);
      for (const code of codes.filter((c) => c >= "400")) {
        const schema = resolve(op.responses[code]).content?.["application/json"]?.schema;
        expect([method, path, code, schema?.$ref]).toEqual([method, path, code, "#/components/schemas/Error"]);
      }
    }
  });

  test("response headers: X-RateLimit-* on every API answer, X-Total-Count on lists, Retry-After on 429", () => {
    for (const { path, method, op } of apiOperations()) {
      for (const [code, response] of Object.entries(op.responses)) {
        const headers = Object.keys(resolve(response).headers ?? {});
        expect([method, path, code, headers]).toEqual([method, path, code, expect.arrayContaining(["X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"])]);
      }
      expect([method, path, Object.keys(resolve(op.responses["429"]).headers)]).toEqual([method, path, expect.arrayContaining(["Retry-After"])]);
      if (op.parameters?.some((p) => p.name === "offset")) expect([path, Object.keys(op.responses["200"].headers)]).toEqual([path, expect.arrayContaining(["X-Total-Count"])]);
    }
  });

  test("whole numbers are integers; only fractions are numbers", () => {
    const numbers = new Set<string>();
    const integers = new Set<string>();
    const walk = (node: any, name: string) => {
      if (!node || typeof node !== "object") return;
      if (node.type === "number" || (Array.isArray(node.type) && node.type.includes("number"))) numbers.add(name);
      if (node.type === "integer" || (Array.isArray(node.type) && node.type.includes("integer"))) integers.add(name);
      for (const [k, child] of Object.entries(node)) walk(child, k === "properties" || k === "items" || /^\d+$/.test(k) || k === "anyOf" || k === "oneOf" ? name : k);
    };
    walk(doc, "");
    // an assertion's value and a monitor's details (its additionalProperties) may be fractions too
    expect([...numbers].sort()).toEqual(["additionalProperties", "uptime_24h", "uptime_percent", "value"]);
    for (const field of ["interval_seconds", "timeout_seconds", "retries", "grace_seconds", "ssl_expiry_days", "response_time_ms", "status_code", "exit_code", "duration_ms", "total_checks", "status"]) {
      expect([field, integers.has(field)]).toEqual([field, true]);
    }
  });
});

test("Redocly's linter (ruleset pinned in redocly.yaml, offline) finds no error and no warning", async () => {
  const dir = mkdtempSync(join(tmpdir(), "upbeat-openapi-"));
  try {
    const file = join(dir, "openapi.json");
    writeFileSync(file, JSON.stringify(doc));
    const lint = Bun.spawnSync(
      [process.execPath, "node_modules/@redocly/cli/bin/cli.js", "lint", "--config", "redocly.yaml", "--format", "json", file],
      { env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" }, stdout: "pipe", stderr: "pipe" },
    );
    const out = lint.stdout.toString();
    const report = JSON.parse(out.slice(out.indexOf("{"))) as { totals: { errors: number; warnings: number }; problems: { ruleId: string; message: string; location: { pointer: string }[] }[] };
    const problems = report.problems.map((p) => `${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`);
    expect(problems).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
