// Status pages in a real chromium: a page with two groups made in the UI (a field error shown next to its field,
// order changed with the keyboard), then its public page: 90 daily bars with their tooltip on focus, dark mode,
// a 390 px phone, and axe on the management and public pages.
import { afterAll, beforeAll, expect, test } from "bun:test";
import type { Page } from "playwright-core";
import { DAY_MS, HOUR_MS } from "../../src/history/rollup.ts";
import { json } from "../support/http.ts";
import { ADMIN, useServer } from "../support/server.ts";
import { openStoreOf } from "../support/store.ts";
import { openTab, pickMonitor, type Browser } from "./browser.ts";
import { checkPage } from "./page-checks.ts";

const STEP_MS = 45_000;
const server = useServer();
let browser: Browser;
let page: Page;
let key: string;
let cspViolations: string[] = [];
const ids: Record<string, string> = {};

/** Some history, so the bars show good, bad and empty days. */
function seedHistory(monitorId: string, badDays: Record<number, number>) {
  const { store } = openStoreOf(server);
  const seq = store.monitors.byId(monitorId)!.seq;
  const start = Math.floor(Date.now() / DAY_MS) * DAY_MS - 89 * DAY_MS;
  const rows = [];
  for (let day = 20; day < 89; day++) {
    for (let hour = 0; hour < 24; hour++) {
      const failed = hour === 0 ? (badDays[day] ?? 0) : 0;
      rows.push({ monitorSeq: seq, hourStart: start + day * DAY_MS + hour * HOUR_MS, checks: 60, upChecks: 60 - failed, responseTimeSumMs: 1200, responseTimeMinMs: 20, responseTimeMaxMs: 20, responseTimeSketch: "" });
    }
  }
  store.rollups.save(rows);
}

beforeAll(async () => {
  key = await server.adminKey();
  for (const name of ["Website", "API", "NAS"]) {
    const created = await json(await server.call("POST", "/api/v1/monitors", { auth: key, body: { name, kind: "http", url: "http://127.0.0.1:9/", is_paused: true } }));
    ids[name] = created.id;
  }
  seedHistory(ids.Website!, { 40: 30, 70: 2 });
  seedHistory(ids.NAS!, { 60: 60 });
  ({ browser, page, cspViolations } = await openTab({ home: server.base, user: ADMIN }));
}, 60_000);

afterAll(() => browser?.close());

const addMonitor = async (group: number, name: string) => {
  await pickMonitor(page, `#sp-add-${group}`, name);
  await page.locator(`#sp-groups fieldset:nth-child(${group + 1}) ol li`, { hasText: name }).waitFor();
};

test("a status page with two groups is made in the UI; a bad field's message stands next to it", async () => {
  await page.click("nav >> text=Status pages");
  await page.locator("#view-status-pages h1", { hasText: "Status pages" }).waitFor();
  await page.click("text=New status page");
  await page.locator("#status-page-form").waitFor();
  await page.fill("#sp-title", "Homelab");
  expect(await page.inputValue("#sp-slug")).toBe("homelab");
  await page.fill("#sp-group-0", "Web");
  await addMonitor(0, "Website");
  await addMonitor(0, "API");
  // keyboard: focus "Move API up" and press Enter; focus follows the moved monitor
  await page.focus('[aria-label="Move API up"]');
  await page.keyboard.press("Enter");
  expect(await page.locator("#sp-groups fieldset").first().locator("ol li span:first-child").allTextContents()).toEqual(["API", "Website"]);
  expect(await page.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toBe("Move API down");
  await page.click("[data-action=add-group]");
  await page.fill("#sp-group-1", "Storage");
  await addMonitor(1, "NAS");
  await page.fill("#sp-custom_domain", "not a host");
  await page.click("#status-page-form button[type=submit]");
  await page.locator("#err-sp-custom_domain", { hasText: "must be a host name" }).waitFor();
  expect(await page.getAttribute("#sp-custom_domain", "aria-invalid")).toBe("true");
  expect(await checkPage(page, "status-page-form")).toEqual([]);

  await page.fill("#sp-custom_domain", "status.example.com");
  await page.click("#status-page-form button[type=submit]");
  await page.locator("#view-status-pages td a:text-is('Homelab')").waitFor();
  const [created] = await json(await server.call("GET", "/api/v1/status-pages", { auth: key }));
  expect(created).toMatchObject({
    slug: "homelab", custom_domain: "status.example.com",
    groups: [{ name: "Web", monitor_ids: [ids.API, ids.Website] }, { name: "Storage", monitor_ids: [ids.NAS] }],
  });
  expect(await checkPage(page, "status-pages")).toEqual([]);
}, STEP_MS);

test("the public page: groups, 90 bars per monitor, a tooltip on keyboard focus, dark mode", async () => {
  await page.click("#view-status-pages a:text-is('/status/homelab')");
  await page.locator("h1", { hasText: "Homelab" }).waitFor();
  expect(await page.locator("h2").allTextContents()).toEqual(["Web", "Storage"]);
  expect(await page.locator("ol.days").count()).toBe(3);
  expect(await page.locator("ol.days >> nth=0 >> li").count()).toBe(90);
  // Website's bars (API comes first in its group): Tab walks them; the focused one shows its label in the CSS tooltip
  await page.locator("ol.days >> nth=1 >> li").first().focus();
  for (let i = 0; i < 40; i++) await page.keyboard.press("Tab");
  const badDay = new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS - 49 * DAY_MS).toISOString().slice(0, 10);
  const tooltip = await page.evaluate(() => getComputedStyle(document.activeElement!, "::after").content);
  expect(tooltip).toBe(`"${badDay}: 97.91% up, 30 min down"`);
  expect(await page.locator("link[rel=alternate][type='application/atom+xml']").getAttribute("href")).toBe("homelab/feed.atom");
  expect(await checkPage(page, "status-page-public")).toEqual([]);
}, STEP_MS);

test("on a 390 px phone the public page fits the screen and shows the last 30 days", async () => {
  const phone = await browser.context.newPage();
  try {
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(`${server.base}/status/homelab`);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBe(390);
    expect(await phone.locator("ol.days >> nth=0 >> li:visible").count()).toBe(30);
    expect(await checkPage(phone, "status-page-phone")).toEqual([]);
  } finally {
    await phone.close();
  }
}, STEP_MS);

test("no Content-Security-Policy refusals on the way", () => {
  expect(cspViolations).toEqual([]);
});
