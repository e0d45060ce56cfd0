// Pages a browser renders carry a strict policy; API answers are never sniffed into something else.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { startServer, type TestServer } from "../support/server.ts";

let server: TestServer;
let key: string;

beforeAll(async () => {
  server = await startServer();
  key = await server.adminKey();
});
afterAll(() => server.close());

function expectPageHeaders(response: Response) {
  const csp = response.headers.get("content-security-policy") ?? "";
  expect(csp).toContain("default-src 'none'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toContain("unsafe-inline");
  expect(csp).not.toContain("unsafe-eval");
  expect(response.headers.get("x-frame-options")).toBe("DENY");
  expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  expect(response.headers.get("referrer-policy")).toBe("same-origin");
}

test("the UI, its files and the API docs page send CSP, X-Frame-Options, nosniff and Referrer-Policy", async () => {
  for (const path of ["/", "/app.js", "/style.css", "/api/docs"]) {
    const response = await fetch(server.base + path);
    expect(response.status).toBe(200);
    expectPageHeaders(response);
  }
});

test("a public status page sends the same headers, its inline style allowed by hash only", async () => {
  const created = await server.call("POST", "/api/v1/status-pages", { auth: key, body: { slug: "headers", title: "Headers", monitor_ids: [] } });
  expect(created.status).toBe(201);
  const response = await fetch(`${server.base}/status/headers`);
  expect(response.status).toBe(200);
  expectPageHeaders(response);
  expect(response.headers.get("content-security-policy")).toMatch(/style-src 'sha256-[A-Za-z0-9+/=]+'/);
  const style = /<style>([\s\S]*?)<\/style>/.exec(await response.text())![1]!;
  const hash = new Bun.CryptoHasher("sha256").update(style).digest("base64");
  expect(response.headers.get("content-security-policy")).toContain(`'sha256-${hash}'`);
});

test("API answers, successes and errors alike, carry nosniff", async () => {
  const answers = [
    await server.call("GET", "/api/v1/monitors", { auth: key }),
    await server.call("GET", "/api/v1/monitors"),
    await server.call("GET", "/api/v1/nothing-here", { auth: key }),
    await server.call("POST", "/api/v1/projects", { auth: key, body: { name: "" } }),
  ];
  expect(answers.map((r) => r.status)).toEqual([200, 401, 404, 400]);
  for (const response of answers) expect(response.headers.get("x-content-type-options")).toBe("nosniff");
});
