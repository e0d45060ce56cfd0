import { Elysia } from "elysia";
import { BulkOut, CheckOut, DeliveryOut, IncidentOut, monitorOut, PulseOut, SeriesOut, StatusChangeOut, UptimeOut, answers } from "./responses.ts";
import * as v from "valibot";
import { isUuid } from "../ids.ts";
import { UPTIME_WINDOWS } from "../history/windows.ts";
import { SERIES_WINDOWS } from "../history/series.ts";
import { monitorInput, monitorPatch } from "../monitors/spec.ts";
import { derived, KINDS } from "../probes/registry.ts";
import { callerOf, baseUrlOf, beforeMs, type ApiDeps } from "./context.ts";
import { checkJson, deliveryJson, incidentJson, monitorJsonText, pulseJson, seriesJson, statusChangeJson } from "./json.ts";
import type { MonitorRow } from "../domain/types.ts";
import { pagingOf } from "./paging.ts";
import { HistoryQuery, jsonBody, MonitorIds, MonitorStatusName, Paging, Uuid } from "./schemas.ts";
import { applyBulk, BULK_ACTIONS } from "../monitors/bulk.ts";
import { invalid } from "../errors.ts";
import { strictBody } from "../validation.ts";
import { recentOf, RECENT_RESULTS } from "../monitors/recent.ts";
import { regionReports, servedRegions } from "../monitors/regions.ts";


const listQuery = derived(() => v.object({
  ...Paging,
  project_id: v.optional(v.string()),
  kind: v.optional(v.picklist(KINDS, `must be one of ${KINDS.join(", ")}`)),
  status: v.optional(MonitorStatusName),
  ids: v.optional(MonitorIds),
  include: v.optional(v.picklist(["recent"], "must be recent")),
  q: v.optional(v.pipe(v.string(), v.maxLength(200, "must be at most 200 characters"))),
}));

const tags = ["monitors"];
/** select-all on a dashboard of 10,000 monitors is one call */
const MAX_BULK_IDS = 10_000;

/** The content type of JSON text made by a route (Elysia's own serializing adds a charset). */
export const JSON_TEXT_TYPE = "application/json";

/** Answers with JSON text made by the route (Elysia would serialize an object itself). */
function asJson(set: { headers: Record<string, unknown> }, text: string): string {
  set.headers["content-type"] = JSON_TEXT_TYPE;
  return text;
}

/** One monitor as the API shows it, with its links, steps and maintenance window. */
export const monitorAnswerText = (deps: ApiDeps, monitor: MonitorRow, request: Request) =>
  monitorJsonText(monitor, baseUrlOf(deps, request), {
    channelIds: deps.services.monitors.channelIdsOf(monitor.id),
    dependsOn: deps.services.monitors.dependsOnOf(monitor.id),
    escalations: deps.services.monitors.escalationsOf(monitor.id),
    maintenanceId: deps.services.maintenance.windowOf(monitor, deps.clock())?.id ?? null,
    regionReports: monitor.regions.length > 0 ? regionReports(deps.store, monitor, servedRegions(deps.store, deps.config.region)) : undefined,
  });

/** GET /monitors/:id's answer: also served by Bun's router ahead of Elysia (native-routes.ts). */
export const readMonitorText = (deps: ApiDeps, id: string, userId: string, request: Request) =>
  monitorAnswerText(deps, deps.services.monitors.get(id, userId).monitor, request);

