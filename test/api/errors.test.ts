import { beforeAll, expect, test } from "bun:test";
import { useServer } from "../support/server.ts";
import { expectError, json } from "../support/http.ts";

const server = useServer();
let key: string;
beforeAll(async () => {
  key = await server.adminKey();
});

test("malformed JSON is a 400, never a 500", async () => {
  for (const raw of ["{", "{'name': 1}", "[1,", "nul"]) {
    const response = await server.call("POST", "/api/v1/monitors", { auth: key, raw, headers: { "Content-Type": "application/json" } });
    await expectError(response, 400, "invalid_json");
  }
});

test("a JSON value that is not an object is a 400 naming the body", async () => {
  const error = await expectError(await server.call("POST", "/api/v1/monitors", { auth: key, body: [1, 2] }), 400, "validation_error");
  expect(error.details!.length).toBeGreaterThan(0);
});

test("an empty body where one is required is a 400", async () => {
  await expectError(await server.call("POST", "/api/v1/projects", { auth: key, raw: "", headers: { "Content-Type": "application/json" } }), 400);
});

test("a body over 1 MiB is a 413 with the JSON error body", async () => {
  const big = JSON.stringify({ name: "x".repeat(2 * 1024 * 1024), kind: "ping", url: "h" });
  await expectError(await server.call("POST", "/api/v1/monitors", { auth: key, raw: big, headers: { "Content-Type": "application/json" } }), 413, "payload_too_large");
});

test("an unknown API route is a JSON 404", async () => {
  await expectError(await server.call("GET", "/api/v1/nothing-here", { auth: key }), 404, "not_found");
  await expectError(await server.call("GET", "/v1/nothing-here", { auth: key }), 404, "not_found");
});

test("a known path with a wrong method is a 405 naming the allowed methods", async () => {
  const cases: [string, string, string][] = [
    ["PUT", "/api/v1/monitors", "GET, HEAD, POST"],
    ["POST", "/v1/monitors/0190d5c4-0000-7000-8000-000000000000/checks", "GET, HEAD"],
    ["DELETE", "/api/v1/users/me", "GET, HEAD"],
    ["GET", "/api/v1/auth/login", "POST"],
  ];
  for (const [method, path, allowed] of cases) {
    const response = await server.call(method, path, { auth: key });
    expect(response.headers.get("allow")).toBe(allowed);
    await expectError(response, 405, "method_not_allowed");
  }
  await expectError(await server.call("POST", "/api/v1/nothing-here", { auth: key }), 404, "not_found");
  const healthz = await fetch(`${server.base}/healthz`, { method: "DELETE" });
  expect(healthz.status).toBe(405);
  expect(healthz.headers.get("allow")).toBe("GET, HEAD");
});

test("nothing was stored by refused requests", async () => {
  const list = await json<any[]>(await server.call("GET", "/api/v1/monitors", { auth: key }));
  expect(list).toEqual([]);
});

test("/healthz answers without auth", async () => {
  const response = await server.call("GET", "/healthz");
  expect(response.status).toBe(200);
  expect(await json(response)).toMatchObject({ status: "ok" });
});

test("the OpenAPI document lists every API route with its schemas, and the docs page is served", async () => {
  const doc = await json(await server.call("GET", "/api/docs/json"));
  expect(doc.openapi).toMatch(/^3\.1\./);
  const paths = Object.keys(doc.paths);
  for (const path of [
    "/api/v1/monitors", "/api/v1/monitors/{id}", "/api/v1/monitors/{id}/checks", "/api/v1/monitors/{id}/pulses",
    "/api/v1/monitors/{id}/uptime", "/api/v1/monitors/{id}/pause", "/api/v1/monitors/{id}/resume", "/api/v1/projects",
    "/api/v1/projects/{id}", "/api/v1/organizations", "/api/v1/organizations/{id}", "/api/v1/organizations/{id}/members",
    "/api/v1/users/me", "/api/v1/users", "/api/v1/api-keys", "/api/v1/api-keys/{id}", "/api/v1/auth/login", "/api/v1/auth/logout",
  ]) {
    expect(paths).toContain(path);
  }
  expect(paths.some((p) => p.startsWith("/v1/"))).toBe(false);
  const create = doc.paths["/api/v1/monitors"].post.requestBody.content["application/json"].schema;
  expect(JSON.stringify(create)).toContain("interval_seconds");
  const page = await server.call("GET", "/api/docs");
  expect(page.status).toBe(200);
  expect(page.headers.get("content-type")).toContain("text/html");
  expect(await page.text()).not.toMatch(/<script[^>]+src="https?:/);
});
