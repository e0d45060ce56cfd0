// GET /ack/:token shows what the link would acknowledge and a button; POST /ack/:token acknowledges it, once, with no
// login (the token is the proof). People get HTML pages; a client asking for JSON gets the incident or the contract's error.
import { Elysia } from "elysia";
import { errorResponse } from "../api/errors.ts";
import { incidentJson } from "../api/json.ts";
import { formatTime } from "../alerts/format.ts";
import type { IncidentRow } from "../domain/types.ts";
import type { Store } from "../store/index.ts";
import { toIso, type Clock } from "../time.ts";
import { ACK_PAGE_HEADERS, acknowledgedPage, confirmPage, refusedPage, type AckSubject } from "./ack-page.ts";
import type { AckLinks } from "./ack-link.ts";

type Refusal = { status: 404 | 409; code: string; message: string };

const INVALID: Refusal = { status: 404, code: "not_found", message: "This acknowledge link is not valid (changed, cut short, or from another server)." };

export function ackRoutes(store: Store, clock: Clock, links: AckLinks) {
  /** The open, unacknowledged incident a token names, or why there is nothing to acknowledge. */
  function incidentOf(token: string): IncidentRow | Refusal {
    const id = links.incidentIdOf(token);
    const incident = id ? store.incidents.byId(id) : undefined;
    if (!incident) return INVALID;
    if (incident.resolvedAt !== null) return { status: 409, code: "incident_resolved", message: "This incident is over: the monitor is up again, so there is nothing to acknowledge." };
    if (incident.acknowledgedAt !== null) {
      return { status: 409, code: "already_acknowledged", message: `This incident was already acknowledged at ${toIso(incident.acknowledgedAt)}.` };
    }
    return incident;
  }

  function subjectOf(incident: IncidentRow): AckSubject {
    const monitor = store.monitors.byId(incident.monitorId)!;
    const organizationId = store.projects.organizationOf(monitor.projectId);
    const since = formatTime(toIso(incident.startedAt), organizationId ? store.organizations.timeZoneOf(organizationId) : "UTC");
    return { monitorName: monitor.name, summary: `down since ${since}${incident.reason ? `: ${incident.reason}` : ""}` };
  }

  const wantsJson = (request: Request) => request.headers.get("accept")?.includes("application/json") ?? false;

  function answer(request: Request, outcome: IncidentRow | Refusal, html: (incident: IncidentRow) => string): Response {
    const json = wantsJson(request);
    if ("code" in outcome) {
      if (json) return errorResponse(outcome.status, outcome.code, outcome.message, { "Cache-Control": "no-store" });
      return new Response(refusedPage(outcome.message), { status: outcome.status, headers: ACK_PAGE_HEADERS });
    }
    if (json) return Response.json(incidentJson(outcome), { headers: { "Cache-Control": "no-store" } });
    return new Response(html(outcome), { headers: ACK_PAGE_HEADERS });
  }

  return new Elysia()
    .get("/ack/:token", ({ params, request }) => answer(request, incidentOf(params.token), (incident) => confirmPage(subjectOf(incident))))
    // the body (an empty form) is never read
    .post("/ack/:token", ({ params, request }) => {
      const found = incidentOf(params.token);
      if ("code" in found) return answer(request, found, () => "");
      // the conditional update decides a race between two clicks: the loser is told why, like any later click
      const acknowledged = store.incidents.acknowledge(found.id, { userId: null, via: "link" }, clock());
      const outcome = acknowledged ? store.incidents.byId(found.id)! : incidentOf(params.token);
      return answer(request, outcome, (incident) => acknowledgedPage(subjectOf(incident)));
    }, { parse: "none" });
}
