// The caller's own invitations: those sent to their email, which they accept or decline.
import { Elysia } from "elysia";
import * as v from "valibot";
import { callerOf, type ApiDeps } from "./context.ts";
import { invitationJson, organizationJson } from "./json.ts";
import { answerPage, pagingOf, PagingQuery } from "./paging.ts";
import { InvitationOut, OrganizationOut, answers } from "./responses.ts";

const tags = ["invitations"];

export const invitationRoutes = (deps: ApiDeps) => {
  const { invitations } = deps.services;
  return new Elysia({ prefix: "/invitations" })
    .use(callerOf(deps))
    .get("", ({ principal, query, set }) => answerPage(set, invitations.mine(principal.user, pagingOf(query)), invitationJson),
      { query: PagingQuery, detail: { tags, summary: "Invitations to the caller's email that are still open, newest first", responses: answers(200, v.array(InvitationOut)) } })
    .post("/:id/accept", ({ params, principal }) => {
      const { organization, role } = invitations.accept(params.id, principal.user);
      return organizationJson(organization, role);
    }, { detail: { tags, summary: "Accept: join the organization with the invited role", responses: answers(200, OrganizationOut, "Joined") } })
    .post("/:id/decline", ({ params, principal, set }) => {
      invitations.decline(params.id, principal.user);
      set.status = 204;
    }, { detail: { tags, summary: "Decline: the invitation is gone", responses: answers(204, null, "Declined") } });
};
