// Every ping URL and method, as Healthchecks.io and Uptime Kuma clients call them.
import { beforeAll, describe, expect, test } from "bun:test";
import { json, type CallOptions } from "../support/http.ts";
import { useServer, withServer } from "../support/server.ts";
import { createHeartbeat, eventsOf, monitorOf, pulsesOf } from "./support.ts";

const server = useServer();
let key: string;
beforeAll(async () => {
  key = await server.adminKey();
});

const ping = (path: string, method = "GET", options: CallOptions = {}) => server.call(method, path, options);

describe("Healthchecks-style URLs", () => {
  const cases = [
    { suffix: "", type: "success", exit_code: null },
    { suffix: "/start", type: "start", exit_code: null },
    { suffix: "/fail", type: "fail", exit_code: null },
    { suffix: "/log", type: "log", exit_code: null },
    { suffix: "/0", type: "success", exit_code: 0 },
    { suffix: "/3", type: "fail", exit_code: 3 },
    { suffix: "/255", type: "fail", exit_code: 255 },
  ];
  for (const prefix of ["/ping", "/pulse"]) {
    for (const method of ["GET", "HEAD", "POST"]) {
      for (const { suffix, type, exit_code } of cases) {
        test(`${method} ${prefix}/:token${suffix} stores a ${type} pulse and answers 200 OK`, async () => {
          const monitor = await createHeartbeat(server, key);
          const response = await ping(`${prefix}/${monitor.ping_token}${suffix}`, method);
          expect(response.status).toBe(200);
          expect(response.headers.get("content-type")).toStartWith("text/plain");
          expect(await response.text()).toBe(method === "HEAD" ? "" : "OK");
          const [pulse] = await pulsesOf(server, key, monitor.id);
          expect(pulse).toMatchObject({ type, exit_code, source_ip: "127.0.0.1", rid: null });
        });
      }
    }
  }

  test("an unknown token is a 404 with the error body", async () => {
    for (const path of ["/ping/no-such-token", "/ping/no-such-token/start", "/pulse/no-such-token/log"]) {
      const response = await ping(path, "POST", { raw: "x" });
      expect(response.status).toBe(404);
      expect((await json(response)).error).toMatchObject({ status: 404, code: "not_found" });
    }
  });

  test("exit codes outside 0-255 and unknown actions are a 400 naming exit_code", async () => {
    const monitor = await createHeartbeat(server, key);
    for (const suffix of ["256", "1000", "-1", "abc", "3.5"]) {
      const response = await ping(`/ping/${monitor.ping_token}/${suffix}`);
      expect(response.status).toBe(400);
      expect((await json(response)).error.details).toEqual([{ field: "exit_code", message: expect.any(String) }]);
    }
    expect(await pulsesOf(server, key, monitor.id)).toEqual([]);
  });

  test("a rid that is not a UUID is a 400", async () => {
    const monitor = await createHeartbeat(server, key);
    const response = await ping(`/ping/${monitor.ping_token}/start?rid=nightly`);
    expect(response.status).toBe(400);
    expect((await json(response)).error.details[0].field).toBe("rid");
  });

  test("the user agent is kept", async () => {
    const monitor = await createHeartbeat(server, key);
    await ping(`/ping/${monitor.ping_token}`, "GET", { headers: { "User-Agent": "backup.sh/1.2" } });
    expect((await pulsesOf(server, key, monitor.id))[0].user_agent).toBe("backup.sh/1.2");
  });

  test("X-Forwarded-For is ignored unless the proxy is trusted", async () => {
    const monitor = await createHeartbeat(server, key);
    await ping(`/ping/${monitor.ping_token}`, "GET", { headers: { "X-Forwarded-For": "203.0.113.9" } });
    expect((await pulsesOf(server, key, monitor.id))[0].source_ip).toBe("127.0.0.1");
  });

  test("a rotated token stops working and the new one works", async () => {
    const monitor = await createHeartbeat(server, key);
    const rotated = await json(await server.call("POST", `/api/v1/monitors/${monitor.id}/rotate-token`, { auth: key }));
    expect(rotated.ping_token).not.toBe(monitor.ping_token);
    expect(rotated.ping_token.length).toBeGreaterThanOrEqual(22);
    expect((await ping(`/ping/${monitor.ping_token}`)).status).toBe(404);
    expect((await ping(`/ping/${rotated.ping_token}`)).status).toBe(200);
  });

  test("the monitor's url is its ping URL", async () => {
    const monitor = await createHeartbeat(server, key);
    expect(monitor.url).toBe(`${server.base}/ping/${monitor.ping_token}`);
  });
});

