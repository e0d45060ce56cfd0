import { Elysia } from "elysia";
import { ProjectOut, answers } from "./responses.ts";
import * as v from "valibot";
import { callerOf, type ApiDeps } from "./context.ts";
import { projectJson } from "./json.ts";
import { ChannelIds } from "../channels/links.ts";
import type { ProjectRow } from "../domain/types.ts";
import { answerPage, pagingOf } from "./paging.ts";
import { Name, Paging, Uuid } from "./schemas.ts";
import { strictBody } from "../validation.ts";

const tags = ["projects"];

export const projectRoutes = (deps: ApiDeps) => {
  const { projects } = deps.services;
  const json = (project: ProjectRow) => projectJson(project, projects.channelIdsOf(project.id));
  return new Elysia({ prefix: "/projects" })
    .use(callerOf(deps))
    .get("", ({ query, principal, set }) => answerPage(set, projects.list(principal.user.id, query.organization_id, pagingOf(query)), json),
      { query: v.object({ ...Paging, organization_id: v.optional(v.string()) }), detail: { tags, summary: "Projects of the caller's organizations", responses: answers(200, v.array(ProjectOut)) } })
    .post(
      "",
      ({ body, principal, set }) => {
        const project = projects.create(principal.user.id, { name: body.name, organizationId: body.organization_id, channelIds: body.channel_ids });
        set.status = 201;
        return json(project);
      },
      { body: strictBody({ name: Name, organization_id: v.optional(Uuid), channel_ids: v.optional(ChannelIds) }, ProjectOut), detail: { tags, summary: "Create a project", responses: answers(201, ProjectOut, "Created") } },
    )
    .get("/:id", ({ params, principal }) => json(projects.visible(params.id, principal.user.id).project),
      { detail: { tags, summary: "Get one project", responses: answers(200, ProjectOut) } })
    .patch("/:id", ({ params, body, principal }) => {
      if (body.channel_ids) projects.setChannels(params.id, principal.user.id, body.channel_ids);
      return json(projects.rename(params.id, principal.user.id, body.name));
    }, { body: strictBody({ name: v.optional(Name), channel_ids: v.optional(ChannelIds) }, ProjectOut), detail: { tags, summary: "Rename a project or set the channels all its monitors alert", responses: answers(200, ProjectOut) } })
    .delete("/:id", ({ params, principal, set }) => {
      projects.delete(params.id, principal.user.id);
      set.status = 204;
    }, { detail: { tags, summary: "Delete an empty project", responses: answers(204, null, "Deleted", { 409: "The default project, or one that still has monitors" }) } });
};
