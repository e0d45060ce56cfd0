// Bodies far over every limit are the client's mistake: a 413, and at most one short line in the log.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FROM_SOURCE, freePort, startBinary, type RunningBinary } from "../e2e/binary.ts";
import { expectError } from "../support/users.ts";

const ADMIN = { email: "admin@example.com", password: "correct-horse-battery" };
const OVER_16_MIB = 17 * 1024 * 1024;

let server: RunningBinary;
let dataDir: string;
let cookie: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "upbeat-oversized-"));
  server = await startBinary(FROM_SOURCE, {
    UPBEAT_PORT: String(freePort()), UPBEAT_HOST: "127.0.0.1", UPBEAT_DATA_DIR: dataDir,
    UPBEAT_ADMIN_EMAIL: ADMIN.email, UPBEAT_ADMIN_PASSWORD: ADMIN.password,
  });
  const login = await fetch(`${server.base}/api/v1/auth/login`, {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(ADMIN),
  });
  cookie = login.headers.get("set-cookie")!.split(";")[0]!;
});

afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A body sent in chunks, with no Content-Length, as `curl -H "Transfer-Encoding: chunked"` does. */
function chunked(bytes: number): ReadableStream<Uint8Array> {
  const chunk = new Uint8Array(1024 * 1024).fill(0x61);
  let left = bytes;
  return new ReadableStream({
    pull(controller) {
      if (left <= 0) return controller.close();
      controller.enqueue(chunk.subarray(0, Math.min(left, chunk.length)));
      left -= chunk.length;
    },
  });
}

const post = (path: string, body: BodyInit, headers: Record<string, string> = {}) =>
  fetch(server.base + path, { method: "POST", body, headers: { "Content-Type": "application/json", ...headers }, duplex: "half" } as RequestInit);

test("ping and push URLs answer 413 to a chunked body over 16 MiB, even for an unknown token", async () => {
  for (const path of ["/ping/no-such-token", "/pulse/no-such-token/fail", "/api/push/no-such-token?status=down"]) {
    const response = await post(path, chunked(OVER_16_MIB));
    expect(response.status).toBe(413);
    expect(await response.text()).not.toBe("");
  }
});

test("ping URLs answer 413 to a declared Content-Length over 16 MiB", async () => {
  const response = await post("/ping/no-such-token", new Uint8Array(OVER_16_MIB));
  expect(response.status).toBe(413);
});

test("API routes answer 413 with the JSON error body, chunked or declared", async () => {
  await expectError(await post("/api/v1/projects", chunked(OVER_16_MIB), { Cookie: cookie }), 413, "payload_too_large");
  await expectError(await post("/api/v1/projects", chunked(2 * 1024 * 1024), { Cookie: cookie }), 413, "payload_too_large");
  await expectError(await post("/api/v1/projects", new Uint8Array(OVER_16_MIB), { Cookie: cookie }), 413, "payload_too_large");
});

test("the server stays healthy and the log holds at most one short line, no stack trace", async () => {
  expect((await fetch(`${server.base}/healthz`)).status).toBe(200);
  const log = server.errors().trim();
  expect(log.split("\n").filter(Boolean).length).toBeLessThanOrEqual(1);
  expect(log).not.toMatch(/\n\s+at |\.ts:\d+|internal error/);
});
