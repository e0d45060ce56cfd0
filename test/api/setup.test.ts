// First-run setup over HTTP: only while no user exists, once even when two browsers race, and it logs the admin in.
import { afterEach, beforeEach, expect, test } from "bun:test";
import * as v from "valibot";
import { LoginOut, MeOut, SetupStateOut } from "../../src/api/responses.ts";
import { startFreshServer, type FreshServer } from "../support/fresh-server.ts";
import { expectError, json, login } from "../support/http.ts";
import { ADMIN, useServer } from "../support/server.ts";

let fresh: FreshServer;
beforeEach(async () => {
  fresh = await startFreshServer();
});
afterEach(() => fresh.close());

const setup = (body: unknown, headers: Record<string, string> = {}) => fresh.call("POST", "/api/v1/setup", { body, headers });
const cookieOf = (response: Response) => "cookie:" + response.headers.get("set-cookie")!.split(";")[0];

test("a fresh instance says it needs setup, and no longer once the admin exists", async () => {
  expect(v.parse(SetupStateOut, await json(await fresh.call("GET", "/api/v1/setup")))).toEqual({ needs_setup: true });
  expect((await setup({ email: "first@example.com", password: "long-enough-pw" })).status).toBe(201);
  expect(await json(await fresh.call("GET", "/v1/setup"))).toEqual({ needs_setup: false });
});

test("setup creates an admin on plan team and logs them in with a session cookie", async () => {
  const response = await setup({ email: "First@Example.com", password: "long-enough-pw" });
  expect(response.status).toBe(201);
  const answer = v.parse(LoginOut, await json(response));
  expect(answer.user).toMatchObject({ email: "first@example.com", is_admin: true, plan: "team" });
  const me = v.parse(MeOut, await json(await fresh.call("GET", "/api/v1/users/me", { auth: cookieOf(response) })));
  expect(me.organizations).toHaveLength(1);
  expect(me.organizations[0]!.role).toBe("owner");
});

test("of two setups racing, exactly one creates the admin and the other gets 409", async () => {
  const answers = await Promise.all([
    setup({ email: "one@example.com", password: "long-enough-pw" }),
    setup({ email: "two@example.com", password: "long-enough-pw" }),
  ]);
  expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
  await expectError(answers.find((a) => a.status === 409)!, 409, "conflict");
  const admin = await json(answers.find((a) => a.status === 201)!);
  await login(fresh.call, admin.user.email, "long-enough-pw");
});

test("setup names each bad field and creates nobody", async () => {
  const error = await expectError(await setup({ email: "not an email", password: "short" }), 400);
  expect(error.details!.map((d) => d.field).sort()).toEqual(["email", "password"]);
  expect(await json(await fresh.call("GET", "/api/v1/setup"))).toEqual({ needs_setup: true });
});

test("a setup another site starts is refused", async () => {
  const response = await setup({ email: "first@example.com", password: "long-enough-pw" }, { "Sec-Fetch-Site": "cross-site" });
  await expectError(response, 403, "forbidden");
});

const server = useServer();

test("an instance with users refuses setup with 409", async () => {
  expect(await json(await server.call("GET", "/api/v1/setup"))).toEqual({ needs_setup: false });
  await expectError(await server.call("POST", "/api/v1/setup", { body: { email: "late@example.com", password: "long-enough-pw" } }), 409, "conflict");
});

test("changing the password needs the current one, keeps this session and ends the others", async () => {
  const mine = await login(server.call, ADMIN.email, ADMIN.password);
  const other = await login(server.call, ADMIN.email, ADMIN.password);
  const change = (body: unknown) => server.call("POST", "/api/v1/users/me/password", { auth: mine, body });
  const wrong = await expectError(await change({ current_password: "nope-nope", new_password: "brand-new-password" }), 400);
  expect(wrong.details).toEqual([{ field: "current_password", message: "is not your current password" }]);

  expect((await change({ current_password: ADMIN.password, new_password: "brand-new-password" })).status).toBe(204);
  expect((await server.call("GET", "/api/v1/users/me", { auth: mine })).status).toBe(200);
  expect((await server.call("GET", "/api/v1/users/me", { auth: other })).status).toBe(401);
  await login(server.call, ADMIN.email, "brand-new-password");
  expect((await server.call("POST", "/api/v1/auth/login", { body: ADMIN })).status).toBe(401);
  // put it back for the other tests of the file
  expect((await change({ current_password: "brand-new-password", new_password: ADMIN.password })).status).toBe(204);
});
