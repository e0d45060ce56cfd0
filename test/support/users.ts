// Extra people for isolation tests: each gets their own organization and a key.
import { json } from "./http.ts";
import { loginCookie, type TestServer } from "./server.ts";

// json and expectError moved to http.ts; kept importable from here
export { expectError, json } from "./http.ts";

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
  const { id } = await json<{ id: string }>(created);
  const cookie = await loginCookie(server, email, password);
  const keyResponse = await server.call("POST", "/api/v1/api-keys", { auth: cookie, body: { scope } });
  const { key } = await json<{ key: string }>(keyResponse);
  return { id, email, key, cookie };
}
