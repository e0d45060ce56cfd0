// escalations, the flapping settings and acknowledging through the API of a real server.
import { beforeAll, expect, test } from "bun:test";
import { expectError, json } from "../support/http.ts";
import { useServer } from "../support/server.ts";
import { createUser, type TestUser } from "../support/users.ts";

const server = useServer();
let key: string;
let stranger: TestUser;
let channelId: string;

beforeAll(async () => {
  key = await server.adminKey();
  stranger = await createUser(server, key);
  channelId = (await json(await server.call("POST", "/api/v1/channels", { auth: key, body: { name: "boss", kind: "webhook", config: { url: "http://127.0.0.1:9/" } } }))).id;
});

const create = (body: Record<string, unknown>, auth = key) =>
  server.call("POST", "/api/v1/monitors", { auth, body: { name: "shop", kind: "http", url: "https://example.com/", ...body } });
const patch = (id: string, body: unknown) => server.call("PATCH", `/api/v1/monitors/${id}`, { auth: key, body });
const fieldsOf = async (response: Response) => (await expectError(response, 400)).details!.map((d) => d.field);

test("defaults: flapping after more than 6 changes in 30 minutes, not flapping, no escalation", async () => {
  expect(await json(await create({}))).toMatchObject({ flap_threshold: 6, flap_window_minutes: 30, is_flapping: false, escalations: [] });
});

test("escalations and flap settings saved, shown, patched; is_flapping is read-only", async () => {
  const escalations = [{ after_minutes: 30, channel_ids: [channelId] }, { after_minutes: 2, channel_ids: [channelId] }];
  const monitor = await json(await create({ escalations, flap_threshold: 3, flap_window_minutes: 10 }));
  expect(monitor).toMatchObject({ escalations: [escalations[1], escalations[0]], flap_threshold: 3, flap_window_minutes: 10 });
  expect(await json(await patch(monitor.id, { escalations: [] }))).toMatchObject({ escalations: [], flap_threshold: 3 });
  expect(await json(await patch(monitor.id, { flap_threshold: 0 }))).toMatchObject({ flap_threshold: 0 });
  expect(await fieldsOf(await patch(monitor.id, { is_flapping: true }))).toEqual(["is_flapping"]);
});

test("a GET shows changed steps at once: after a PATCH, and after one of their channels is deleted", async () => {
  const channel = (id: string) => ({ after_minutes: 5, channel_ids: [id] });
  const other = (await json(await server.call("POST", "/api/v1/channels", { auth: key, body: { name: "deputy", kind: "webhook", config: { url: "http://127.0.0.1:9/" } } }))).id;
  const monitor = await json(await create({ escalations: [channel(other)] }));
  const get = async () => (await json(await server.call("GET", `/api/v1/monitors/${monitor.id}`, { auth: key }))).escalations;
  expect(await get()).toEqual([channel(other)]); // read once, so it is remembered
  await patch(monitor.id, { escalations: [channel(channelId), { after_minutes: 9, channel_ids: [other] }] });
  expect(await get()).toEqual([channel(channelId), { after_minutes: 9, channel_ids: [other] }]);
  expect((await server.call("DELETE", `/api/v1/channels/${other}`, { auth: key })).status).toBe(204);
  expect(await get()).toEqual([channel(channelId)]);
});

test("bad escalations and flap settings are 400s naming the field", async () => {
  expect(await fieldsOf(await create({ escalations: [{ after_minutes: 0, channel_ids: [channelId] }] }))).toEqual(["escalations[0].after_minutes"]);
  expect(await fieldsOf(await create({ escalations: [{ after_minutes: 5 }] }))).toEqual(["escalations[0].channel_ids"]);
  expect(await fieldsOf(await create({ escalations: { after_minutes: 5 } }))).toEqual(["escalations"]);
  expect(await fieldsOf(await create({ flap_threshold: 101, flap_window_minutes: 0 }))).toEqual(["flap_threshold", "flap_window_minutes"]);
  // another organization's channel: a stranger cannot name the admin's
  const foreign = await create({ escalations: [{ after_minutes: 5, channel_ids: [channelId] }] }, stranger.key);
  expect(await fieldsOf(foreign)).toEqual(["escalations"]);
});

test("POST /incidents/:id/ack records the user, through the API", async () => {
  const heartbeat = await json(await server.call("POST", "/api/v1/monitors", { auth: key, body: { name: "cron", kind: "heartbeat" } }));
  await fetch(`${server.base}/ping/${heartbeat.ping_token}/fail`);
  const [incident] = await json(await server.call("GET", `/api/v1/monitors/${heartbeat.id}/incidents`, { auth: key }));
  const me = await json(await server.call("GET", "/api/v1/users/me", { auth: key }));
  const acked = await json(await server.call("POST", `/api/v1/incidents/${incident.id}/ack`, { auth: key }));
  expect(acked).toMatchObject({ acknowledged_by: me.id, acknowledged_via: "api", acknowledged_at: expect.any(String) });
});
