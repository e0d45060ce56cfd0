// A real upbeat on 127.0.0.1 with a fresh SQLite file, and a small client for its API.
import { afterAll, beforeAll } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig, type Config } from "../../src/config.ts";
import { boot, type Running } from "../../src/boot.ts";
import type { Clock } from "../../src/time.ts";
import { apiClient, createApiKey, login, type Call } from "./http.ts";
import { testDatabaseUrl } from "./postgres-store.ts";

export const ADMIN = { email: "admin@example.com", password: "correct-horse-battery" };

export interface TestServer extends Running {
  base: string;
  dataDir: string;
  config: Config;
  /** JSON request; `auth` is an API key, a session cookie (`cookie:...`), or nothing */
  call: Call;
  /** Login as the admin and return a new API key */
  adminKey(scope?: "read" | "write"): Promise<string>;
  close(): Promise<void>;
}

export async function startServer(env: Record<string, string> = {}, clock?: Clock): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), "upbeat-test-"));
  const database = await testDatabaseUrl();
  const config = loadConfig({
    UPBEAT_PORT: "0",
    UPBEAT_HOST: "127.0.0.1",
    UPBEAT_DATA_DIR: dataDir,
    UPBEAT_ADMIN_EMAIL: ADMIN.email,
    UPBEAT_ADMIN_PASSWORD: ADMIN.password,
    ...(database ? { UPBEAT_DATABASE_URL: database.url } : {}),
    ...env,
  });
  const running = await boot(config, clock);
  const base = `http://127.0.0.1:${running.port}`;
  const call = apiClient(base);
  return {
    ...running,
    base,
    dataDir,
    config,
    call,
    adminKey: (scope = "write") => createApiKey(call, ADMIN.email, ADMIN.password, { name: "test", scope }),
    async close() {
      await running.stop();
      database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * One server for the file (or the describe block it is called in): started before its first test, closed after
 * its last. The returned object stands for that server; it can be used only inside tests and hooks.
 */
export function useServer(env: Record<string, string> = {}, options: { clock?: Clock } = {}): TestServer {
  let current: TestServer | undefined;
  beforeAll(async () => {
    current = await startServer(env, options.clock);
  });
  afterAll(() => current?.close());
  return new Proxy({} as TestServer, {
    get(_, property) {
      if (!current) throw new Error("useServer: the server runs only inside tests and hooks");
      return current[property as keyof TestServer];
    },
  });
}

/** A server for one test with its own settings, closed when `use` ends. */
export async function withServer(env: Record<string, string>, use: (server: TestServer) => Promise<void>): Promise<void> {
  const server = await startServer(env);
  try {
    await use(server);
  } finally {
    await server.close();
  }
}

export async function loginCookie(server: TestServer, email: string, password: string): Promise<string> {
  return login(server.call, email, password);
}
