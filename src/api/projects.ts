import { Elysia } from "elysia";
import { ProjectOut, answers } from "./responses.ts";
import * as v from "valibot";
import { callerOf, type ApiDeps } from "./context.ts";
import { projectJson } from "./json.ts";
import { answerPage, pagingOf } from "./paging.ts";
import { Name, Paging, Uuid } from "./schemas.ts";

const tags = ["projects"];

export const projectRoutes = (deps: ApiDeps) => {
  const { projects } = deps.services;
  return new Elysia({ prefix: "/projects" })
    .use(callerOf(deps))
    .get("", ({ query, principal, set }) => answerPage(set, projects.list(principal.user.id, query.organization_id, pagingOf(query)), projectJson),
      { query: v.object({ ...Paging, organization_id: v.optional(v.string()) }), detail: { tags, summary: "Projects of the caller's organizations", responses: answers(200, v.array(ProjectOut)) } })
    .post(
      "",
      ({ body, principal, set }) => {
        const project = projects.create(principal.user.id, { name: body.name, organizationId: body.organization_id });
        set.status = 201;
        return projectJson(project);
      },
      { body: v.object({ name: Name, organization_id: v.optional(Uuid) }), detail: { tags, summary: "Create a project", responses: answers(201, ProjectOut, "Created") } },
    )
    .get("/:id", ({ params, principal }) => projectJson(projects.visible(params.id, principal.user.id).project),
      { detail: { tags, summary: "Get one project", responses: answers(200, ProjectOut) } })
    .patch("/:id", ({ params, body, principal }) => projectJson(projects.rename(params.id, principal.user.id, body.name)),
      { body: v.object({ name: v.optional(Name) }), detail: { tags, summary: "Rename a project", responses: answers(200, ProjectOut) } })
    .delete("/:id", ({ params, principal, set }) => {
      projects.delete(params.id, principal.user.id);
      set.status = 204;
    }, { detail: { tags, summary: "Delete an empty project", responses: answers(204, null, "Deleted") } });
};
