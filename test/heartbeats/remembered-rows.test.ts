// The ping writer remembers monitor rows between pings; changes made elsewhere must show at once.
import { beforeAll, expect, test } from "bun:test";
import { useServer } from "../support/server.ts";
import { openStoreOf } from "../support/store.ts";
import { createHeartbeat, monitorOf, pulsesOf } from "./support.ts";

const server = useServer();
let key: string;
beforeAll(async () => {
  key = await server.adminKey();
});

const ping = (token: string, suffix = "") => server.call("GET", `/ping/${token}${suffix}`);

test("a heartbeat deleted behind upbeat's back (another process on the same store) answers 404, and a ping in the same batch is stored", async () => {
  const doomed = await createHeartbeat(server, key);
  const survivor = await createHeartbeat(server, key);
  expect((await ping(doomed.ping_token)).status).toBe(200);
  openStoreOf(server).store.monitors.delete(doomed.id);
  const [gone, kept] = await Promise.all([ping(doomed.ping_token), ping(survivor.ping_token)]);
  expect(gone.status).toBe(404);
  expect(kept.status).toBe(200);
  expect(await pulsesOf(server, key, survivor.id)).toHaveLength(1);
});

test("a success after the monitor was paused and resumed still turns a failed heartbeat up", async () => {
  const monitor = await createHeartbeat(server, key);
  expect((await ping(monitor.ping_token, "/fail")).status).toBe(200);
  expect((await monitorOf(server, key, monitor.id)).status).toBe("down");
  await server.call("POST", `/api/v1/monitors/${monitor.id}/pause`, { auth: key });
  expect((await ping(monitor.ping_token)).status).toBe(200);
  expect((await monitorOf(server, key, monitor.id)).status).toBe("down"); // paused: no status change
  await server.call("POST", `/api/v1/monitors/${monitor.id}/resume`, { auth: key });
  expect((await ping(monitor.ping_token)).status).toBe(200);
  expect((await monitorOf(server, key, monitor.id)).status).toBe("up");
});
