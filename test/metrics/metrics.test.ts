import { beforeAll, expect, test } from "bun:test";
import { useServer } from "../support/server.ts";
import { openStoreOf } from "../support/store.ts";
import { createUser } from "../support/users.ts";
import { expectError, json } from "../support/http.ts";

const server = useServer();
let key: string;
beforeAll(async () => {
  key = await server.adminKey("read");
});

const scrape = (auth?: string) => server.call("GET", "/metrics", { auth });

test("needs an API key", async () => {
  await expectError(await scrape(), 401, "unauthorized");
  await expectError(await scrape("pm_" + "x".repeat(40)), 401);
});

test("per-monitor up, response time and last check, only for the caller's monitors", async () => {
  const writeKey = await server.adminKey("write");
  const create = async (name: string) =>
    json(await server.call("POST", "/api/v1/monitors", { auth: writeKey, body: { name, kind: "http", url: "http://127.0.0.1:9/", is_paused: true } }));
  const web = await create('web "front"\\door');
  const paused = await create("idle");
  const { store } = openStoreOf(server);
  store.checks.insertMany([{ monitorSeq: store.monitors.byId(web.id)!.seq, checkedAt: 1_700_000_000_000, isUp: true, statusCode: 200, responseTimeMs: 250, errorMessage: null }]);
  store.events.transition(web.id, "pending", "up", null, 1_700_000_000_000);
  const other = await createUser(server, writeKey);
  await server.call("POST", "/api/v1/monitors", { auth: other.key, body: { name: "secret", kind: "ping", url: "h" } });

  const response = await scrape(key);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toContain("text/plain; version=0.0.4");
  const text = await response.text();
  const labels = `{id="${web.id}",name="web \\"front\\"\\\\door",kind="http"}`;
  expect(text).toContain(`upbeat_monitor_up${labels} 1`);
  expect(text).toContain(`upbeat_monitor_response_time_seconds${labels} 0.25`);
  expect(text).toContain(`upbeat_monitor_last_check_timestamp_seconds${labels} 1700000000`);
  expect(text).toContain(`upbeat_monitor_paused{id="${paused.id}",name="idle",kind="http"} 1`);
  expect(text).toContain(`upbeat_monitors{status="paused"} 2`);
  expect(text).not.toContain("secret");
});

test("promtool accepts the output", async () => {
  const text = await (await scrape(key)).text();
  const promtool = Bun.spawn(["promtool", "check", "metrics"], { stdin: new Blob([text]), stdout: "pipe", stderr: "pipe" });
  const [code, out, err] = await Promise.all([promtool.exited, new Response(promtool.stdout).text(), new Response(promtool.stderr).text()]);
  if (code !== 0) throw new Error(`promtool check metrics failed (install Debian's prometheus package for promtool):\n${out}${err}`);
  expect(code).toBe(0);
});

test("checks_total counts the checks the scheduler recorded", async () => {
  const target = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response("ok") });
  try {
    const writeKey = await server.adminKey("write");
    const m = await json(await server.call("POST", "/api/v1/monitors", {
      auth: writeKey, body: { name: "counted", kind: "http", url: `http://127.0.0.1:${target.port}/` },
    }));
    const sample = new RegExp(`upbeat_checks_total\\{id="${m.id}",name="counted",kind="http"\\} (\\d+)`);
    let count = 0;
    for (let i = 0; i < 50 && count === 0; i++) {
      await Bun.sleep(100);
      count = Number(sample.exec(await (await scrape(key)).text())?.[1] ?? 0);
    }
    expect(count).toBe(1); // checked once at creation, next one a minute away
    expect(await (await scrape(key)).text()).toContain(`upbeat_monitor_up{id="${m.id}",name="counted",kind="http"} 1`);
  } finally {
    target.stop(true);
  }
});
