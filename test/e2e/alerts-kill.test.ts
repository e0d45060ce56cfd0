// The compiled executable killed with SIGKILL around an alert: a flip recorded but not yet delivered is
// delivered once after the restart, and a delivery recorded as sent is not sent again.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { join } from "node:path";
import { startReceiver, type Receiver } from "../alerts/receiver.ts";
import { apiClient, createApiKey, json, type Call } from "../support/http.ts";
import { ADMIN } from "../support/server.ts";
import { BUILD_TIMEOUT_MS, binaryWithData, freePort, startBinary, type RunningBinary } from "./binary.ts";

/** a claim interrupted by the kill is due again after the send deadline (10 s) and its 5 s margin */
const REDELIVERY_WAIT_MS = 25_000;

let binary: string;
let dataDir: string;
let env: Record<string, string>;
let server: RunningBinary;
let receiver: Receiver | null = null;
const api: Call = (method, path, options) => apiClient(server.base)(method, path, options);

interface Delivery {
  event: string;
  state: string;
  attempts: { result: string }[];
}

let setup: ReturnType<typeof binaryWithData>;
beforeAll(() => {
  setup = binaryWithData({ UPBEAT_ALERT_RETRY_SECONDS: "1" });
  ({ binary, dataDir, env } = setup);
}, BUILD_TIMEOUT_MS);

afterAll(() => {
  receiver?.stop();
  if (server?.process.exitCode === null && server.process.signalCode === null) server.process.kill("SIGKILL");
  setup.remove();
});

async function killHard(): Promise<void> {
  server.process.kill("SIGKILL");
  await server.process.exited;
  expect(server.process.signalCode).toBe("SIGKILL");
}

async function waitFor<T>(what: string, look: () => Promise<T | undefined>, timeoutMs: number, everyMs = 5): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await look();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(everyMs);
  }
}

/** The deliveries as the file holds them, read while upbeat is dead. */
function deliveriesOnDisk(): { event: string; state: string }[] {
  const db = new Database(join(dataDir, "upbeat.db"), { readonly: true });
  try {
    return db.query("SELECT event, state FROM deliveries").all() as { event: string; state: string }[];
  } finally {
    db.close();
  }
}

test("a down alert interrupted by kill -9 arrives exactly once after the restart, and is not sent again after the next", async () => {
  // the receiver's port is closed at first: whatever the sender tries before the kill cannot arrive
  const receiverPort = freePort();
  server = await startBinary(binary, env);
  const key = await createApiKey(api, ADMIN.email, ADMIN.password, { scope: "write" });
  const channel = await api("POST", "/api/v1/channels", {
    auth: key, body: { name: "hook", kind: "webhook", config: { url: `http://127.0.0.1:${receiverPort}/hook` }, is_default: true },
  });
  expect(channel.status).toBe(201);

  // a target that is not listening: the first check fails and the monitor flips pending → down
  const created = await api("POST", "/api/v1/monitors", {
    auth: key, body: { name: "stopped target", kind: "http", url: `http://127.0.0.1:${freePort()}/`, interval_seconds: 60 },
  });
  expect(created.status).toBe(201);
  const monitorId = (await json<{ id: string }>(created)).id;

  await waitFor("the flip to down", async () => {
    const monitor = await json<{ status: string }>(await api("GET", `/api/v1/monitors/${monitorId}`, { auth: key }));
    return monitor.status === "down" ? true : undefined;
  }, 30_000);
  await killHard();

  const queued = deliveriesOnDisk();
  expect(queued.map((d) => d.event)).toEqual(["down"]);
  expect(["pending", "retrying"]).toContain(queued[0]!.state);

  receiver = startReceiver(receiverPort);
  server = await startBinary(binary, env);
  await waitFor("the delivery", async () => (receiver!.requests.length > 0 ? true : undefined), REDELIVERY_WAIT_MS, 50);
  const log = () => api("GET", `/api/v1/monitors/${monitorId}/deliveries`, { auth: key }).then((r) => json<Delivery[]>(r));
  const sent = await waitFor("the delivery recorded as sent", async () => (await log()).find((d) => d.state === "sent"), 5_000, 20);
  expect(sent.event).toBe("down");
  expect(sent.attempts.at(-1)!.result).toBe("HTTP 200");
  expect(JSON.parse(receiver.only().body)).toMatchObject({ event: "down", monitor: { id: monitorId, name: "stopped target" } });

  // killed again once it is recorded as sent: the next start does not send it again
  await killHard();
  expect(deliveriesOnDisk()).toEqual([{ event: "down", state: "sent" }]);
  server = await startBinary(binary, env);
  // the sender looks at the outbox every second: several looks, and the monitor's next check (still down) pass
  await Bun.sleep(4_000);
  expect(receiver.requests).toHaveLength(1);
  expect((await log()).map((d) => d.state)).toEqual(["sent"]);
  await server.stop();
}, BUILD_TIMEOUT_MS);
