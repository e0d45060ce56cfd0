import { beforeAll, expect, test } from "bun:test";
import { formatPercent } from "../../src/badges/routes.ts";
import { useServer } from "../support/server.ts";
import { percentOf } from "../../src/history/percent.ts";
import { openStoreOf } from "../support/store.ts";
import { json } from "../support/http.ts";

const server = useServer();
let key: string;
beforeAll(async () => {
  key = await server.adminKey();
});

const createMonitor = async (body: Record<string, unknown>) =>
  json(await server.call("POST", "/api/v1/monitors", { auth: key, body: { kind: "http", url: "http://127.0.0.1:9/", is_paused: true, ...body } }));

test("a public monitor's status badge is an SVG naming it and its state", async () => {
  const monitor = await createMonitor({ name: "Web <site>", is_public: true });
  const response = await server.call("GET", `/badge/${monitor.id}/status.svg`);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toContain("image/svg+xml");
  const svg = await response.text();
  expect(svg).toStartWith("<svg");
  expect(svg).toContain("Web &lt;site&gt;: paused");
  const labelled = await (await server.call("GET", `/badge/${monitor.id}/status.svg?label=api`)).text();
  expect(labelled).toContain("api: paused");
});

test("the uptime badge shows the percentage over the window, n/a without checks", async () => {
  const monitor = await createMonitor({ name: "Uptime", is_public: true });
  expect(await (await server.call("GET", `/badge/${monitor.id}/uptime.svg`)).text()).toContain("Uptime 24h: n/a");
  const { store } = openStoreOf(server);
  const seq = store.monitors.byId(monitor.id)!.seq;
  const now = Date.now();
  store.checks.insertMany(Array.from({ length: 200 }, (_, i) => ({
    monitorSeq: seq, checkedAt: now - (i + 1) * 60_000, isUp: i !== 0, statusCode: 200, responseTimeMs: 5, errorMessage: null,
  })));
  const svg = await (await server.call("GET", `/badge/${monitor.id}/uptime.svg?window=7d`)).text();
  expect(svg).toContain("Uptime 7d: 99.5%");
  expect(svg).toContain("#3fb950");
});

test("a monitor that is not public, or an unknown id, is a 404", async () => {
  const hidden = await createMonitor({ name: "Hidden" });
  for (const path of [`/badge/${hidden.id}/status.svg`, `/badge/${hidden.id}/uptime.svg`, "/badge/01930000-0000-7000-8000-000000000000/status.svg"]) {
    const response = await server.call("GET", path);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain("Hidden");
  }
});

test("percentages are cut, never rounded up to a perfect score", () => {
  expect(formatPercent(percentOf(9_999_996, 10_000_000)!)).toBe("99.999%");
  expect(formatPercent(percentOf(2, 3)!)).toBe("66.666%");
  expect(formatPercent(100)).toBe("100%");
  expect(formatPercent(99.5)).toBe("99.5%");
  expect(formatPercent(12)).toBe("12%");
});
