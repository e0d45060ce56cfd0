import { Elysia } from "elysia";
import * as v from "valibot";
import { MaintenanceInput } from "../maintenance/service.ts";
import { pageOf } from "../paging.ts";
import { beforeMs, callerOf, type ApiDeps } from "./context.ts";
import { maintenanceJson } from "./json.ts";
import { answerPage, pagingOf } from "./paging.ts";
import { MaintenanceOut, answers } from "./responses.ts";
import { beforeQuery, jsonBody, Paging } from "./schemas.ts";

const tags = ["maintenance"];

export const maintenanceRoutes = (deps: ApiDeps) => {
  const { maintenance } = deps.services;
  const json = (w: Parameters<typeof maintenanceJson>[0]) => maintenanceJson(w, deps.clock());
  return new Elysia({ prefix: "/maintenance" })
    .use(callerOf(deps))
    .get("", ({ query, principal, set }) =>
      answerPage(set, pageOf(maintenance.list(principal.user.id, beforeMs(query.before)), pagingOf(query)), json),
      { query: v.object({ ...Paging, before: beforeQuery }), detail: { tags, summary: "Maintenance windows of the caller's organizations, newest first", responses: answers(200, v.array(MaintenanceOut)) } })
    .post("", ({ body, principal, set }) => {
      set.status = 201;
      return json(maintenance.create(principal.user.id, body));
    }, {
      // validated by the service, which also checks the timing as a whole; the schema documents the body
      detail: { tags, summary: "Create a window: one-off (starts_at, ends_at) or recurring (schedule, duration_minutes, timezone)", responses: answers(201, MaintenanceOut, "Created"), requestBody: jsonBody(MaintenanceInput) },
    })
    .get("/:id", ({ params, principal }) => json(maintenance.get(params.id, principal.user.id)),
      { detail: { tags, summary: "Get one maintenance window", responses: answers(200, MaintenanceOut) } })
    .patch("/:id", ({ params, body, principal }) => json(maintenance.update(params.id, principal.user.id, body)), {
      detail: { tags, summary: "Change a maintenance window (checked whole, as on create)", responses: answers(200, MaintenanceOut), requestBody: jsonBody(MaintenanceInput) },
    })
    .delete("/:id", ({ params, principal, set }) => {
      maintenance.delete(params.id, principal.user.id);
      set.status = 204;
    }, { detail: { tags, summary: "Delete a maintenance window", responses: answers(204, null, "Deleted") } });
};
