import { afterAll, beforeAll, expect, test } from "bun:test";
import { json } from "../support/http.ts";
import { closedPort, startHttpTarget } from "../support/targets.ts";
import { useServer } from "../support/server.ts";

const target = startHttpTarget();
const server = useServer();
let key: string;
beforeAll(async () => {
  key = await server.adminKey();
});
afterAll(() => target.stop());

async function settledMonitor(id: string): Promise<Record<string, unknown>> {
  for (let i = 0; i < 100; i++) {
    const monitor = await json<Record<string, unknown>>(await server.call("GET", `/api/v1/monitors/${id}`, { auth: key }));
    if (monitor.status !== "pending") return monitor;
    await Bun.sleep(50);
  }
  throw new Error("monitor stayed pending");
}

async function create(body: Record<string, unknown>) {
  const response = await server.call("POST", "/api/v1/monitors", { auth: key, body: { interval_seconds: 60, timeout_seconds: 5, ...body } });
  return (await json<{ id: string }>(response)).id;
}

test("a running server checks a live site and a dead port right after they are created", async () => {
  const site = await create({ kind: "http", name: "site", url: `${target.url}/ok`, keyword: "ok" });
  const port = await create({ kind: "tcp", name: "dead port", url: `127.0.0.1:${await closedPort()}` });
  expect(await settledMonitor(site)).toMatchObject({ status: "up", status_reason: null });
  expect(await settledMonitor(port)).toMatchObject({ status: "down", status_reason: "connection refused" });

  await Bun.sleep(1100); // the writer's batch
  const checks = await json<unknown[]>(await server.call("GET", `/api/v1/monitors/${port}/checks`, { auth: key }));
  expect(checks).toEqual([expect.objectContaining({ is_up: false, error_message: "connection refused", status_code: null })]);
  const uptime = await json(await server.call("GET", `/api/v1/monitors/${site}/uptime`, { auth: key }));
  expect(uptime).toMatchObject({ total_checks: 1, up_checks: 1, uptime_percent: 100 });
});
