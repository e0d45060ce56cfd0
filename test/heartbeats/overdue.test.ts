// Overdue heartbeats turn down on their own: period or cron deadline plus grace, with an injected clock.
import { beforeAll, describe, expect, test } from "bun:test";
import { manualClock } from "../support/clock.ts";
import { useServer, type TestServer } from "../support/server.ts";
import { createHeartbeat, eventsOf, monitorOf, type Heartbeat } from "./support.ts";

// The watch sweeps at least once a second, so a moved clock is noticed within this.
const NOTICED_MS = 1500;

async function statusAfterSweep(server: TestServer, key: string, monitor: Heartbeat): Promise<string> {
  await Bun.sleep(NOTICED_MS);
  return (await monitorOf(server, key, monitor.id)).status;
}

async function waitForStatus(server: TestServer, key: string, monitor: Heartbeat, status: string) {
  const until = Date.now() + NOTICED_MS * 2;
  let current = await monitorOf(server, key, monitor.id);
  while (current.status !== status && Date.now() < until) {
    await Bun.sleep(20);
    current = await monitorOf(server, key, monitor.id);
  }
  return current;
}

describe("period and grace", () => {
  const time = manualClock(Date.parse("2025-06-01T12:00:00.000Z"));
  const server = useServer({}, { clock: time.now });
  let key: string;
  beforeAll(async () => {
    key = await server.adminKey();
  });
  const ping = (monitor: Heartbeat, suffix = "") => server.call("GET", `/ping/${monitor.ping_token}${suffix}`);

  test("down with reason timeout once period + grace pass without a success, and only once", async () => {
    const monitor = await createHeartbeat(server, key, { interval_seconds: 60, grace_seconds: 30 });
    await ping(monitor);
    time.advance(90_000 - 1);
    expect(await statusAfterSweep(server, key, monitor)).toBe("up");
    time.advance(2);
    expect(await waitForStatus(server, key, monitor, "down")).toMatchObject({ status: "down", status_reason: "timeout" });
    time.advance(3_600_000);
    await Bun.sleep(NOTICED_MS);
    expect(eventsOf(server, monitor.id).map((e) => [e.to_status, e.reason])).toEqual([["up", null], ["down", "timeout"]]);
  });

  test("a success after the sweep turned it down turns it up (the ping writer forgets the rows the sweep wrote)", async () => {
    const swept = await createHeartbeat(server, key, { interval_seconds: 60, grace_seconds: 0 });
    const kept = await createHeartbeat(server, key, { interval_seconds: 3600, grace_seconds: 0 });
    await Promise.all([ping(swept), ping(kept)]);
    time.advance(61_000);
    expect((await waitForStatus(server, key, swept, "down")).status).toBe("down");
    expect((await ping(swept)).status).toBe(200);
    expect((await ping(kept, "/fail")).status).toBe(200);
    expect((await monitorOf(server, key, swept.id)).status).toBe("up");
    expect((await monitorOf(server, key, kept.id)).status).toBe("down");
  });

  test("a success before the deadline moves it", async () => {
    const monitor = await createHeartbeat(server, key, { interval_seconds: 60, grace_seconds: 0 });
    await ping(monitor);
    time.advance(50_000);
    await ping(monitor);
    time.advance(50_000);
    expect(await statusAfterSweep(server, key, monitor)).toBe("up");
  });

  test("pings less than a second apart keep the later deadline", async () => {
    const monitor = await createHeartbeat(server, key, { interval_seconds: 10, grace_seconds: 0 });
    await ping(monitor);
    time.advance(600);
    await ping(monitor);
    time.advance(10_000 - 100);
    expect(await statusAfterSweep(server, key, monitor)).toBe("up");
    time.advance(200);
    expect((await waitForStatus(server, key, monitor, "down")).status).toBe("down");
  });

  test("a start without an end within grace is down: started but did not finish", async () => {
    const monitor = await createHeartbeat(server, key, { interval_seconds: 3600, grace_seconds: 60 });
    await ping(monitor);
    await ping(monitor, "/start");
    time.advance(61_000);
    expect(await waitForStatus(server, key, monitor, "down")).toMatchObject({ status_reason: "started but did not finish" });
  });

  test("a start that ends within grace keeps the monitor up", async () => {
    const monitor = await createHeartbeat(server, key, { interval_seconds: 3600, grace_seconds: 60 });
    await ping(monitor, "/start");
    time.advance(59_000);
    await ping(monitor, "/0");
    time.advance(10_000);
    expect(await statusAfterSweep(server, key, monitor)).toBe("up");
  });

  test("a never-pinged heartbeat stays pending", async () => {
    const monitor = await createHeartbeat(server, key, { interval_seconds: 10, grace_seconds: 0 });
    time.advance(86_400_000);
    expect(await statusAfterSweep(server, key, monitor)).toBe("pending");
  });

  test("a paused heartbeat never flips; resumed, it gets a full period from the resume", async () => {
    const monitor = await createHeartbeat(server, key, { interval_seconds: 60, grace_seconds: 0 });
    await ping(monitor);
    await server.call("POST", `/api/v1/monitors/${monitor.id}/pause`, { auth: key });
    time.advance(86_400_000);
    expect(await statusAfterSweep(server, key, monitor)).toBe("up");
    await server.call("POST", `/api/v1/monitors/${monitor.id}/resume`, { auth: key });
    time.advance(59_000);
    expect(await statusAfterSweep(server, key, monitor)).toBe("up");
    time.advance(2_000);
    expect((await waitForStatus(server, key, monitor, "down")).status).toBe("down");
  });

  test("shortening the period applies at once", async () => {
    const monitor = await createHeartbeat(server, key, { interval_seconds: 3600, grace_seconds: 0 });
    await ping(monitor);
    time.advance(120_000);
    expect(await statusAfterSweep(server, key, monitor)).toBe("up");
    await server.call("PATCH", `/api/v1/monitors/${monitor.id}`, { auth: key, body: { interval_seconds: 60 } });
    expect((await waitForStatus(server, key, monitor, "down")).status_reason).toBe("timeout");
  });

  test("a deleted heartbeat is forgotten by the watch", async () => {
    const monitor = await createHeartbeat(server, key, { interval_seconds: 10, grace_seconds: 0 });
    await ping(monitor);
    expect((await server.call("DELETE", `/api/v1/monitors/${monitor.id}`, { auth: key })).status).toBe(204);
    time.advance(60_000);
    await Bun.sleep(NOTICED_MS);
    expect(eventsOf(server, monitor.id)).toEqual([]);
    expect((await ping(monitor)).status).toBe(404);
  });

  test("the overdue flip happens exactly once under concurrent pings", async () => {
    const monitor = await createHeartbeat(server, key, { interval_seconds: 60, grace_seconds: 0 });
    await ping(monitor);
    time.advance(60_001);
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => ping(monitor, i % 2 ? "/fail" : "/7")));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    await Bun.sleep(NOTICED_MS);
    const downs = eventsOf(server, monitor.id).filter((e) => e.to_status === "down");
    expect(downs).toHaveLength(1);
    expect((await monitorOf(server, key, monitor.id)).status).toBe("down");
  });
});

