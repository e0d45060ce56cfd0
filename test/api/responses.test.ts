// Real answers parsed with the schemas the OpenAPI document shows: the document cannot drift from the API.
import { beforeAll, expect, test } from "bun:test";
import * as v from "valibot";
import {
  ApiKeyOut, CheckOut, CreatedApiKeyOut, ErrorOut, LoginOut, MemberOut, MeOut, monitorOut, OrganizationOut,
  ProjectOut, PulseOut, UptimeOut, UserOut,
} from "../../src/api/responses.ts";
import { ADMIN, useServer } from "../support/server.ts";
import { openStoreOf } from "../support/store.ts";
import { json } from "../support/http.ts";

const server = useServer();
let key: string;
beforeAll(async () => {
  key = await server.adminKey();
});

const get = async (path: string) => json(await server.call("GET", path, { auth: key }));
const post = async (path: string, body: unknown) => json(await server.call("POST", path, { auth: key, body }));

test("monitors of every kind, their checks, pulses and uptime match the documented shapes", async () => {
  const bodies = [
    { kind: "http", url: "http://127.0.0.1:9/", headers: { "X-A": "1" }, keyword: "ok" },
    { kind: "tcp", url: "127.0.0.1:9" },
    { kind: "ping", url: "127.0.0.1" },
    { kind: "ssl", url: "127.0.0.1:9" },
    { kind: "dns", url: "localhost", record_type: "A" },
    { kind: "heartbeat", schedule: "0 3 * * *", timezone: "Europe/Berlin" },
  ];
  for (const body of bodies) {
    const created = await post("/api/v1/monitors", { name: body.kind, is_paused: true, ...body });
    v.parse(monitorOut(), created);
  }
  v.parse(v.array(monitorOut()), await get("/api/v1/monitors"));
  const [heartbeat, , , , , http] = await get("/api/v1/monitors");
  const { store } = openStoreOf(server);
  store.checks.insertMany([{ monitorSeq: store.monitors.byId(http.id)!.seq, checkedAt: Date.now() - 1000, isUp: false, statusCode: 503, responseTimeMs: 12, errorMessage: "expected 200-399, got 503" }]);
  await server.call("POST", `/ping/${heartbeat.ping_token}`, { raw: "hello" });
  const checks = await get(`/api/v1/monitors/${http.id}/checks`);
  expect(checks.length).toBe(1);
  v.parse(v.array(CheckOut), checks);
  const pulses = await get(`/api/v1/monitors/${heartbeat.id}/pulses`);
  expect(pulses.length).toBe(1);
  v.parse(v.array(PulseOut), pulses);
  v.parse(UptimeOut, await get(`/api/v1/monitors/${http.id}/uptime`));
});

test("accounts, organizations, projects and keys match the documented shapes", async () => {
  v.parse(MeOut, await get("/api/v1/users/me"));
  v.parse(v.array(UserOut), await get("/api/v1/users"));
  const orgs = v.parse(v.array(OrganizationOut), await get("/api/v1/organizations"));
  v.parse(v.array(MemberOut), await get(`/api/v1/organizations/${orgs[0]!.id}/members`));
  v.parse(ProjectOut, await post("/api/v1/projects", { name: "Shapes" }));
  v.parse(v.array(ProjectOut), await get("/api/v1/projects"));
  v.parse(CreatedApiKeyOut, await post("/api/v1/api-keys", { scope: "read" }));
  v.parse(v.array(ApiKeyOut), await get("/api/v1/api-keys"));
  v.parse(LoginOut, await json(await server.call("POST", "/api/v1/auth/login", { body: ADMIN })));
  v.parse(ErrorOut, await get("/api/v1/monitors/01930000-0000-7000-8000-000000000000"));
  v.parse(ErrorOut, await post("/api/v1/monitors", { kind: "http" }));
});

test("the OpenAPI document carries the response schemas", async () => {
  const doc = await json(await server.call("GET", "/api/docs/json"));
  const created = doc.paths["/api/v1/monitors"].post.responses["201"].content["application/json"].schema;
  expect(JSON.stringify(created)).toContain("last_checked_at");
  const checks = doc.paths["/api/v1/monitors/{id}/checks"].get.responses["200"].content["application/json"].schema;
  expect(JSON.stringify(checks)).toContain("response_time_ms");
  expect(doc.paths["/api/v1/monitors/{id}"].delete.responses["204"]).toBeDefined();
});
