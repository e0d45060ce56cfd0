// The channels resource, routing fields and the alert logs through the real server.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import * as v from "valibot";
import { ChannelOut, DeliveryOut, IncidentOut, monitorOut } from "../../src/api/responses.ts";
import { startReceiver, type Receiver } from "../alerts/receiver.ts";
import { startServer, type TestServer } from "../support/server.ts";
import { openStoreOf } from "../support/store.ts";
import { createUser, expectError, json, type TestUser } from "../support/users.ts";

const SECRET = "hmac-secret-never-shown-0123456789";
const TOKEN = "Bearer token-never-shown-abcdef0123";

let server: TestServer;
let key: string;
let readKey: string;
let other: TestUser;
let receiver: Receiver;
/** every API answer body seen by this file, to check none holds a secret */
const answers: string[] = [];

async function call(method: string, path: string, body?: unknown, auth = key) {
  const response = await server.call(method, `/api/v1${path}`, { auth, body });
  const text = await response.text();
  answers.push(text);
  return { status: response.status, body: text ? JSON.parse(text) : null, response: new Response(text, { status: response.status }) };
}

const webhookConfig = (url: string) => ({ url, secret: SECRET, headers: { Authorization: TOKEN } });

beforeAll(async () => {
  server = await startServer();
  key = await server.adminKey("write");
  readKey = await server.adminKey("read");
  other = await createUser(server, key);
  receiver = startReceiver();
});
afterAll(async () => {
  receiver.stop();
  await server.close();
});

describe("channels", () => {
  test("create, get, list, patch and delete, with the contract's fields and secrets masked", async () => {
    const created = await call("POST", "/channels", { name: "ops", kind: "webhook", config: webhookConfig(`${receiver.url}/hook`) });
    expect(created.status).toBe(201);
    const channel = v.parse(ChannelOut, created.body);
    expect(channel).toMatchObject({ name: "ops", kind: "webhook", is_default: false, is_enabled: true, last_error: null, last_sent_at: null });
    expect(channel.config).toMatchObject({ url: `${receiver.url}/hook`, secret: "…6789", headers: { Authorization: "…0123" }, method: "POST" });

    expect((await call("GET", `/channels/${channel.id}`, undefined, readKey)).body).toEqual(channel);
    expect((await call("GET", "/channels", undefined, readKey)).body.map((c: { id: string }) => c.id)).toContain(channel.id);

    // the masked values sent back keep the stored secrets
    const patched = await call("PATCH", `/channels/${channel.id}`, { name: "ops-2", config: channel.config });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ name: "ops-2", config: channel.config });
    const stored = openStoreOf(server).store.channels.byId(channel.id)!;
    expect(stored.config).toMatchObject({ secret: SECRET, headers: { Authorization: TOKEN } });

    expect((await call("DELETE", `/channels/${channel.id}`)).status).toBe(204);
    await expectError((await call("GET", `/channels/${channel.id}`)).response, 404, "not_found");
  });

  test("bad config names the field; a bad template is refused with its line and column", async () => {
    const badUrl = await call("POST", "/channels", { name: "x", kind: "webhook", config: { url: "not a url" } });
    const error = await expectError(badUrl.response, 400, "validation_error");
    expect(error.details!.map((d) => d.field)).toEqual(["config.url"]);

    const badTemplate = await call("POST", "/channels", { name: "x", kind: "webhook", config: { url: receiver.url, template: "ok\n{% if %}" } });
    const templateError = await expectError(badTemplate.response, 400);
    expect(templateError.details![0]!.field).toBe("config.template");
    expect(templateError.details![0]!.message).toContain("line 2, column");

    const badKind = await call("POST", "/channels", { name: "x", kind: "carrier-pigeon", config: {} });
    expect((await expectError(badKind.response, 400)).details!.map((d) => d.field)).toEqual(["kind"]);
  });

  test("a read key lists but cannot change; another organization's channel is a 404", async () => {
    await expectError((await call("POST", "/channels", { name: "x", kind: "webhook", config: { url: receiver.url } }, readKey)).response, 403);
    const mine = (await call("POST", "/channels", { name: "mine", kind: "webhook", config: { url: receiver.url } })).body;
    for (const [method, path] of [["GET", ""], ["PATCH", ""], ["DELETE", ""], ["POST", "/test"], ["POST", "/link-all"], ["GET", "/deliveries"]] as const) {
      await expectError((await call(method, `/channels/${mine.id}${path}`, method === "PATCH" ? { name: "stolen" } : undefined, other.key)).response, 404);
    }
    expect((await call("GET", "/channels", undefined, other.key)).body).toEqual([]);
  });

  test("test sends a real message through the same path, logs it, and answers with the outcome", async () => {
    const channel = (await call("POST", "/channels", { name: "test me", kind: "webhook", config: webhookConfig(`${receiver.url}/t`) })).body;
    const before = receiver.requests.length;
    expect((await call("POST", `/channels/${channel.id}/test`)).body).toEqual({ ok: true });
    const request = receiver.requests[before]!;
    expect(JSON.parse(request.body).event).toBe("test");
    expect(request.headers.get("authorization")).toBe(TOKEN);

    receiver.answer(401, '{"message":"bad token"}');
    try {
      expect((await call("POST", `/channels/${channel.id}/test`)).body).toEqual({ ok: false, error: "bad token" });
    } finally {
      receiver.answer(200, "ok");
    }
    const log = (await call("GET", `/channels/${channel.id}/deliveries`, undefined, readKey)).body;
    expect(log.map((d: unknown) => v.parse(DeliveryOut, d)).map((d: { event: string; state: string }) => [d.event, d.state]))
      .toEqual([["test", "failed"], ["test", "sent"]]);
    expect(log[0].attempts[0]).toMatchObject({ result: "HTTP 401", error: "bad token" });
    expect((await call("GET", `/channels/${channel.id}`)).body.last_error).toBe("bad token");
  });
});

