// Ping bodies (kept up to 10 KB, never refused) and run ids pairing a start with its end.
import { beforeAll, describe, expect, test } from "bun:test";
import { manualClock } from "../support/clock.ts";
import { useServer } from "../support/server.ts";
import { createHeartbeat, pulsesOf } from "./support.ts";

const time = manualClock(Date.parse("2025-06-01T12:00:00.000Z"));
const server = useServer({}, { clock: time.now });
let key: string;
beforeAll(async () => {
  key = await server.adminKey();
});

const post = (path: string, raw: BodyInit, headers: Record<string, string> = {}) => server.call("POST", path, { raw, headers });
const get = (path: string) => server.call("GET", path);

describe("bodies", () => {
  test("a POST body is stored as sent, JSON included", async () => {
    const monitor = await createHeartbeat(server, key);
    const body = '{"rows": 1234, "note": "backup done"}';
    expect((await post(`/ping/${monitor.ping_token}`, body, { "Content-Type": "application/json" })).status).toBe(200);
    expect((await pulsesOf(server, key, monitor.id))[0].body).toBe(body);
  });

  test("a body of exactly 10 KB is kept whole", async () => {
    const monitor = await createHeartbeat(server, key);
    const body = "a".repeat(10 * 1024);
    await post(`/ping/${monitor.ping_token}/log`, body);
    expect((await pulsesOf(server, key, monitor.id))[0].body).toBe(body);
  });

  test("a longer body is cut to its first 10 KB, not refused", async () => {
    const monitor = await createHeartbeat(server, key);
    const body = "0123456789".repeat(3000);
    const response = await post(`/ping/${monitor.ping_token}/fail`, body);
    expect(response.status).toBe(200);
    expect((await pulsesOf(server, key, monitor.id))[0].body).toBe(body.slice(0, 10 * 1024));
  });

  test("a multi-megabyte streamed body is cut too", async () => {
    const monitor = await createHeartbeat(server, key);
    const chunk = new TextEncoder().encode("x".repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream({
      pull(controller) {
        if (sent++ < 64) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const response = await post(`/ping/${monitor.ping_token}/log`, stream);
    expect(response.status).toBe(200);
    expect((await pulsesOf(server, key, monitor.id))[0].body).toBe("x".repeat(10 * 1024));
  });

  test("a 2 MiB JSON body is cut, not refused like an API body over 1 MiB", async () => {
    const monitor = await createHeartbeat(server, key);
    const body = JSON.stringify({ log: "y".repeat(2 * 1024 * 1024) });
    const response = await post(`/ping/${monitor.ping_token}/fail`, body, { "Content-Type": "application/json" });
    expect(response.status).toBe(200);
    expect((await pulsesOf(server, key, monitor.id))[0].body).toBe(body.slice(0, 10 * 1024));
  });

  test("a cut never splits a multi-byte character", async () => {
    const monitor = await createHeartbeat(server, key);
    // 10,239 ASCII bytes, then a 3-byte character straddling the limit
    const body = "a".repeat(10 * 1024 - 1) + "€" + "tail";
    await post(`/ping/${monitor.ping_token}/log`, body);
    expect((await pulsesOf(server, key, monitor.id))[0].body).toBe("a".repeat(10 * 1024 - 1));
  });

  test("GET pings and empty POSTs have no body", async () => {
    const monitor = await createHeartbeat(server, key);
    await get(`/ping/${monitor.ping_token}`);
    await post(`/ping/${monitor.ping_token}`, "");
    expect((await pulsesOf(server, key, monitor.id)).map((p) => p.body)).toEqual([null, null]);
  });
});

describe("run ids and durations", () => {
  const rid1 = "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9";
  const rid2 = "7c6b5a49-3827-4165-9f0e-1d2c3b4a5968";

  test("start then success without rid gives duration_ms", async () => {
    const monitor = await createHeartbeat(server, key);
    await get(`/ping/${monitor.ping_token}/start`);
    time.advance(83_250);
    await get(`/ping/${monitor.ping_token}`);
    const [end, start] = await pulsesOf(server, key, monitor.id);
    expect(end).toMatchObject({ type: "success", duration_ms: 83_250 });
    expect(start).toMatchObject({ type: "start", duration_ms: null });
  });

  test("overlapping runs are paired by rid", async () => {
    const monitor = await createHeartbeat(server, key);
    const token = monitor.ping_token;
    await get(`/ping/${token}/start?rid=${rid1}`);
    time.advance(1000);
    await get(`/ping/${token}/start?rid=${rid2}`);
    time.advance(5000);
    await get(`/ping/${token}?rid=${rid1}`);
    time.advance(2000);
    await get(`/ping/${token}/1?rid=${rid2}`);
    const pulses = await pulsesOf(server, key, monitor.id);
    expect(pulses.map((p) => [p.type, p.rid, p.duration_ms])).toEqual([
      ["fail", rid2, 7000],
      ["success", rid1, 6000],
      ["start", rid2, null],
      ["start", rid1, null],
    ]);
  });

  test("an end whose rid never started has no duration, and a start is used once", async () => {
    const monitor = await createHeartbeat(server, key);
    const token = monitor.ping_token;
    await get(`/ping/${token}?rid=${rid1}`);
    await get(`/ping/${token}/start?rid=${rid2}`);
    time.advance(400);
    await get(`/ping/${token}?rid=${rid2}`);
    time.advance(400);
    await get(`/ping/${token}?rid=${rid2}`);
    const durations = (await pulsesOf(server, key, monitor.id)).map((p) => p.duration_ms);
    expect(durations).toEqual([null, 400, null, null]);
  });

  test("log pings in between do not break the pairing", async () => {
    const monitor = await createHeartbeat(server, key);
    await get(`/ping/${monitor.ping_token}/start`);
    time.advance(100);
    await post(`/ping/${monitor.ping_token}/log`, "halfway");
    time.advance(100);
    await get(`/ping/${monitor.ping_token}/fail`);
    expect((await pulsesOf(server, key, monitor.id))[0]).toMatchObject({ type: "fail", duration_ms: 200 });
  });
});
