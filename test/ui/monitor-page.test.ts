// The monitor page in a real chromium, served under a sub-path through a local reverse proxy: the uPlot chart over
// real checks of a local target (windows, a down period shaded), uptime per window, incidents acknowledged, a
// heartbeat's pings opened to their bodies and its four snippets copied; axe and screenshots; a 390 px phone.
import { afterAll, beforeAll, expect, test } from "bun:test";
import type { Page } from "playwright-core";
import { HOUR_MS } from "../../src/history/rollup.ts";
import { json } from "../support/http.ts";
import { ADMIN, useServer } from "../support/server.ts";
import { openStoreOf } from "../support/store.ts";
import { startHttpTarget, type HttpTarget } from "../support/targets.ts";
import { openTab, type Browser } from "./browser.ts";
import { checkPage } from "./page-checks.ts";

const STEP_MS = 60_000;
const PREFIX = "/upbeat";

/** A reverse proxy that serves upbeat under /upbeat, as nginx or Caddy would with a path prefix stripped. */
let upstream = "";
const proxy = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  async fetch(request) {
    const url = new URL(request.url);
    if (!url.pathname.startsWith(`${PREFIX}/`)) return new Response("not under the prefix", { status: 404 });
    const body = request.method === "GET" || request.method === "HEAD" ? undefined : await request.arrayBuffer();
    return fetch(upstream + url.pathname.slice(PREFIX.length) + url.search, { method: request.method, headers: request.headers, body, redirect: "manual" });
  },
});
const home = `http://127.0.0.1:${proxy.port}${PREFIX}`;

const server = useServer({ UPBEAT_BASE_URL: home });
let browser: Browser;
let page: Page;
let key: string;
let target: HttpTarget;
let cspViolations: string[] = [];

beforeAll(async () => {
  upstream = server.base;
  target = startHttpTarget();
  key = await server.adminKey();
  ({ browser, page, cspViolations } = await openTab({ home, user: ADMIN }));
  await browser.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: `http://127.0.0.1:${proxy.port}` });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  target?.stop();
  proxy.stop(true);
});

const api = async (method: string, path: string, body?: unknown) => json(await server.call(method, `/api/v1/${path}`, { auth: key, body }));

/** Waits until the monitor has `count` checks, the newest `isUp`. */
async function waitForChecks(id: string, count: number, isUp: boolean) {
  for (let tries = 0; tries < 300; tries++) {
    const checks = await api("GET", `monitors/${id}/checks`);
    if (checks.length >= count && checks[0].is_up === isUp) return;
    await Bun.sleep(100);
  }
  throw new Error(`no ${isUp ? "up" : "down"} check number ${count}`);
}

const chart = () => page.locator("figure.chart");
const chartState = async () => ({
  window: await chart().getAttribute("data-window"),
  points: Number(await chart().getAttribute("data-points")),
  shaded: JSON.parse((await chart().getAttribute("data-shaded")) ?? "[]") as [number, number][],
});
async function pickWindow(window: string) {
  await page.click(`[data-chart-window="${window}"]`);
  await page.locator(`figure.chart[data-window="${window}"]`).waitFor();
}

let checkedId: string;

test("the chart draws a monitor's real checks with time axes, and shades the time it was down", async () => {
  const monitor = await api("POST", "monitors", { name: "flaky site", kind: "http", url: `${target.url}/flaky`, interval_seconds: 10 });
  checkedId = monitor.id;
  // up, then down (503) for one check, then up again: real checks by the scheduler, 10 s apart
  await waitForChecks(checkedId, 1, true);
  target.setFlakyStatus(503);
  await waitForChecks(checkedId, 2, false);
  target.setFlakyStatus(200);
  await waitForChecks(checkedId, 3, true);

  await page.goto(`${home}/#/monitor/${checkedId}`);
  await page.locator("#chart-plot canvas").waitFor();
  await pickWindow("1h");
  const state = await chartState();
  expect(state.points).toBe((await api("GET", `monitors/${checkedId}/series?window=1h`)).t.length);
  expect(state.points).toBeGreaterThanOrEqual(3);
  // one band, as wide as the ten seconds it was down on an hour-wide axis (about 3 px of a 1,100 px plot)
  expect(state.shaded).toHaveLength(1);
  const [[left, right]] = state.shaded as [[number, number]];
  expect(right - left).toBeGreaterThanOrEqual(1);
  expect(right - left).toBeLessThan(20);
  // time on one axis, milliseconds on the other
  expect(await page.locator("#chart-plot .u-axis").count()).toBe(2);
  const summary = await page.textContent("#chart-summary");
  expect(summary).toMatch(/^Last hour: \d+ checks, \d+ to \d+ ms, 1 failed; 1 down period \(0 min: expected 200-399, got 503\)\.$/);
  expect(await page.getAttribute("figure.chart", "aria-labelledby")).toBe("chart-title chart-summary");
}, STEP_MS);

