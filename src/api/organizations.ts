import { Elysia } from "elysia";
import { MemberOut, OrganizationOut, ProjectOut, answers } from "./responses.ts";
import * as v from "valibot";
import { requireManager } from "../accounts/roles.ts";
import { conflict, forbidden, notFound } from "../errors.ts";
import { callerOf, type ApiDeps } from "./context.ts";
import { memberJson, organizationJson, projectJson } from "./json.ts";
import { Email, Name, RoleName, Uuid } from "./schemas.ts";

const tags = ["organizations"];

export const organizationRoutes = (deps: ApiDeps) => {
  const { store, clock } = deps;
  const membershipOf = (organizationId: string, userId: string) => {
    const found = store.organizations.getForUser(organizationId, userId);
    if (!found) throw notFound("Organization");
    return found;
  };
  /** An organization must keep at least one owner. */
  const guardLastOwner = (organizationId: string, userId: string) => {
    const target = store.organizations.getForUser(organizationId, userId);
    if (target?.role === "owner" && store.organizations.countOwners(organizationId) === 1) {
      throw conflict("An organization needs at least one owner");
    }
  };
  return new Elysia({ prefix: "/organizations" })
    .use(callerOf(deps))
    .get("", ({ principal }) =>
      store.organizations.listForUser(principal.user.id).map((m) => organizationJson(m.organization, m.role)),
      { detail: { tags, summary: "The caller's organizations with the caller's role", responses: answers(200, v.array(OrganizationOut)) } })
    .post("", ({ body, principal, set }) => {
      const now = clock();
      const organization = store.transaction(() => {
        const created = store.organizations.create(body.name, now);
        store.organizations.addMember(created.id, principal.user.id, "owner", now);
        store.projects.create({ organizationId: created.id, name: "Default", isDefault: true }, now);
        return created;
      });
      set.status = 201;
      return organizationJson(organization, "owner");
    }, { body: v.object({ name: Name }), detail: { tags, summary: "Create an organization (the caller owns it)", responses: answers(201, OrganizationOut, "Created") } })
    .get("/:id", ({ params, principal }) => {
      const m = membershipOf(params.id, principal.user.id);
      return organizationJson(m.organization, m.role);
    }, { detail: { tags, summary: "Get one organization", responses: answers(200, OrganizationOut) } })
    .patch("/:id", ({ params, body, principal }) => {
      const m = membershipOf(params.id, principal.user.id);
      requireManager(m.role);
      if (body.name !== undefined) store.organizations.rename(params.id, body.name);
      return organizationJson(store.organizations.getById(params.id)!, m.role);
    }, { body: v.object({ name: v.optional(Name) }), detail: { tags, summary: "Rename an organization", responses: answers(200, OrganizationOut) } })
    .get("/:id/projects", ({ params, principal }) => {
      membershipOf(params.id, principal.user.id);
      return store.projects.listForUser(principal.user.id, params.id).map((r) => projectJson(r.project));
    }, { detail: { tags, summary: "Projects of one organization", responses: answers(200, v.array(ProjectOut)) } })
    .get("/:id/members", ({ params, principal }) => {
      membershipOf(params.id, principal.user.id);
      return store.organizations.members(params.id).map(memberJson);
    }, { detail: { tags, summary: "Members of an organization", responses: answers(200, v.array(MemberOut)) } })
    .post("/:id/members", ({ params, body, principal, set }) => {
      requireManager(membershipOf(params.id, principal.user.id).role);
      const user = body.user_id ? store.users.byId(body.user_id) : body.email ? store.users.byEmail(body.email) : undefined;
      if (!user) throw notFound("User");
      if (store.organizations.getForUser(params.id, user.id)) throw conflict("That user is already a member");
      const role = body.role ?? "member";
      if (role === "owner" && membershipOf(params.id, principal.user.id).role !== "owner") throw forbidden("Only owners can add owners");
      store.organizations.addMember(params.id, user.id, role, clock());
      set.status = 201;
      return memberJson(store.organizations.members(params.id).find((m) => m.user.id === user.id)!);
    }, {
      body: v.pipe(
        v.object({ email: v.optional(Email), user_id: v.optional(Uuid), role: v.optional(RoleName) }),
        v.forward(v.check((b) => Boolean(b.email || b.user_id), "give email or user_id of an existing user"), ["email"]),
      ),
      detail: { tags, summary: "Add an existing user to an organization", responses: answers(201, MemberOut, "Added") },
    })
    .patch("/:id/members/:userId", ({ params, body, principal }) => {
      const caller = membershipOf(params.id, principal.user.id);
      requireManager(caller.role);
      if (!store.organizations.getForUser(params.id, params.userId)) throw notFound("Member");
      if (body.role === "owner" && caller.role !== "owner") throw forbidden("Only owners can make owners");
      if (body.role !== "owner") guardLastOwner(params.id, params.userId);
      store.organizations.setRole(params.id, params.userId, body.role);
      return memberJson(store.organizations.members(params.id).find((m) => m.user.id === params.userId)!);
    }, { body: v.object({ role: RoleName }), detail: { tags, summary: "Change a member's role", responses: answers(200, MemberOut) } })
    .delete("/:id/members/:userId", ({ params, principal, set }) => {
      const caller = membershipOf(params.id, principal.user.id);
      // anyone may leave; removing others takes an owner or admin
      if (params.userId !== principal.user.id) requireManager(caller.role);
      if (!store.organizations.getForUser(params.id, params.userId)) throw notFound("Member");
      guardLastOwner(params.id, params.userId);
      store.organizations.removeMember(params.id, params.userId);
      set.status = 204;
    }, { detail: { tags, summary: "Remove a member (or leave)", responses: answers(204, null, "Removed") } });
};
