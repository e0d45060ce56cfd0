// The REST API of /work/shared/DESIGN.md ("REST API" and "Alerts" tables) as the contract floor registers it: each
// route with the valibot schemas its body and query need, its handler answering a constant.
// In: the contract's routes and fields; the pieces of upbeat's own schema module (src/api/schemas.ts) and its strict
// bodies (src/validation.ts), which are the contract's shapes and nothing else. Params take no schema: an id that
// is not one is a 404 like any other id, as in upbeat.
// Out: upbeat's route modules (their handlers, services and store come with them) and the schemas that pull in logic
// (src/monitors/spec.ts and src/api/responses.ts are derived from the probe registry, i.e. every probe's code);
// upbeat's routes beyond the contract (status pages, import, setup, events, bulk, series, rotate-token, ...) and its
// kinds beyond http/tcp/ping/ssl/dns/heartbeat; answer schemas (the contract's document is made from the schemas the
// routes validate with; upbeat documents its answers in its own step, src/api/openapi.ts, only when the document is
// asked for). The monitor body is the contract's Monitor table, one flat object.
import { Elysia } from "elysia";
import * as v from "valibot";
import { beforeQuery, Email, HistoryQuery, MonitorStatusName, Name, Paging, Password, PlanName, RoleName, ScopeName, TimeZone, Uuid } from "../../src/api/schemas.ts";
import { strictBody } from "../../src/validation.ts";

const CONTRACT_KINDS = ["http", "tcp", "ping", "ssl", "dns", "heartbeat"] as const;
const int = (min: number, max: number) => v.pipe(v.number("must be a number"), v.integer("must be a whole number"), v.minValue(min), v.maxValue(max));
const text = v.string("must be a string");
const Iso = v.pipe(v.string(), v.isoTimestamp());
const nullable = <S extends v.GenericSchema>(schema: S) => v.nullable(schema);

