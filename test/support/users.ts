// Extra people for isolation tests: each gets their own organization and a key.
import type { TestServer } from "./server.ts";
import { loginCookie } from "./server.ts";

export interface TestUser {
  id: string;
  email: string;
  key: string;
  cookie: string;
}

let counter = 0;

/** Creates a user through the admin API (own organization unless organization_id is given) and a key of theirs. */
export async function createUser(
  server: TestServer,
  adminKey: string,
  fields: { plan?: string; organization_id?: string; role?: string; scope?: "read" | "write" } = {},
): Promise<TestUser> {
  const email = `user${++counter}-${Date.now()}@example.com`;
  const password = "password-" + counter;
  const { scope = "write", ...rest } = fields;
  const created = await server.call("POST", "/api/v1/users", { auth: adminKey, body: { email, password, plan: "team", ...rest } });
  if (created.status !== 201) throw new Error(`user create failed: ${created.status} ${await created.text()}`);
  const { id } = (await created.json()) as { id: string };
  const cookie = await loginCookie(server, email, password);
  const keyResponse = await server.call("POST", "/api/v1/api-keys", { auth: cookie, body: { scope } });
  const { key } = (await keyResponse.json()) as { key: string };
  return { id, email, key, cookie };
}

export async function json<T = any>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

/** Asserts the contract's error body and returns it. */
export async function expectError(response: Response, status: number, code?: string) {
  const text = await response.text();
  if (response.status !== status) throw new Error(`expected ${status}, got ${response.status}: ${text}`);
  const body = JSON.parse(text) as { error: { status: number; code: string; message: string; details?: { field: string; message: string }[] } };
  if (body.error.status !== status) throw new Error(`error.status ${body.error.status} != ${status}`);
  if (typeof body.error.message !== "string" || body.error.message.length === 0) throw new Error("error.message missing");
  if (code && body.error.code !== code) throw new Error(`expected code ${code}, got ${body.error.code}`);
  if (/\bat .*\.(ts|js):\d+/.test(text)) throw new Error(`stack trace leaked: ${text}`);
  return body.error;
}
