// First run: while the instance has no user at all, anyone who reaches it may create the first admin (the UI
// asks for this instead of a login). Public routes: the gate lets them through without credentials.
import { Elysia } from "elysia";
import * as v from "valibot";
import type { ApiDeps } from "./context.ts";
import { LoginOut, SetupStateOut, answers } from "./responses.ts";
import { Email, Password } from "./schemas.ts";
import { startSession } from "./session.ts";
import { strictBody } from "../validation.ts";

const tags = ["auth"];

export const setupRoutes = (deps: ApiDeps) =>
  new Elysia({ prefix: "/setup" })
    .get("", () => ({ needs_setup: deps.services.sessions.needsSetup() }), {
      detail: { tags, summary: "Whether the instance still needs its first admin", responses: answers(200, SetupStateOut), security: [] },
    })
    .post("", async ({ body, request, set }) => {
      const admin = await deps.services.sessions.setup(body.email, body.password);
      set.status = 201;
      return startSession(deps, request, set.headers, admin);
    }, {
      body: strictBody({ email: Email, password: Password }),
      detail: {
        tags, security: [],
        summary: "Create the first admin and log them in; 409 once any user exists",
        responses: answers(201, LoginOut, "Created and logged in", { 409: "An administrator exists already" }),
      },
    });
