import { Elysia } from "elysia";
import { InvitationOut, MemberOut, OrganizationOut, ProjectOut, answers } from "./responses.ts";
import * as v from "valibot";
import { callerOf, type ApiDeps } from "./context.ts";
import { invitationJson, memberJson, organizationJson, projectJson } from "./json.ts";
import { answerPage, pagingOf, PagingQuery } from "./paging.ts";
import { Email, Name, RoleName, TimeZone, Uuid } from "./schemas.ts";
import { strictBody } from "../validation.ts";
import { MAX_ALERT_GROUP_SECONDS } from "../enums.ts";
import { int } from "../probes/kind.ts";

/** Seconds flips wait to be grouped with others (0: each alone). */
const AlertGroupSeconds = int(0, MAX_ALERT_GROUP_SECONDS);

const tags = ["organizations"];

export const organizationRoutes = (deps: ApiDeps) => {
  const { organizations, projects, invitations } = deps.services;
  return new Elysia({ prefix: "/organizations" })
    .use(callerOf(deps))
    .get("", ({ principal, query, set }) =>
      answerPage(set, organizations.list(principal.user.id, pagingOf(query)), (m) => organizationJson(m.organization, m.role)),
      { query: PagingQuery, detail: { tags, summary: "The caller's organizations with the caller's role", responses: answers(200, v.array(OrganizationOut)) } })
    .post("", ({ body, principal, set }) => {
      const { organization, role } = organizations.create(principal.user.id, body.name);
      set.status = 201;
      return organizationJson(organization, role);
    }, { body: strictBody({ name: Name }, OrganizationOut), detail: { tags, summary: "Create an organization (the caller owns it)", responses: answers(201, OrganizationOut, "Created") } })
    .get("/:id", ({ params, principal }) => {
      const m = organizations.visible(params.id, principal.user.id);
      return organizationJson(m.organization, m.role);
    }, { detail: { tags, summary: "Get one organization", responses: answers(200, OrganizationOut) } })
    .patch("/:id", ({ params, body, principal }) => {
      const { alert_group_seconds: alertGroupSeconds, ...rest } = body;
      const m = organizations.update(params.id, principal.user.id, { ...rest, alertGroupSeconds });
      return organizationJson(m.organization, m.role);
    }, {
      body: strictBody({ name: v.optional(Name), timezone: v.optional(TimeZone), alert_group_seconds: v.optional(AlertGroupSeconds) }, OrganizationOut),
      detail: {
        tags, summary: "Rename an organization, set the time zone its alerts use, or how long flips wait to be grouped into one message (0: never)",
        responses: answers(200, OrganizationOut),
      },
    })
    .get("/:id/projects", ({ params, principal, query, set }) =>
      answerPage(set, projects.listOfOrganization(params.id, principal.user.id, pagingOf(query)), (p) => projectJson(p, projects.channelIdsOf(p.id))),
      { query: PagingQuery, detail: { tags, summary: "Projects of one organization", responses: answers(200, v.array(ProjectOut)) } })
    .get("/:id/members", ({ params, principal, query, set }) =>
      answerPage(set, organizations.members(params.id, principal.user.id, pagingOf(query)), memberJson),
      { query: PagingQuery, detail: { tags, summary: "Members of an organization", responses: answers(200, v.array(MemberOut)) } })
    .post("/:id/members", ({ params, body, principal, set }) => {
      const added = organizations.addMember(params.id, principal.user, { email: body.email, userId: body.user_id, role: body.role });
      if (added.invitation) {
        set.status = 202;
        return invitationJson(added.invitation);
      }
      set.status = 201;
      return memberJson(added.member);
    }, {
      body: v.pipe(
        strictBody({ email: v.optional(Email), user_id: v.optional(Uuid), role: v.optional(RoleName) }, MemberOut),
        v.forward(v.check((b) => Boolean(b.email || b.user_id), "give the email to invite (or, for instance admins, user_id)"), ["email"]),
      ),
      detail: {
        tags,
        summary: "Invite someone by email (202, the same answer whether or not the email has an account); instance admins add an existing user at once (201)",
        responses: { ...answers(202, InvitationOut, "Invited: they join when they accept"), ...answers(201, MemberOut, "Added (instance admins)", { 409: "The user is a member already" }) },
      },
    })
    .get("/:id/invitations", ({ params, principal, query, set }) =>
      answerPage(set, invitations.ofOrganization(params.id, principal.user.id, pagingOf(query)), invitationJson),
      { query: PagingQuery, detail: { tags, summary: "Invitations not accepted yet and not expired (owners and admins)", responses: answers(200, v.array(InvitationOut)) } })
    .delete("/:id/invitations/:invitationId", ({ params, principal, set }) => {
      invitations.revoke(params.id, params.invitationId, principal.user.id);
      set.status = 204;
    }, { detail: { tags, summary: "Revoke an invitation (owners and admins)", responses: answers(204, null, "Revoked") } })
    .patch("/:id/members/:userId", ({ params, body, principal }) =>
      memberJson(organizations.setRole(params.id, principal.user.id, params.userId, body.role)),
      { body: strictBody({ role: RoleName }, MemberOut), detail: { tags, summary: "Change a member's role", responses: answers(200, MemberOut, "OK", { 409: "An organization needs at least one owner" }) } })
    .delete("/:id/members/:userId", ({ params, principal, set }) => {
      organizations.removeMember(params.id, principal.user.id, params.userId);
      set.status = 204;
    }, { detail: { tags, summary: "Remove a member (or leave)", responses: answers(204, null, "Removed", { 409: "An organization needs at least one owner" }) } });
};
