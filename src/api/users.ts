import { Elysia } from "elysia";
import { MeOut, UserOut, answers } from "./responses.ts";
import * as v from "valibot";
import { callerOf, type ApiDeps } from "./context.ts";
import { organizationJson, userJson } from "./json.ts";
import { answerPage, pagingOf, PagingQuery } from "./paging.ts";
import { Email, Name, Password, PlanName, RoleName, Uuid } from "./schemas.ts";
import { strictBody } from "../validation.ts";

const tags = ["users"];

export const userRoutes = (deps: ApiDeps) => {
  const { users } = deps.services;
  return new Elysia({ prefix: "/users" })
    .use(callerOf(deps))
    .get("/me", ({ principal }) => {
      const { user, organizations } = users.me(principal.user);
      return { ...userJson(user), organizations: organizations.map((m) => organizationJson(m.organization, m.role)) };
    }, { detail: { tags, summary: "The caller, with their organizations", responses: answers(200, MeOut) } })
    .post("/me/password", async ({ principal, body, set }) => {
      await users.changePassword(principal.user, body.current_password, body.new_password, principal.sessionId);
      set.status = 204;
    }, {
      body: strictBody({ current_password: v.pipe(v.string("must be a string"), v.nonEmpty("must not be empty")), new_password: Password }),
      detail: { tags, summary: "Change the caller's password (the current one is required); their other sessions end", responses: answers(204, null, "Changed") },
    })
    .get("", ({ principal, query, set }) => answerPage(set, users.list(principal.user, pagingOf(query)), userJson),
      { query: PagingQuery, detail: { tags, summary: "All users (administrators)", responses: answers(200, v.array(UserOut), "OK", { 403: "The caller is not an administrator" }) } })
    .post("", async ({ principal, body, set }) => {
      const user = await users.create(principal.user, {
        email: body.email, password: body.password, name: body.name, plan: body.plan, isAdmin: body.is_admin,
        organizationId: body.organization_id, role: body.role,
      });
      set.status = 201;
      return userJson(user);
    }, {
      body: strictBody({
        email: Email,
        password: Password,
        name: v.optional(Name),
        plan: v.optional(PlanName),
        is_admin: v.optional(v.boolean("must be true or false")),
        organization_id: v.optional(Uuid),
        role: v.optional(RoleName),
      }, UserOut),
      detail: { tags, summary: "Create a user (administrators); with organization_id the user joins it, else gets their own", responses: answers(201, UserOut, "Created", { 409: "A user with this email exists" }) },
    });
};