/** The Monitor table's writable fields, each kind's own ones optional. */
const monitorFields = {
  name: Name, project_id: v.optional(Uuid), kind: v.picklist(CONTRACT_KINDS), url: v.optional(text),
  interval_seconds: v.optional(int(10, 86400)), is_paused: v.optional(v.boolean()), timeout_seconds: v.optional(int(1, 86400)),
  retries: v.optional(int(0, 100)),
  method: v.optional(v.picklist(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"])), headers: v.optional(v.record(v.string(), v.string())),
  body: v.optional(nullable(text)), expected_status: v.optional(v.pipe(text, v.regex(/^\d{3}(-\d{3})?(,\d{3}(-\d{3})?)*$/))),
  keyword: v.optional(nullable(text)), keyword_absent: v.optional(v.boolean()), follow_redirects: v.optional(v.boolean()),
  ignore_tls_errors: v.optional(v.boolean()), ssl_expiry_days: v.optional(int(0, 3650)),
  record_type: v.optional(v.picklist(["A", "AAAA", "CNAME", "MX", "NS", "TXT", "SRV", "PTR", "SOA", "CAA"])), expected_value: v.optional(nullable(text)),
  grace_seconds: v.optional(int(0, 86400)), schedule: v.optional(nullable(text)), timezone: v.optional(TimeZone),
};
const { name: _name, kind: _kind, ...patchable } = monitorFields;

const Channel = {
  name: Name, kind: text, config: v.record(v.string(), v.unknown()), is_default: v.optional(v.boolean()), is_enabled: v.optional(v.boolean()),
};
const Maintenance = {
  title: Name, monitor_ids: v.optional(v.array(Uuid)), project_ids: v.optional(v.array(Uuid)), starts_at: v.optional(nullable(Iso)),
  ends_at: v.optional(nullable(Iso)), schedule: v.optional(nullable(text)), duration_minutes: v.optional(nullable(int(1, 525600))),
  timezone: v.optional(TimeZone), is_active: v.optional(v.boolean()),
};
const PageQuery = v.object(Paging);
const PagedHistory = v.object({ ...Paging, before: beforeQuery });

const LIST: unknown[] = [];
const ONE = {};

export type MonitorBody = v.InferOutput<v.ObjectSchema<typeof monitorFields, undefined>>;

/** The contract's API under `prefix` (/api/v1, and again /v1); `create` makes a POSTed monitor real (stored and
 * checked) and gives its answer, else the answer is a constant. */
export const contractApi = (prefix: string, create?: (body: MonitorBody) => object) =>
  new Elysia({ prefix })
    .get("/monitors", () => LIST, {
      query: v.object({ ...Paging, project_id: v.optional(Uuid), kind: v.optional(v.picklist(CONTRACT_KINDS)), status: v.optional(MonitorStatusName) }),
    })
    .post("/monitors", ({ body, set }) => {
      set.status = 201;
      return create ? create(body) : ONE;
    }, { body: strictBody(monitorFields) })
    .get("/monitors/:id", () => ONE)
    .patch("/monitors/:id", () => ONE, { body: strictBody(patchable) })
    .delete("/monitors/:id", () => null)
    .get("/monitors/:id/checks", () => LIST, { query: HistoryQuery })
    .get("/monitors/:id/pulses", () => LIST, { query: HistoryQuery })
    .get("/monitors/:id/uptime", () => ONE, { query: v.object({ window: v.optional(v.picklist(["24h", "7d", "30d", "90d"])) }) })
    .post("/monitors/:id/pause", () => ONE)
    .post("/monitors/:id/resume", () => ONE)
    .get("/monitors/:id/deliveries", () => LIST, { query: HistoryQuery })
    .get("/monitors/:id/incidents", () => LIST, { query: HistoryQuery })
    .get("/projects", () => LIST, { query: v.object({ ...Paging, organization_id: v.optional(Uuid) }) })
    .post("/projects", () => ONE, { body: strictBody({ name: Name, organization_id: v.optional(Uuid) }) })
    .get("/projects/:id", () => ONE)
    .patch("/projects/:id", () => ONE, { body: strictBody({ name: v.optional(Name) }) })
    .delete("/projects/:id", () => null)
    .get("/organizations", () => LIST, { query: PageQuery })
    .get("/organizations/:id", () => ONE)
    .get("/organizations/:id/members", () => LIST, { query: PageQuery })
    .post("/organizations/:id/members", () => ONE, { body: strictBody({ email: Email, role: v.optional(RoleName) }) })
    .patch("/organizations/:id/members/:userId", () => ONE, { body: strictBody({ role: RoleName }) })
    .delete("/organizations/:id/members/:userId", () => null)
    .get("/users/me", () => ONE)
    .get("/users", () => LIST, { query: PageQuery })
    .post("/users", () => ONE, {
      body: strictBody({ email: Email, password: Password, name: v.optional(Name), plan: v.optional(PlanName), organization_id: v.optional(Uuid), role: v.optional(RoleName) }),
    })
    .get("/api-keys", () => LIST, { query: PageQuery })
    .post("/api-keys", () => ONE, { body: strictBody({ name: v.optional(Name), scope: v.optional(ScopeName) }) })
    .delete("/api-keys/:id", () => null)
    .post("/auth/login", () => ONE, { body: strictBody({ email: Email, password: v.pipe(text, v.nonEmpty()) }) })
    .post("/auth/logout", () => null)
    .get("/invitations", () => LIST, { query: PageQuery })
    .post("/invitations/:id/accept", () => ONE)
    .post("/invitations/:id/decline", () => null)
    .get("/channels", () => LIST, { query: PagedHistory })
    .post("/channels", () => ONE, { body: strictBody(Channel) })
    .get("/channels/:id", () => ONE)
    .patch("/channels/:id", () => ONE, { body: v.partial(strictBody(Channel)) })
    .delete("/channels/:id", () => null)
    .post("/channels/:id/test", () => ONE)
    .post("/channels/:id/link-all", () => ONE)
    .get("/channels/:id/deliveries", () => LIST, { query: HistoryQuery })
    .get("/incidents", () => LIST, { query: v.object({ ...Paging, before: beforeQuery, status: v.optional(v.picklist(["open", "resolved"])) }) })
    .post("/incidents/:id/ack", () => ONE)
    .get("/maintenance", () => LIST, { query: PagedHistory })
    .post("/maintenance", () => ONE, { body: strictBody(Maintenance) })
    .get("/maintenance/:id", () => ONE)
    .patch("/maintenance/:id", () => ONE, { body: v.partial(strictBody(Maintenance)) })
    .delete("/maintenance/:id", () => null);
