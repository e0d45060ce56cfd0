import { Elysia } from "elysia";
import { ProjectOut, answers } from "./responses.ts";
import * as v from "valibot";
import { organizationForNew, requireManager, requireWriter } from "../accounts/roles.ts";
import { conflict, notFound } from "../errors.ts";
import { callerOf, type ApiDeps } from "./context.ts";
import { projectJson } from "./json.ts";
import { Name, Uuid } from "./schemas.ts";

const tags = ["projects"];

export const projectRoutes = (deps: ApiDeps) => {
  const { store, clock } = deps;
  const writable = (id: string, userId: string) => {
    const found = store.projects.getForUser(id, userId);
    if (!found) throw notFound("Project");
    requireWriter(found.role);
    return found;
  };
  return new Elysia({ prefix: "/projects" })
    .use(callerOf(deps))
    .get("", ({ query, principal }) =>
      store.projects.listForUser(principal.user.id, query.organization_id).map((r) => projectJson(r.project)),
      { query: v.object({ organization_id: v.optional(v.string()) }), detail: { tags, summary: "Projects of the caller's organizations", responses: answers(200, v.array(ProjectOut)) } })
    .post(
      "",
      ({ body, principal, set }) => {
        const organizationId = organizationForNew(store.organizations.listForUser(principal.user.id), body.organization_id);
        set.status = 201;
        return projectJson(store.projects.create({ organizationId, name: body.name }, clock()));
      },
      { body: v.object({ name: Name, organization_id: v.optional(Uuid) }), detail: { tags, summary: "Create a project", responses: answers(201, ProjectOut, "Created") } },
    )
    .get("/:id", ({ params, principal }) => {
      const found = store.projects.getForUser(params.id, principal.user.id);
      if (!found) throw notFound("Project");
      return projectJson(found.project);
    }, { detail: { tags, summary: "Get one project", responses: answers(200, ProjectOut) } })
    .patch("/:id", ({ params, body, principal }) => {
      writable(params.id, principal.user.id);
      if (body.name !== undefined) store.projects.rename(params.id, body.name, clock());
      return projectJson(store.projects.getForUser(params.id, principal.user.id)!.project);
    }, { body: v.object({ name: v.optional(Name) }), detail: { tags, summary: "Rename a project", responses: answers(200, ProjectOut) } })
    .delete("/:id", ({ params, principal, set }) => {
      const { project, role } = writable(params.id, principal.user.id);
      requireManager(role);
      if (project.isDefault) throw conflict("The default project cannot be deleted");
      const monitorCount = store.projects.countMonitors(project.id);
      if (monitorCount > 0) throw conflict(`Project still has ${monitorCount} monitor(s); delete or move them first`);
      store.projects.delete(project.id);
      set.status = 204;
    }, { detail: { tags, summary: "Delete an empty project", responses: answers(204, null, "Deleted") } });
};