describe("status changes", () => {
  test("a new heartbeat is pending; a success makes it up", async () => {
    const monitor = await createHeartbeat(server, key);
    expect(monitor.status).toBe("pending");
    await ping(`/ping/${monitor.ping_token}`);
    expect((await monitorOf(server, key, monitor.id)).status).toBe("up");
  });

  test("fail flips down at once with reason fail; the next success brings it up", async () => {
    const monitor = await createHeartbeat(server, key);
    await ping(`/ping/${monitor.ping_token}`);
    await ping(`/ping/${monitor.ping_token}/fail`);
    expect(await monitorOf(server, key, monitor.id)).toMatchObject({ status: "down", status_reason: "fail" });
    await ping(`/ping/${monitor.ping_token}/0`);
    expect((await monitorOf(server, key, monitor.id)).status).toBe("up");
    expect(eventsOf(server, monitor.id).map((e) => [e.from_status, e.to_status, e.reason])).toEqual([
      ["pending", "up", null],
      ["up", "down", "fail"],
      ["down", "up", null],
    ]);
  });

  test("a non-zero exit code flips down with reason exit code N", async () => {
    const monitor = await createHeartbeat(server, key);
    await ping(`/ping/${monitor.ping_token}/3`);
    expect(await monitorOf(server, key, monitor.id)).toMatchObject({ status: "down", status_reason: "exit code 3" });
  });

  test("log pings never change the status", async () => {
    const up = await createHeartbeat(server, key);
    await ping(`/ping/${up.ping_token}`);
    await ping(`/ping/${up.ping_token}/log`, "POST", { raw: "disk 91% full" });
    expect((await monitorOf(server, key, up.id)).status).toBe("up");
    const pending = await createHeartbeat(server, key);
    await ping(`/ping/${pending.ping_token}/log`);
    expect((await monitorOf(server, key, pending.id)).status).toBe("pending");
  });

  test("a paused monitor keeps its pulses but never changes status", async () => {
    const monitor = await createHeartbeat(server, key);
    await ping(`/ping/${monitor.ping_token}`);
    await server.call("POST", `/api/v1/monitors/${monitor.id}/pause`, { auth: key });
    expect((await ping(`/ping/${monitor.ping_token}/fail`)).status).toBe(200);
    expect((await monitorOf(server, key, monitor.id)).status).toBe("up");
    expect((await pulsesOf(server, key, monitor.id))[0].type).toBe("fail");
  });
});

describe("Uptime Kuma push", () => {
  test("status=up (or none) is a success; msg and ping are kept", async () => {
    const monitor = await createHeartbeat(server, key);
    for (const method of ["GET", "POST"]) {
      const response = await ping(`/api/push/${monitor.ping_token}?status=up&msg=OK%20all%20good&ping=42`, method);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ ok: true });
    }
    expect((await ping(`/api/push/${monitor.ping_token}`, "HEAD")).status).toBe(200);
    expect((await ping(`/api/push/${monitor.ping_token}`)).status).toBe(200);
    const pulses = await pulsesOf(server, key, monitor.id);
    expect(pulses.map((p) => p.type)).toEqual(["success", "success", "success", "success"]);
    expect(pulses[3]).toMatchObject({ body: "OK all good", duration_ms: 42 });
    expect((await monitorOf(server, key, monitor.id)).status).toBe("up");
  });

  test("status=down flips the monitor down, with msg as the reason (as Kuma shows it)", async () => {
    const monitor = await createHeartbeat(server, key);
    await ping(`/api/push/${monitor.ping_token}?status=up`);
    await ping(`/api/push/${monitor.ping_token}?status=down&msg=queue%20stuck`);
    expect(await monitorOf(server, key, monitor.id)).toMatchObject({ status: "down", status_reason: "queue stuck" });
    expect(eventsOf(server, monitor.id).at(-1)).toMatchObject({ to_status: "down", reason: "queue stuck" });
    expect((await pulsesOf(server, key, monitor.id))[0]).toMatchObject({ type: "fail", body: "queue stuck" });
  });

  test("status=down without msg keeps the reason \"fail\"", async () => {
    const monitor = await createHeartbeat(server, key);
    await ping(`/api/push/${monitor.ping_token}?status=down`);
    expect(await monitorOf(server, key, monitor.id)).toMatchObject({ status: "down", status_reason: "fail" });
  });

  test("an unknown token answers ok:false with 404", async () => {
    const response = await ping("/api/push/no-such-token?status=up");
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ ok: false, msg: expect.any(String) });
  });
});

describe("trusted proxy", () => {
  test("with UPBEAT_TRUST_PROXY the first X-Forwarded-For address is the source", async () => {
    await withServer({ UPBEAT_TRUST_PROXY: "true" }, async (proxied) => {
      const proxiedKey = await proxied.adminKey();
      const monitor = await createHeartbeat(proxied, proxiedKey);
      await proxied.call("GET", `/ping/${monitor.ping_token}`, { headers: { "X-Forwarded-For": "203.0.113.9, 10.0.0.1" } });
      expect((await pulsesOf(proxied, proxiedKey, monitor.id))[0].source_ip).toBe("203.0.113.9");
    });
  });
});
