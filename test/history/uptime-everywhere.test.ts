// The API, a status page, a badge and a direct call to uptime() must show one and the same figure.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { uptime } from "../../src/history/uptime.ts";
import { waitFor } from "../heartbeats/support.ts";
import { manualClock } from "../support/clock.ts";
import { startServer, type TestServer } from "../support/server.ts";
import { openStoreOf } from "../support/store.ts";
import { startHttpTarget } from "../support/targets.ts";
import { json } from "../support/users.ts";

const target = startHttpTarget();
const time = manualClock(Date.parse("2026-03-01T10:00:00.000Z"));
let server: TestServer;
let key: string;
beforeAll(async () => {
  server = await startServer({}, time.now);
  key = await server.adminKey();
});
afterAll(async () => {
  await server.close();
  target.stop();
});

const create = async (body: Record<string, unknown>) =>
  json(await server.call("POST", "/api/v1/monitors", { auth: key, body: { is_public: true, ...body } }));

const storedChecks = (id: string, count: number) =>
  waitFor(async () => (await json<unknown[]>(await server.call("GET", `/api/v1/monitors/${id}/checks`, { auth: key }))).length, (n) => n >= count, 10_000);

const ping = async (path: string) => expect((await fetch(`${server.base}/ping/${path}`)).status).toBe(200);

/** The 24h figure as the API, the status page, the badge and uptime() itself give it. */
async function figures(id: string, pageSlug: string): Promise<(number | null)[]> {
  const api = await json(await server.call("GET", `/api/v1/monitors/${id}/uptime?window=24h`, { auth: key }));
  const page = await json(await fetch(`${server.base}/status/${pageSlug}`, { headers: { Accept: "application/json" } }));
  const svg = await (await fetch(`${server.base}/badge/${id}/uptime.svg?label=uptime`)).text();
  const badge = svg.match(/<title>uptime: ([\d.]+)%<\/title>/)?.[1];
  const { store } = openStoreOf(server);
  return [
    api.uptime_percent,
    page.monitors.find((m: { id: string }) => m.id === id).uptime_24h,
    badge === undefined ? null : Number(badge),
    uptime(store, store.monitors.byId(id)!, "24h", time.now()).percent,
  ];
}

test("a checked and a pinged monitor show the same uptime in the API, on a status page, on a badge and from uptime()", async () => {
  target.setFlakyStatus(500);
  const site = await create({ kind: "http", name: "site", url: `${target.url}/flaky`, interval_seconds: 60, timeout_seconds: 5 });
  const job = await create({ kind: "heartbeat", name: "job", interval_seconds: 3600, grace_seconds: 60 });
  await server.call("POST", "/api/v1/status-pages", { auth: key, body: { slug: "everywhere", title: "All", monitor_ids: [site.id, job.id] } });

  // t = 0: the site's first check fails, the job reports a failure
  await ping(`${job.ping_token}/fail`);
  await storedChecks(site.id, 1);
  target.setFlakyStatus(200);
  // t = 20 s: the job succeeds; t = 60 s and 120 s: the site answers
  time.advance(20_000);
  await ping(job.ping_token);
  time.advance(40_000);
  await storedChecks(site.id, 2);
  time.advance(60_000);
  await storedChecks(site.id, 3);

  expect(await figures(site.id, "everywhere")).toEqual(Array(4).fill(66.666)); // 2 of 3 checks up, cut
  expect(await figures(job.id, "everywhere")).toEqual(Array(4).fill(83.333)); // up 100 s of 120 s measured
});