describe("routing", () => {
  test("channel_ids on monitors; defaults go to new monitors; link-all to existing ones; another organization's ids are a 400", async () => {
    const a = (await call("POST", "/channels", { name: "a", kind: "webhook", config: { url: receiver.url } })).body;
    const monitor = (await call("POST", "/monitors", { name: "m", kind: "http", url: "http://127.0.0.1:9/", is_paused: true, channel_ids: [a.id], remind_every_minutes: 30 })).body;
    expect(v.parse(monitorOut(), monitor)).toMatchObject({ channel_ids: [a.id], remind_every_minutes: 30 });

    const fallback = (await call("POST", "/channels", { name: "default", kind: "webhook", config: { url: receiver.url }, is_default: true })).body;
    const later = (await call("POST", "/monitors", { name: "later", kind: "tcp", url: "127.0.0.1:9", is_paused: true })).body;
    expect(later.channel_ids).toEqual([fallback.id]);
    expect((await call("GET", `/monitors/${monitor.id}`)).body.channel_ids).toEqual([a.id]);

    expect((await call("POST", `/channels/${a.id}/link-all`)).body.linked).toBeGreaterThanOrEqual(1);
    expect((await call("GET", `/monitors/${later.id}`)).body.channel_ids.sort()).toEqual([a.id, fallback.id].sort());

    const patched = await call("PATCH", `/monitors/${later.id}`, { channel_ids: [] });
    expect(patched.body.channel_ids).toEqual([]);
    const theirs = (await call("POST", "/channels", { name: "theirs", kind: "webhook", config: { url: receiver.url } }, other.key)).body;
    const refused = await call("PATCH", `/monitors/${later.id}`, { channel_ids: [theirs.id] });
    expect((await expectError(refused.response, 400)).details!.map((d) => d.field)).toEqual(["channel_ids"]);
    await call("PATCH", `/channels/${fallback.id}`, { is_default: false });
    // the links are cached for reads: a deleted channel leaves the monitor's channel_ids at once
    const doomed = (await call("POST", "/channels", { name: "doomed", kind: "webhook", config: { url: receiver.url } })).body;
    await call("PATCH", `/monitors/${monitor.id}`, { channel_ids: [a.id, doomed.id] });
    expect((await call("GET", `/monitors/${monitor.id}`)).body.channel_ids.sort()).toEqual([a.id, doomed.id].sort());
    await call("DELETE", `/channels/${doomed.id}`);
    expect((await call("GET", `/monitors/${monitor.id}`)).body.channel_ids).toEqual([a.id]);

    const project = await call("POST", "/projects", { name: "alerting", channel_ids: [a.id] });
    expect(project.body.channel_ids).toEqual([a.id]);
    expect((await call("PATCH", `/projects/${project.body.id}`, { channel_ids: [] })).body.channel_ids).toEqual([]);
    await expectError((await call("POST", "/projects", { name: "refused", channel_ids: [theirs.id] })).response, 400);
    expect((await call("GET", "/projects")).body.map((p: { name: string }) => p.name)).not.toContain("refused");
  });
});

