// The hottest routes are answered by Bun's router ahead of Elysia; a trailing slash is not matched there and
// reaches the Elysia route instead. Both must give the same answer: status, headers and body.
import { beforeAll, expect, test } from "bun:test";
import { createHeartbeat } from "../heartbeats/support.ts";
import { type CallOptions } from "../support/http.ts";
import { useServer } from "../support/server.ts";
import { createUser } from "../support/users.ts";

const server = useServer();
let key: string;
let otherKey: string;
let monitorId: string;
let pingToken: string;

beforeAll(async () => {
  key = await server.adminKey();
  otherKey = (await createUser(server, key)).key;
  const created = await server.call("POST", "/api/v1/monitors", { auth: key, body: { name: "web", kind: "http", url: "http://127.0.0.1:9/", is_paused: true } });
  monitorId = ((await created.json()) as { id: string }).id;
  pingToken = (await createHeartbeat(server, key)).ping_token;
});

// the bucket's count and refill time move between two calls
const MOVING = new Set(["date", "x-ratelimit-remaining", "x-ratelimit-reset"]);

async function answerOf(method: string, path: string, options?: CallOptions) {
  const response = await server.call(method, path, options);
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => MOVING.has(name) || (headers[name] = value));
  return { status: response.status, headers, body: await response.text() };
}

async function expectSameAnswer(method: string, path: string, options?: CallOptions, status?: number) {
  const native = await answerOf(method, path, options);
  expect(native.status).toBe(status ?? 200);
  const [route, query = ""] = path.split("?");
  expect(await answerOf(method, `${route}/${query && `?${query}`}`, options)).toEqual(native);
}

test("GET a monitor: the same answer from both routes, under both prefixes, with HEAD", async () => {
  for (const base of ["/api/v1", "/v1"]) {
    await expectSameAnswer("GET", `${base}/monitors/${monitorId}`, { auth: key });
    await expectSameAnswer("HEAD", `${base}/monitors/${monitorId}`, { auth: key });
  }
  const answer = await answerOf("GET", `/api/v1/monitors/${monitorId}`, { auth: key });
  expect(JSON.parse(answer.body).id).toBe(monitorId);
  expect(answer.headers).toMatchObject({ "content-type": "application/json", "x-content-type-options": "nosniff", "x-ratelimit-limit": expect.any(String) });
});

test("GET a monitor: the same errors from both routes", async () => {
  await expectSameAnswer("GET", `/api/v1/monitors/${monitorId}`, {}, 401);
  await expectSameAnswer("GET", `/api/v1/monitors/${monitorId}`, { auth: "pm_notakey" }, 401);
  await expectSameAnswer("GET", `/api/v1/monitors/${monitorId}`, { auth: otherKey }, 404);
  await expectSameAnswer("GET", "/api/v1/monitors/not-an-id", { auth: key }, 404);
});

test("GET a monitor: a key revoked is refused at once, though the route just let it through", async () => {
  const fresh = await server.adminKey();
  expect((await server.call("GET", `/api/v1/monitors/${monitorId}`, { auth: fresh })).status).toBe(200);
  const keys = await (await server.call("GET", "/api/v1/api-keys", { auth: key })).json() as { id: string; prefix: string }[];
  const id = keys.find((k) => fresh.startsWith(k.prefix))!.id;
  expect((await server.call("DELETE", `/api/v1/api-keys/${id}`, { auth: fresh })).status).toBe(204);
  await expectSameAnswer("GET", `/api/v1/monitors/${monitorId}`, { auth: fresh }, 401);
  expect((await server.call("GET", `/api/v1/monitors/${monitorId}`, { auth: key })).status).toBe(200);
});

test("GET a monitor: its ping URL follows the address the caller used, though one is a prefix of the next", async () => {
  const heartbeat = await createHeartbeat(server, key);
  const urlVia = async (host: string) =>
    ((await (await server.call("GET", `/api/v1/monitors/${heartbeat.id}`, { auth: key, headers: { Host: host } })).json()) as { url: string }).url;
  for (const host of ["up.example", "up.example:8080", "up.example", "up.example.org"]) expect(await urlVia(host)).toStartWith(`http://${host}/ping/`);
});

test("pings: the same answer from both routes for each method, and for an unknown token", async () => {
  for (const method of ["GET", "HEAD", "POST"]) await expectSameAnswer(method, `/ping/${pingToken}`);
  await expectSameAnswer("GET", `/pulse/${pingToken}`);
  await expectSameAnswer("GET", `/ping/${pingToken}/fail`);
  await expectSameAnswer("GET", "/ping/no-such-token", {}, 404);
  await expectSameAnswer("GET", `/ping/${pingToken}?rid=bad`, {}, 400);
});
