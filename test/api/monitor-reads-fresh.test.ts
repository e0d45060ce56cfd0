// The API answers monitor reads from rows kept in memory: an edit, a check, a ping and a status flip
// must show in the next GET of the monitor and of the list, not when the memory expires.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { json } from "../support/http.ts";
import { useServer } from "../support/server.ts";
import { waitFor } from "../support/daemons.ts";

const server = useServer();
const site = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response("ok") });
let key: string;
beforeAll(async () => {
  key = await server.adminKey();
});
afterAll(() => site.stop(true));

const create = async (body: Record<string, unknown>) =>
  json(await server.call("POST", "/api/v1/monitors", { auth: key, body: { name: "shop", interval_seconds: 60, ...body } }));
const get = async (id: string) => json(await server.call("GET", `/api/v1/monitors/${id}`, { auth: key }));
const listed = async (id: string) => (await json<any[]>(await server.call("GET", "/api/v1/monitors?limit=1000", { auth: key }))).find((m) => m.id === id);

test("an edit shows in the next GET and list page", async () => {
  const monitor = await create({ kind: "http", url: "http://127.0.0.1:9/", is_paused: true });
  expect((await get(monitor.id)).name).toBe("shop");
  expect((await listed(monitor.id)).name).toBe("shop");
  await server.call("PATCH", `/api/v1/monitors/${monitor.id}`, { auth: key, body: { name: "store", timeout_seconds: 7 } });
  expect(await get(monitor.id)).toMatchObject({ name: "store", timeout_seconds: 7 });
  expect(await listed(monitor.id)).toMatchObject({ name: "store", timeout_seconds: 7 });
});

test("a check by the scheduler, and its status flip, show in the next GET", async () => {
  const monitor = await create({ kind: "http", url: `http://127.0.0.1:${site.port}/` });
  const read = await get(monitor.id); // remembered now, possibly before the first check
  expect(read.status === "pending" || read.status === "up").toBe(true);
  await waitFor("the first check", async () => (await get(monitor.id)).status === "up", 10_000);
  expect((await get(monitor.id)).last_checked_at).not.toBeNull();
  expect((await listed(monitor.id)).status).toBe("up");
});

test("a ping, a failed run and a pause show in the next GET", async () => {
  const heartbeat = await create({ kind: "heartbeat", grace_seconds: 30 });
  expect(await get(heartbeat.id)).toMatchObject({ status: "pending", last_checked_at: null });
  expect((await server.call("GET", `/ping/${heartbeat.ping_token}`)).status).toBe(200);
  const up = await get(heartbeat.id);
  expect(up.status).toBe("up");
  expect(up.last_checked_at).not.toBeNull();
  expect((await server.call("GET", `/ping/${heartbeat.ping_token}/fail`)).status).toBe(200);
  expect(await get(heartbeat.id)).toMatchObject({ status: "down" });
  expect((await listed(heartbeat.id)).status).toBe("down");
  await server.call("POST", `/api/v1/monitors/${heartbeat.id}/pause`, { auth: key });
  expect((await get(heartbeat.id)).is_paused).toBe(true);
});

test("a deleted monitor is a 404 at once", async () => {
  const monitor = await create({ kind: "http", url: "http://127.0.0.1:9/", is_paused: true });
  await get(monitor.id);
  expect((await server.call("DELETE", `/api/v1/monitors/${monitor.id}`, { auth: key })).status).toBe(204);
  expect((await server.call("GET", `/api/v1/monitors/${monitor.id}`, { auth: key })).status).toBe(404);
});
