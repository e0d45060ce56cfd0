// A real upbeat on 127.0.0.1 with a fresh SQLite file, and a small client for its API.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig, type Config } from "../../src/config.ts";
import { boot, type Running } from "../../src/boot.ts";
import type { Clock } from "../../src/time.ts";

export const ADMIN = { email: "admin@example.com", password: "correct-horse-battery" };

export interface TestServer extends Running {
  base: string;
  dataDir: string;
  config: Config;
  /** JSON request; `auth` is an API key, a session cookie (`cookie:...`), or nothing */
  call(method: string, path: string, options?: { body?: unknown; auth?: string; raw?: string; headers?: Record<string, string> }): Promise<Response>;
  /** Login as the admin and return a write API key */
  adminKey(scope?: "read" | "write"): Promise<string>;
  close(): Promise<void>;
}

export async function startServer(env: Record<string, string> = {}, clock?: Clock): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), "upbeat-test-"));
  const config = loadConfig({
    UPBEAT_PORT: "0",
    UPBEAT_HOST: "127.0.0.1",
    UPBEAT_DATA_DIR: dataDir,
    UPBEAT_ADMIN_EMAIL: ADMIN.email,
    UPBEAT_ADMIN_PASSWORD: ADMIN.password,
    ...env,
  });
  const running = await boot(config, clock);
  const base = `http://127.0.0.1:${running.port}`;

  const call: TestServer["call"] = (method, path, options = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.auth?.startsWith("cookie:")) headers.Cookie = options.auth.slice(7);
    else if (options.auth) headers.Authorization = `Bearer ${options.auth}`;
    let body: string | undefined = options.raw;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers["Content-Type"] ??= "application/json";
    }
    return fetch(base + path, { method, headers, body });
  };

  async function login(email: string, password: string): Promise<string> {
    const response = await call("POST", "/api/v1/auth/login", { body: { email, password } });
    if (response.status !== 200) throw new Error(`login failed: ${response.status} ${await response.text()}`);
    return "cookie:" + response.headers.get("set-cookie")!.split(";")[0];
  }

  return {
    ...running,
    base,
    dataDir,
    config,
    call,
    async adminKey(scope = "write") {
      const session = await login(ADMIN.email, ADMIN.password);
      const response = await call("POST", "/api/v1/api-keys", { auth: session, body: { name: "test", scope } });
      return ((await response.json()) as { key: string }).key;
    },
    async close() {
      await running.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function loginCookie(server: TestServer, email: string, password: string): Promise<string> {
  const response = await server.call("POST", "/api/v1/auth/login", { body: { email, password } });
  if (response.status !== 200) throw new Error(`login failed: ${response.status}`);
  return "cookie:" + response.headers.get("set-cookie")!.split(";")[0];
}