describe("incidents and the monitor's logs", () => {
  test("a flip down and up: one incident, the deliveries on the monitor, open and resolved lists", async () => {
    // each alert on its own, without waiting for others to group with
    const organizationId = (await call("GET", "/organizations")).body[0].id;
    expect((await call("PATCH", `/organizations/${organizationId}`, { alert_group_seconds: 0 })).status).toBe(200);
    const channel = (await call("POST", "/channels", { name: "flip", kind: "webhook", config: { url: `${receiver.url}/flip` } })).body;
    const monitor = (await call("POST", "/monitors", { name: "flipper", kind: "heartbeat", interval_seconds: 3600, channel_ids: [channel.id] })).body;
    // a heartbeat flips at once on its pings: down on a fail, up on the next success
    const ping = (path: string) => fetch(`${server.base}/ping/${monitor.ping_token}${path}`);
    await ping("");
    await ping("/fail");
    const open = (await call("GET", "/incidents?status=open", undefined, readKey)).body.map((i: unknown) => v.parse(IncidentOut, i));
    expect(open.filter((i: { monitor_id: string }) => i.monitor_id === monitor.id)).toHaveLength(1);
    await ping("");
    const incidents = (await call("GET", `/monitors/${monitor.id}/incidents`, undefined, readKey)).body;
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({ reason: "fail", resolved_at: expect.any(String), duration_seconds: expect.any(Number) });
    expect((await call("GET", "/incidents?status=resolved")).body.map((i: { id: string }) => i.id)).toContain(incidents[0].id);
    expect((await call("GET", "/incidents?status=open")).body.map((i: { id: string }) => i.id)).not.toContain(incidents[0].id);
    await expectError((await call("GET", "/incidents?status=maybe")).response, 400);
    expect((await call("GET", "/incidents", undefined, other.key)).body).toEqual([]);

    const deadline = Date.now() + 5000;
    let log: { event: string; state: string }[] = [];
    while (Date.now() < deadline) {
      log = (await call("GET", `/monitors/${monitor.id}/deliveries`)).body;
      if (log.every((d) => d.state === "sent") && log.length === 2) break;
      await Bun.sleep(50);
    }
    expect(log.map((d) => [d.event, d.state])).toEqual([["up", "sent"], ["down", "sent"]]);
  });
});

test("/metrics counts notifications by kind and result, and those pending", async () => {
  const text = await (await fetch(`${server.base}/metrics`, { headers: { Authorization: `Bearer ${readKey}` } })).text();
  expect(text).toMatch(/upbeat_notifications_total\{kind="webhook",result="sent"\} \d+/);
  expect(text).toContain('upbeat_notifications_total{kind="webhook",result="failed"} 1');
  expect(text).toMatch(/upbeat_notifications_pending \d+/);
});

test("no API answer of this file held a secret", () => {
  expect(answers.length).toBeGreaterThan(20);
  for (const answer of answers) {
    expect(answer).not.toContain(SECRET);
    expect(answer).not.toContain(TOKEN);
  }
});
