import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { openEventStream, type EventStream } from "../support/event-stream.ts";
import { expectError, json } from "../support/http.ts";
import { useServer } from "../support/server.ts";
import { startHttpTarget } from "../support/targets.ts";
import { createUser, type TestUser } from "../support/users.ts";

const server = useServer();
const target = startHttpTarget();
let key: string;
let other: TestUser;

beforeAll(async () => {
  key = await server.adminKey();
  other = await createUser(server, key);
});
afterAll(() => target.stop());

const stream = (auth: Record<string, string>) => openEventStream(`${server.base}/api/v1/events`, auth);
const bearer = (k: string) => ({ Authorization: `Bearer ${k}` });
const about = (id: string, event: string) => (e: { event: string; data: any }) => e.event === event && e.data.monitor_id === id;

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await Bun.sleep(20);
  }
}

describe("GET /events", () => {
  let mine: EventStream;
  let theirs: EventStream;
  let monitorId: string;

  beforeAll(async () => {
    mine = await stream(bearer(key));
    theirs = await stream(bearer(other.key));
  });
  afterAll(() => {
    mine.close();
    theirs.close();
  });

  test("is an event stream that opens with a comment", async () => {
    expect(mine.status).toBe(200);
    expect(mine.headers.get("content-type")).toStartWith("text/event-stream");
    expect(mine.headers.get("cache-control")).toBe("no-store");
    await until(() => mine.comments.includes("connected"));
  });

  test("a check's result and the status change it causes arrive as they are stored", async () => {
    const created = await server.call("POST", "/api/v1/monitors", { auth: key, body: { name: "live", kind: "http", url: `${target.url}/ok` } });
    monitorId = (await json(created)).id;
    const result = await mine.next(about(monitorId, "result"));
    expect(result.data).toMatchObject({ monitor_id: monitorId, is_up: true, code: 200, error: null });
    expect(result.data.ms).toBeGreaterThanOrEqual(0);
    expect((await mine.next(about(monitorId, "status"))).data).toMatchObject({ from: "pending", to: "up", reason: null });
    // the stored check is the one announced
    const [check] = await json(await server.call("GET", `/api/v1/monitors/${monitorId}/checks?limit=1`, { auth: key }));
    expect(check.checked_at).toBe(result.data.at);
  });

  test("a target that fails turns the monitor down on the stream", async () => {
    await server.call("PATCH", `/api/v1/monitors/${monitorId}`, { auth: key, body: { url: `${target.url}/unavailable` } });
    expect((await mine.next(about(monitorId, "monitor"))).data).toMatchObject({ name: "live", is_paused: false });
    const down = await mine.next((e) => about(monitorId, "result")(e) && !e.data.is_up);
    expect(down.data).toMatchObject({ code: 503, error: expect.stringContaining("503") });
    expect((await mine.next((e) => about(monitorId, "status")(e) && e.data.to === "down")).data.from).toBe("pending");
  });

  test("a heartbeat's ping is a result; a log ping is not", async () => {
    const created = await json(await server.call("POST", "/api/v1/monitors", { auth: key, body: { name: "cron", kind: "heartbeat", interval_seconds: 3600 } }));
    await fetch(`${created.url}/log`);
    await fetch(`${created.url}/3`);
    const result = await mine.next(about(created.id, "result"));
    expect(result.data).toMatchObject({ is_up: false, code: 3, error: "exit code 3" });
    expect(mine.events.filter(about(created.id, "result"))).toHaveLength(1);
  });

  test("other organizations hear nothing of these monitors, and their own monitors reach them", async () => {
    const created = await json(await server.call("POST", "/api/v1/monitors", { auth: other.key, body: { name: "theirs", kind: "heartbeat", interval_seconds: 3600 } }));
    await fetch(created.url);
    await theirs.next(about(created.id, "result"));
    expect(theirs.events.filter((e) => e.data.monitor_id === monitorId)).toEqual([]);
    expect(mine.events.filter((e) => e.data.monitor_id === created.id)).toEqual([]);
  });

  test("a deleted monitor is announced as deleted", async () => {
    await server.call("DELETE", `/api/v1/monitors/${monitorId}`, { auth: key });
    expect((await mine.next((e) => about(monitorId, "monitor")(e) && e.data.deleted === true)).data).toEqual({ monitor_id: monitorId, deleted: true });
  });
});

test("a session cookie works too, and a read-scope key", async () => {
  const readKey = await server.adminKey("read");
  for (const headers of [{ Cookie: other.cookie.slice("cookie:".length) }, bearer(readKey)]) {
    const events = await stream(headers);
    expect(events.status).toBe(200);
    events.close();
  }
});

test("without credentials it is a 401 with the JSON error body", async () => {
  await expectError(await server.call("GET", "/api/v1/events"), 401, "unauthorized");
});

test("a client that goes away releases its subscription", async () => {
  const before = server.liveSubscribers();
  const streams = await Promise.all([1, 2, 3].map(() => stream(bearer(key))));
  await until(() => server.liveSubscribers() === before + 3);
  for (const s of streams) s.close();
  await until(() => server.liveSubscribers() === before);
});