export const monitorRoutes = (deps: ApiDeps) => {
  const answer = (monitor: MonitorRow, { request, set }: { request: Request; set: { headers: Record<string, unknown> } }) =>
    asJson(set, monitorAnswerText(deps, monitor, request));
  const history = deps.services.monitorHistory;
  return new Elysia({ prefix: "/monitors" })
    .use(callerOf(deps))
    .get(
      "",
      ({ query, principal, set, request }) => {
        const { limit, offset } = pagingOf(query);
        const filter = { projectId: query.project_id, kind: query.kind, status: query.status, ids: query.ids, text: query.q?.trim() || undefined };
        const { rows, total } = deps.services.monitors.list(principal.user.id, filter, limit, offset);
        set.headers["X-Total-Count"] = String(total);
        const baseUrl = baseUrlOf(deps, request);
        const monitors = rows.map((r) => r.monitor);
        const windows = deps.services.maintenance.windowsOf(monitors, deps.clock());
        const recent = query.include === "recent" ? recentOf(deps.store, monitors, deps.clock()) : undefined;
        const texts = rows.map(({ monitor: m, ...extras }) =>
          monitorJsonText(m, baseUrl, { ...extras, maintenanceId: windows.get(m.id)!, recent: recent?.get(m.id) }));
        return asJson(set, `[${texts.join(",")}]`);
      },
      {
        query: listQuery(),
        detail: {
          tags,
          summary: "List the caller's monitors, newest first",
          description: `\`include=recent\` adds \`recent\` to each: its last ${RECENT_RESULTS} results (checks, or a heartbeat's successes and fails) oldest first, ` +
            "its last response time and its 24h uptime, for the whole page in one query each. `ids` (comma-separated, at most 1000) lists only those monitors; " +
            "`q` only those whose name or target contains it (any case).",
          responses: answers(200, v.array(monitorOut())),
        },
      },
    )
    .post(
      "",
      (context) => {
        context.set.status = 201;
        return answer(deps.services.monitors.create(context.principal.user.id, context.body), context);
      },
      // validated by the service so that every bad field is named; the schema documents the body
      { detail: { tags, summary: "Create a monitor", responses: answers(201, monitorOut(), "Created"), requestBody: jsonBody(monitorInput()) } },
    )
    .post(
      "/bulk",
      ({ body, principal }) => {
        const projectId = body.project_id;
        if (body.action === "move" && !projectId) throw invalid([{ field: "project_id", message: "is required to move monitors" }]);
        if (body.action !== "move" && projectId) throw invalid([{ field: "project_id", message: "is only taken by the move action" }]);
        return { results: applyBulk(deps.store, deps.services.monitors, principal.user.id, { action: body.action, ids: body.ids, projectId }) };
      },
      {
        body: strictBody({
          action: v.picklist(BULK_ACTIONS, `must be ${BULK_ACTIONS.join(", ")}`),
          ids: v.pipe(v.array(Uuid, "must be an array of monitor ids"), v.minLength(1, "must name at least one monitor"), v.maxLength(MAX_BULK_IDS, `must name at most ${MAX_BULK_IDS} monitors`)),
          project_id: v.optional(Uuid),
        }),
        detail: {
          tags,
          summary: "Pause, resume, delete or move many monitors in one call",
          description: "All or nothing for access: when any id is not the caller's (404) or not theirs to change (403), none is changed. " +
            "Then each is changed as its own call would, in one transaction; `results` says per id whether it was (`ok`) or why not (`error`).",
          responses: answers(200, BulkOut),
        },
      },
    )
    .get("/:id", ({ params, principal, request, set }) =>
      asJson(set, readMonitorText(deps, params.id, principal.user.id, request)),
      { detail: { tags, summary: "Get one monitor", responses: answers(200, monitorOut()) } })
    .patch(
      "/:id",
      (context) =>
        answer(deps.services.monitors.update(context.params.id, context.principal.user.id, context.body), context),
      { detail: { tags, summary: "Change some fields of a monitor", responses: answers(200, monitorOut()), requestBody: jsonBody(monitorPatch()) } },
    )
    .delete("/:id", ({ params, principal, set }) => {
      deps.services.monitors.delete(params.id, principal.user.id);
      set.status = 204;
    }, { detail: { tags, summary: "Delete a monitor and its history", responses: answers(204, null, "Deleted") } })
    .post("/:id/pause", (context) =>
      answer(deps.services.monitors.setPaused(context.params.id, context.principal.user.id, true), context),
      { detail: { tags, summary: "Pause: no checks, no alerts", responses: answers(200, monitorOut()) } })
    .post("/:id/resume", (context) =>
      answer(deps.services.monitors.setPaused(context.params.id, context.principal.user.id, false), context),
      { detail: { tags, summary: "Resume a paused monitor", responses: answers(200, monitorOut()) } })
    .post("/:id/rotate-token", (context) =>
      answer(deps.services.monitors.rotateToken(context.params.id, context.principal.user.id), context),
      { detail: { tags, summary: "Give a heartbeat monitor a new ping URL (the old one stops working)", responses: answers(200, monitorOut()) } })
    .get(
      "/:id/checks",
      ({ params, query, principal }) => {
        const checks = history.checks(params.id, principal.user.id, query.limit ?? 100, beforeMs(query.before));
        const names = checks.some((c) => c.regionId !== 0) ? deps.store.regions.names() : undefined;
        return checks.map((c) => checkJson(c, names));
      },
      { query: HistoryQuery, detail: { tags, summary: "Most recent checks, newest first (at most 100)", responses: answers(200, v.array(CheckOut)) } },
    )
    .get(
      "/:id/pulses",
      ({ params, query, principal }) => {
        const before = query.before === undefined ? undefined : isUuid(query.before) ? { id: query.before } : { ms: Date.parse(query.before) };
        return history.pulses(params.id, principal.user.id, query.limit ?? 100, before).map(pulseJson);
      },
      { query: HistoryQuery, detail: { tags, summary: "Most recent pings of a heartbeat monitor, newest first", responses: answers(200, v.array(PulseOut)) } },
    )
    .get(
      "/:id/uptime",
      ({ params, query, principal }) => {
        const window = query.window ?? "24h";
        const stats = history.uptime(params.id, principal.user.id, window, query.exclude_maintenance !== "false");
        return {
          monitor_id: stats.monitorId, window, uptime_percent: stats.percent, total_checks: stats.total, up_checks: stats.up,
          avg_response_time_ms: stats.avgMs, p50_response_time_ms: stats.p50Ms, p95_response_time_ms: stats.p95Ms,
        };
      },
      {
        query: v.object({
          window: v.optional(v.picklist(UPTIME_WINDOWS, "must be 24h, 7d, 30d or 90d")),
          // default true: checks made while a maintenance window was on do not count (checked monitors)
          exclude_maintenance: v.optional(v.picklist(["true", "false"], "must be true or false")),
        }),
        detail: { tags, summary: "Uptime % and response times (avg, median, p95) over a window (heartbeats: time up, run results and job durations)", responses: answers(200, UptimeOut) },
      },
    )
    .get(
      "/:id/series",
      ({ params, query, principal }) => {
        const window = query.window ?? "24h";
        return seriesJson(params.id, window, history.series(params.id, principal.user.id, window));
      },
      {
        query: v.object({ window: v.optional(v.picklist(SERIES_WINDOWS, "must be 1h, 24h, 7d, 30d or 90d")) }),
        detail: {
          tags,
          summary: "Points for a response-time chart: each check for 1h and 24h, hourly averages for 7d to 90d, a heartbeat's run durations; and the down periods",
          responses: answers(200, SeriesOut),
        },
      },
    )
    .get(
      "/:id/status-changes",
      ({ params, query, principal }) =>
        history.statusChanges(params.id, principal.user.id, query.limit ?? 100, beforeMs(query.before)).map(statusChangeJson),
      { query: HistoryQuery, detail: { tags, summary: "The monitor's status changes with their reasons, newest first", responses: answers(200, v.array(StatusChangeOut)) } },
    )
    .get(
      "/:id/deliveries",
      ({ params, query, principal }) =>
        history.deliveries(params.id, principal.user.id, query.limit ?? 100, beforeMs(query.before)).map(deliveryJson),
      { query: HistoryQuery, detail: { tags, summary: "The monitor's alerts and their delivery attempts, newest first", responses: answers(200, v.array(DeliveryOut)) } },
    )
    .get(
      "/:id/incidents",
      ({ params, query, principal }) =>
        history.incidents(params.id, principal.user.id, query.limit ?? 100, beforeMs(query.before)).map(incidentJson),
      { query: HistoryQuery, detail: { tags, summary: "The monitor's down periods, newest first", responses: answers(200, v.array(IncidentOut)) } },
    );
};
