import { Elysia } from "elysia";
import * as v from "valibot";
import { requireWriter } from "../accounts/roles.ts";
import { notFound } from "../errors.ts";
import { beforeMs, callerOf, type ApiDeps } from "./context.ts";
import { incidentJson } from "./json.ts";
import { IncidentOut, answers } from "./responses.ts";
import { answerPage, pagingOf } from "./paging.ts";
import { beforeQuery, Paging } from "./schemas.ts";

const tags = ["incidents"];

const ListQuery = v.object({
  ...Paging,
  before: beforeQuery,
  status: v.optional(v.picklist(["open", "resolved"], "must be open or resolved")),
});

export const incidentRoutes = (deps: ApiDeps) => {
  const { store, clock } = deps;
  return new Elysia({ prefix: "/incidents" })
    .use(callerOf(deps))
    .get("", ({ query, principal, set }) =>
      answerPage(set, store.incidents.pageForUser(principal.user.id, query.status, pagingOf(query), beforeMs(query.before)), incidentJson),
      { query: ListQuery, detail: { tags, summary: "Down periods of the caller's monitors, newest first", responses: answers(200, v.array(IncidentOut)) } })
    .post("/:id/ack", ({ params, principal }) => {
      const incident = store.incidents.getForUser(params.id, principal.user.id);
      if (!incident) throw notFound("Incident");
      const monitor = deps.services.monitors.get(incident.monitorId, principal.user.id);
      requireWriter(monitor.role);
      store.incidents.acknowledge(incident.id, { userId: principal.user.id, via: "api" }, clock());
      return incidentJson(store.incidents.getForUser(params.id, principal.user.id)!);
    }, { detail: { tags, summary: "Acknowledge an incident: its reminders and escalations stop", responses: answers(200, IncidentOut) } });
};
