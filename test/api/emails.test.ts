// Any local@domain is an email address here: homelabs name hosts without dots.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { loginCookie, startServer, type TestServer } from "../support/server.ts";
import { expectError } from "../support/users.ts";

let server: TestServer;
let key: string;

beforeAll(async () => {
  server = await startServer();
  key = await server.adminKey();
});
afterAll(() => server.close());

test("an admin creates a user at a domain without a dot, who can then log in", async () => {
  const created = await server.call("POST", "/api/v1/users", { auth: key, body: { email: "Ops@Homelab", password: "long-password" } });
  expect(created.status).toBe(201);
  expect(((await created.json()) as { email: string }).email).toBe("ops@homelab");
  expect(await loginCookie(server, "ops@homelab", "long-password")).toStartWith("cookie:");
});

test("text without one @ between a local part and a domain is still refused", async () => {
  for (const email of ["ops", "ops@", "@homelab", "a b@homelab", "a@b@c"]) {
    const error = await expectError(await server.call("POST", "/api/v1/users", { auth: key, body: { email, password: "long-password" } }), 400);
    expect(error.details!.map((d) => d.field)).toEqual(["email"]);
  }
});
