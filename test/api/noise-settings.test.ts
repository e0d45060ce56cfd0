// The settings behind grouping and quiet hours through the real server: the organization's alert_group_seconds,
// a channel's quiet_hours and a monitor's is_critical, each validated with the field named.
import { beforeAll, expect, test } from "bun:test";
import * as v from "valibot";
import { ChannelOut, OrganizationOut, monitorOut } from "../../src/api/responses.ts";
import { expectError, json } from "../support/http.ts";
import { useServer } from "../support/server.ts";

const server = useServer();
let key: string;
let orgId: string;

beforeAll(async () => {
  key = await server.adminKey();
  orgId = (await json<{ id: string }[]>(await server.call("GET", "/api/v1/organizations", { auth: key })))[0]!.id;
});

const call = (method: string, path: string, body?: unknown) => server.call(method, `/api/v1${path}`, { auth: key, body });
const fieldsOf = async (response: Response) => (await expectError(response, 400)).details!.map((d) => d.field);
const QUIET = { start: "22:00", end: "07:00", timezone: "Europe/Berlin" };

test("alert_group_seconds: 10 by default, 0 … 600, set with PATCH", async () => {
  const organization = v.parse(OrganizationOut, await json(await call("GET", `/organizations/${orgId}`)));
  expect(organization.alert_group_seconds).toBe(10);
  const changed = await json(await call("PATCH", `/organizations/${orgId}`, { alert_group_seconds: 0 }));
  expect(changed).toMatchObject({ alert_group_seconds: 0 });
  for (const bad of [-1, 601, 2.5, "10"]) {
    expect(await fieldsOf(await call("PATCH", `/organizations/${orgId}`, { alert_group_seconds: bad }))).toEqual(["alert_group_seconds"]);
  }
  await call("PATCH", `/organizations/${orgId}`, { alert_group_seconds: 10 });
});

test("quiet_hours on a channel: stored as given, shown, changed and cleared", async () => {
  const created = await call("POST", "/channels", { name: "night", kind: "webhook", config: { url: "https://example.com/hook" }, quiet_hours: { ...QUIET, days: ["fri", "sat"] } });
  expect(created.status).toBe(201);
  const channel = v.parse(ChannelOut, await json(created));
  expect(channel.quiet_hours).toEqual({ ...QUIET, days: ["fri", "sat"] });
  const plain = v.parse(ChannelOut, await json(await call("POST", "/channels", { name: "day", kind: "webhook", config: { url: "https://example.com/hook" } })));
  expect(plain.quiet_hours).toBeNull();
  const patched = await json<{ quiet_hours: unknown }>(await call("PATCH", `/channels/${channel.id}`, { quiet_hours: { ...QUIET, start: "23:30" } }));
  expect(patched.quiet_hours).toEqual({ ...QUIET, start: "23:30" });
  const renamed = await json<{ quiet_hours: unknown }>(await call("PATCH", `/channels/${channel.id}`, { name: "nights" }));
  expect(renamed.quiet_hours).toEqual({ ...QUIET, start: "23:30" });
  expect((await json<{ quiet_hours: unknown }>(await call("PATCH", `/channels/${channel.id}`, { quiet_hours: null }))).quiet_hours).toBeNull();
});

test("invalid quiet_hours: a 400 naming each bad field", async () => {
  const post = (quiet_hours: unknown) => call("POST", "/channels", { name: "x", kind: "webhook", config: { url: "https://example.com/hook" }, quiet_hours });
  expect(await fieldsOf(await post({ ...QUIET, start: "25:00" }))).toEqual(["quiet_hours.start"]);
  expect(await fieldsOf(await post({ ...QUIET, end: "7:00" }))).toEqual(["quiet_hours.end"]);
  expect(await fieldsOf(await post({ ...QUIET, end: "22:00" }))).toEqual(["quiet_hours.end"]);
  expect(await fieldsOf(await post({ ...QUIET, timezone: "Mars/Olympus" }))).toEqual(["quiet_hours.timezone"]);
  expect(await fieldsOf(await post({ start: "22:00", end: "07:00" }))).toEqual(["quiet_hours.timezone"]);
  expect(await fieldsOf(await post({ ...QUIET, days: ["mon", "funday"] }))).toEqual(["quiet_hours.days[1]"]);
  expect(await fieldsOf(await post({ ...QUIET, days: [] }))).toEqual(["quiet_hours.days"]);
  expect(await fieldsOf(await post({ ...QUIET, days: ["mon", "mon"] }))).toEqual(["quiet_hours.days"]);
  expect(await fieldsOf(await post({ ...QUIET, weekends: true }))).toEqual(["quiet_hours.weekends"]);
  expect(await fieldsOf(await post("22:00-07:00"))).toEqual(["quiet_hours"]);
});

test("is_critical on a monitor: false by default, set on create and by PATCH, refused when not a boolean", async () => {
  const plain = v.parse(monitorOut(), await json(await call("POST", "/monitors", { name: "plain", kind: "http", url: "https://example.com/" })));
  expect(plain.is_critical).toBe(false);
  const critical = await json<{ id: string; is_critical: boolean }>(await call("POST", "/monitors", { name: "router", kind: "http", url: "https://example.com/", is_critical: true }));
  expect(critical.is_critical).toBe(true);
  expect((await json<{ is_critical: boolean }>(await call("PATCH", `/monitors/${critical.id}`, { is_critical: false }))).is_critical).toBe(false);
  expect(await fieldsOf(await call("PATCH", `/monitors/${critical.id}`, { is_critical: "yes" }))).toEqual(["is_critical"]);
});