test("switching windows loads raw checks for 24h and hourly points for 7d, 30d and 90d", async () => {
  // three days of older history, written into the store beside the running server
  const { store } = openStoreOf(server);
  const seq = store.monitors.byId(checkedId)!.seq;
  const start = Date.now() - 72 * HOUR_MS;
  store.checks.insertMany(Array.from({ length: 48 }, (_, i) => ({
    monitorSeq: seq, checkedAt: start + i * HOUR_MS, isUp: true, statusCode: 200, responseTimeMs: 40, errorMessage: null,
  })));

  await pickWindow("24h");
  expect(await page.getAttribute('[data-chart-window="24h"]', "aria-pressed")).toBe("true");
  expect(await page.getAttribute('[data-chart-window="1h"]', "aria-pressed")).toBe("false");
  expect((await chartState()).points).toBe((await api("GET", `monitors/${checkedId}/series?window=24h`)).t.length);
  for (const window of ["7d", "30d", "90d"]) {
    await pickWindow(window);
    const series = await api("GET", `monitors/${checkedId}/series?window=${window}`);
    expect(series.resolution).toBe("hour");
    // 48 old hours and the current one
    expect([window, (await chartState()).points]).toEqual([window, 49]);
    expect(await page.textContent("#chart-summary")).toContain("49 hourly averages");
  }
}, STEP_MS);

test("uptime, median and p95 per window, and the status changes with their reasons", async () => {
  await page.reload();
  await page.locator("#chart-plot canvas").waitFor();
  const rows = page.locator("table[aria-labelledby=stats-title] tbody tr");
  expect(await rows.count()).toBe(4);
  const week = await api("GET", `monitors/${checkedId}/uptime?window=7d`);
  expect(await rows.nth(1).textContent()).toContain(`${week.uptime_percent} %`);
  expect(await rows.nth(1).textContent()).toContain(`${week.p50_response_time_ms} ms`);
  await page.locator("ul.changes li", { hasText: "got 503" }).waitFor();
  expect(await page.locator("ul.changes li").count()).toBe(3);
  expect(await checkPage(page, "monitor-page")).toEqual([]);
}, STEP_MS);

test("keyboard: the chart's windows are buttons reached by Tab and pressed with Enter", async () => {
  await page.focus('[data-chart-window="90d"]');
  await page.keyboard.press("Shift+Tab");
  await page.keyboard.press("Enter");
  await page.locator('figure.chart[data-window="30d"]').waitFor();
}, STEP_MS);

test("a heartbeat pinged without /start has points but no durations, and its summary says so", async () => {
  const beat = await api("POST", "monitors", { name: "Plain Pings", kind: "heartbeat", interval_seconds: 3600 });
  for (let i = 0; i < 2; i++) await fetch(beat.url);
  await page.goto(`${home}/#/monitor/${beat.id}`);
  await page.locator("figure.chart[data-points='2']").waitFor();
  expect(await page.textContent("#chart-summary")).toContain("2 runs, no durations, 0 failed");
}, STEP_MS);

test("a heartbeat: its incident acknowledged, its pings opened to their bodies, every snippet copied", async () => {
  const beat = await api("POST", "monitors", { name: "Nightly Backup", kind: "heartbeat", schedule: "30 2 * * *" });
  expect(beat.url).toStartWith(`${home}/ping/`);
  const ping = (path: string, body?: string) => fetch(`${beat.url}${path}`, { method: body ? "POST" : "GET", body });
  await ping("/start");
  await ping("", "backed up 12 GB");
  await ping("/start");
  await ping("/2", "rsync: disk full");
  await page.goto(`${home}/#/monitor/${beat.id}`);
  await page.locator("figure.chart[data-points='2']").waitFor();
  expect((await chartState()).shaded).toHaveLength(1);

  const failed = page.locator("ul.pulses details", { hasText: "exit code 2" });
  await failed.locator("summary").click();
  await failed.locator("pre", { hasText: "rsync: disk full" }).waitFor();

  await page.click("button[data-ack]");
  await page.locator("table[aria-labelledby=incidents-title] td", { hasText: "acknowledged" }).waitFor();
  const [incident] = await api("GET", `monitors/${beat.id}/incidents`);
  expect(incident.acknowledged_at).not.toBeNull();
  expect(await page.locator("button[data-ack]").count()).toBe(0);

  for (const id of ["curl", "cron", "systemd", "powershell"]) {
    await page.click(`button[data-copy=snippet-${id}]`);
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect([id, copied]).toEqual([id, (await page.textContent(`#snippet-${id}`))!]);
    expect(copied).toContain(beat.url);
  }
  expect(await checkPage(page, "monitor-page-heartbeat")).toEqual([]);
}, STEP_MS);

test("on a 390 px phone the monitor page and its chart fit the screen", async () => {
  const phone = await browser.context.newPage();
  try {
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(`${home}/#/monitor/${checkedId}`);
    await phone.locator("#chart-plot canvas").waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBe(390);
    expect(await phone.evaluate(() => document.querySelector("#chart-plot canvas")!.getBoundingClientRect().right)).toBeLessThanOrEqual(390);
    await phone.screenshot({ path: "test-results/phone-monitor-page.png", fullPage: true });
  } finally {
    await phone.close();
  }
}, STEP_MS);

test("no Content-Security-Policy violation happened in any of the steps", () => {
  expect(cspViolations).toEqual([]);
});
