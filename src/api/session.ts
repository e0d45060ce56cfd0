// Login and logout for the web UI: a session cookie, HttpOnly and SameSite=Lax.
import { Elysia } from "elysia";
import { LoginOut, answers } from "./responses.ts";
import * as v from "valibot";
import { SESSION_DAYS } from "../accounts/sessions.ts";
import { unauthorized } from "../errors.ts";
import { toIso } from "../time.ts";
import { SESSION_COOKIE } from "./auth.ts";
import type { UserRow } from "../domain/types.ts";
import { type ApiDeps } from "./context.ts";
import { userJson } from "./json.ts";
import { Email } from "./schemas.ts";
import { strictBody } from "../validation.ts";

const tags = ["auth"];

function cookie(request: Request, deps: ApiDeps, value: string, maxAgeSeconds: number): string {
  const forwardedProto = deps.config.trustProxy ? request.headers.get("x-forwarded-proto") : null;
  const secure = (forwardedProto ?? new URL(request.url).protocol.replace(":", "")) === "https";
  return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${secure ? "; Secure" : ""}`;
}

/** Signs the user in on this browser: a new session row and its cookie; the answer LoginOut describes. */
export function startSession(deps: ApiDeps, request: Request, headers: Record<string, unknown>, user: UserRow) {
  const { token, expiresAt } = deps.services.sessions.start(user.id);
  headers["Set-Cookie"] = cookie(request, deps, token, SESSION_DAYS * 86_400);
  return { user: userJson(user), expires_at: toIso(expiresAt) };
}

export const sessionRoutes = (deps: ApiDeps) =>
  new Elysia({ prefix: "/auth" })
    .post("/login", async ({ body, request, set }) => {
      const user = await deps.services.sessions.verify(body.email, body.password);
      if (!user) {
        deps.gate.loginFailed(request);
        throw unauthorized("Invalid email or password");
      }
      return startSession(deps, request, set.headers, user);
    }, {
      body: strictBody({ email: Email, password: v.pipe(v.string("must be a string"), v.nonEmpty("must not be empty")) }),
      detail: { tags, summary: "Log in with email and password; sets the session cookie the UI uses", responses: answers(200, LoginOut, "OK", { 401: "Wrong email or password" }), security: [] },
    })
    .post("/logout", ({ request, set }) => {
      const principal = deps.gate.principalOf(request);
      if (principal.sessionId) deps.services.sessions.end(principal.sessionId);
      set.headers["Set-Cookie"] = cookie(request, deps, "", 0);
      set.status = 204;
    }, { detail: { tags, summary: "End the session", responses: answers(204, null, "Logged out") } });