describe("cron schedules across DST", () => {
  const time = manualClock(Date.parse("2024-03-30T02:00:00.000Z"));
  const server = useServer({}, { clock: time.now });
  let key: string;
  beforeAll(async () => {
    key = await server.adminKey();
  });

  test("Europe/Berlin: a 03:00 job pinged before spring-forward is due 23 h later plus grace", async () => {
    // 2024-03-30T02:00Z is 03:00 CET; the next 03:00 is CEST, 2024-03-31T01:00Z
    const monitor = await createHeartbeat(server, key, { schedule: "0 3 * * *", timezone: "Europe/Berlin", grace_seconds: 600 });
    await server.call("GET", `/ping/${monitor.ping_token}`);
    time.set(Date.parse("2024-03-31T01:09:59.000Z"));
    expect(await statusAfterSweep(server, key, monitor)).toBe("up");
    time.set(Date.parse("2024-03-31T01:10:01.000Z"));
    expect((await waitForStatus(server, key, monitor, "down")).status_reason).toBe("timeout");
  });

  test("America/New_York: a 09:00 job pinged before fall-back is due 25 h later", async () => {
    time.set(Date.parse("2024-11-02T13:00:00.000Z")); // 09:00 EDT
    const monitor = await createHeartbeat(server, key, { schedule: "0 9 * * *", timezone: "America/New_York", grace_seconds: 0 });
    await server.call("GET", `/ping/${monitor.ping_token}`);
    // 24 h later is only 08:00 EST: not due yet
    time.set(Date.parse("2024-11-03T13:59:59.000Z"));
    expect(await statusAfterSweep(server, key, monitor)).toBe("up");
    time.set(Date.parse("2024-11-03T14:00:01.000Z"));
    expect((await waitForStatus(server, key, monitor, "down")).status).toBe("down");
  });
});
