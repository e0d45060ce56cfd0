import { Elysia } from "elysia";
import { MeOut, UserOut, answers } from "./responses.ts";
import * as v from "valibot";
import { createAccount } from "../accounts/users.ts";
import { forbidden } from "../errors.ts";
import { callerOf, type ApiDeps } from "./context.ts";
import { organizationJson, userJson } from "./json.ts";
import { Email, Name, Paging, Password, PlanName, RoleName, Uuid } from "./schemas.ts";
import type { Principal } from "./auth.ts";

const tags = ["users"];

const requireInstanceAdmin = (principal: Principal) => {
  if (!principal.user.isAdmin) throw forbidden("Only administrators can manage users");
};

export const userRoutes = (deps: ApiDeps) =>
  new Elysia({ prefix: "/users" })
    .use(callerOf(deps))
    .get("/me", ({ principal }) => ({
      ...userJson(principal.user),
      organizations: deps.store.organizations.listForUser(principal.user.id).map((m) => organizationJson(m.organization, m.role)),
    }), { detail: { tags, summary: "The caller, with their organizations", responses: answers(200, MeOut) } })
    .get("", ({ principal, query, set }) => {
      requireInstanceAdmin(principal);
      set.headers["X-Total-Count"] = String(deps.store.users.count());
      return deps.store.users.list(query.limit ?? 100, query.offset ?? 0).map(userJson);
    }, { query: v.object(Paging), detail: { tags, summary: "All users (administrators)", responses: answers(200, v.array(UserOut)) } })
    .post("", async ({ principal, body, set }) => {
      requireInstanceAdmin(principal);
      const user = await createAccount(deps.store, {
        email: body.email, password: body.password, name: body.name, plan: body.plan, isAdmin: body.is_admin,
        organizationId: body.organization_id, role: body.role,
      }, deps.clock());
      set.status = 201;
      return userJson(user);
    }, {
      body: v.object({
        email: Email,
        password: Password,
        name: v.optional(Name),
        plan: v.optional(PlanName),
        is_admin: v.optional(v.boolean("must be true or false")),
        organization_id: v.optional(Uuid),
        role: v.optional(RoleName),
      }),
      detail: { tags, summary: "Create a user (administrators); with organization_id the user joins it, else gets their own", responses: answers(201, UserOut, "Created") },
    });
