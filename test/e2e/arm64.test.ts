// The linux-arm64 release binary (the Raspberry Pi build), run under qemu user emulation: it starts,
// answers /healthz, takes a monitor over the API and records a check of a target on 127.0.0.1.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pkg from "../../package.json" with { type: "json" };
import { cleanEnv, freePort, REPO } from "./binary.ts";
import { apiClient, json, type Call } from "../support/http.ts";
import { ADMIN } from "../support/server.ts";
import { startHttpTarget, type HttpTarget } from "../support/targets.ts";

const ARM64_BINARY = join(REPO, "dist/upbeat-linux-arm64");
/** Debian's qemu-user runs aarch64 programs; libc6-arm64-cross puts their loader and libc here */
const QEMU = ["qemu-aarch64", "-L", "/usr/aarch64-linux-gnu"];
/** set once this test run built the binary, so a stale one from an older checkout is never tested */
const BUILT_MARK = "UPBEAT_TEST_ARM64_BUILT";
// emulation takes seconds to start (about 5 s on a busy 2-core box) and runs everything several times slower
const START_TIMEOUT_MS = 60_000;
const CHECK_TIMEOUT_MS = 30_000;
const BUILD_TIMEOUT_MS = 180_000;

let dataDir: string;
let target: HttpTarget;
let server: Bun.Subprocess<"ignore", "pipe", "pipe"> | undefined;
let base: string;
let output = "";

/** Cross-compiles with the release build script; Bun fetches its arm64 runtime from the npm registry once. */
function buildArm64(): void {
  if (process.env[BUILT_MARK] === ARM64_BINARY && existsSync(ARM64_BINARY)) return;
  const build = Bun.spawnSync([process.execPath, "run", "scripts/build.ts", "--target", "bun-linux-arm64"], {
    cwd: REPO,
    stdout: "pipe",
    stderr: "pipe",
  });
  if (build.exitCode !== 0) throw new Error(`arm64 build failed:\n${build.stdout}\n${build.stderr}`);
  process.env[BUILT_MARK] = ARM64_BINARY;
}

/** Polls /healthz until it answers, failing early with the output if the process dies. */
async function waitForHealthz(url: string, child: NonNullable<typeof server>): Promise<Response> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`arm64 upbeat exited with ${child.exitCode}:\n${output}`);
    if (Date.now() > deadline) throw new Error(`arm64 upbeat did not answer within ${START_TIMEOUT_MS} ms:\n${output}`);
    try {
      return await fetch(`${url}/healthz`);
    } catch {
      await Bun.sleep(100);
    }
  }
}

const api: Call = (method, path, options) => apiClient(base)(method, path, options);

beforeAll(() => {
  buildArm64();
  dataDir = mkdtempSync(join(tmpdir(), "upbeat-arm64-"));
  target = startHttpTarget();
}, BUILD_TIMEOUT_MS);

afterAll(async () => {
  if (server && server.exitCode === null) {
    server.kill("SIGTERM");
    await server.exited;
  }
  target?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

test("the arm64 binary starts under qemu and answers /healthz", async () => {
  const port = freePort();
  base = `http://127.0.0.1:${port}`;
  server = Bun.spawn([...QEMU, ARM64_BINARY], {
    env: cleanEnv({
      UPBEAT_PORT: String(port),
      UPBEAT_HOST: "127.0.0.1",
      UPBEAT_DATA_DIR: dataDir,
      UPBEAT_ADMIN_EMAIL: ADMIN.email,
      UPBEAT_ADMIN_PASSWORD: ADMIN.password,
    }),
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
    cwd: dataDir,
  });
  // collect both streams so a failure can show what the binary said
  for (const stream of [server.stdout, server.stderr]) {
    void (async () => {
      const reader = stream.getReader();
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) output += new TextDecoder().decode(chunk.value);
    })();
  }
  const health = await waitForHealthz(base, server);
  expect(health.status).toBe(200);
  expect(await health.json()).toEqual({ status: "ok", version: pkg.version });
}, START_TIMEOUT_MS + 5_000);

test("a monitor created over its API gets a check of a target on 127.0.0.1, recorded as up", async () => {
  const login = await api("POST", "/api/v1/auth/login", { body: ADMIN });
  expect(login.status).toBe(200);
  const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
  const keyResponse = await api("POST", "/api/v1/api-keys", { auth: `cookie:${cookie}`, body: { name: "arm64", scope: "write" } });
  expect(keyResponse.status).toBe(201);
  const { key } = await json<{ key: string }>(keyResponse);

  const created = await api("POST", "/api/v1/monitors", {
    auth: key,
    body: { name: "target on the host", kind: "http", url: `${target.url}/ok`, interval_seconds: 60 },
  });
  expect(created.status).toBe(201);
  const { id } = await json<{ id: string }>(created);

  // the scheduler checks a new monitor at once; emulation makes "at once" take a moment
  const deadline = Date.now() + CHECK_TIMEOUT_MS;
  let checks: { is_up: boolean; status_code: number | null }[] = [];
  while (checks.length === 0 && Date.now() < deadline) {
    await Bun.sleep(250);
    const response = await api("GET", `/api/v1/monitors/${id}/checks`, { auth: key });
    expect(response.status).toBe(200);
    checks = await json<typeof checks>(response);
  }
  expect(checks.length).toBeGreaterThan(0);
  expect(checks[0]).toMatchObject({ is_up: true, status_code: 200 });
  expect(target.hits.get("/ok")).toBeGreaterThan(0);
}, CHECK_TIMEOUT_MS + 15_000);

test("SIGTERM stops it cleanly with exit code 0", async () => {
  server!.kill("SIGTERM");
  expect(await server!.exited).toBe(0);
  expect(output).toContain("upbeat: stopped");
}, 30_000);
