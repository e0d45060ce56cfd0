// The dashboard in a real chromium: live results without a reload (on the list and on a monitor's page), filters in the URL, bulk pause, strips,
// the phone viewport, and the event stream released when the browser goes.
import { afterAll, beforeAll, expect, test } from "bun:test";
import type { Page } from "playwright-core";
import { json } from "../support/http.ts";
import { ADMIN, useServer } from "../support/server.ts";
import { startHttpTarget } from "../support/targets.ts";
import { launchBrowser, openTab, type Browser } from "./browser.ts";
import { checkPage } from "./page-checks.ts";

const STEP_MS = 30_000;
const server = useServer();
const target = startHttpTarget();
let browser: Browser;
let page: Page;
let cspViolations: string[] = [];
let key: string;
const ids: Record<string, string> = {};

const row = (name: string) => page.locator("#monitor-rows tr[data-id]", { hasText: name });

async function create(body: Record<string, unknown>) {
  const created = await json(await server.call("POST", "/api/v1/monitors", { auth: key, body }));
  ids[body.name as string] = created.id;
}

beforeAll(async () => {
  key = await server.adminKey();
  const project = await json(await server.call("POST", "/api/v1/projects", { auth: key, body: { name: "Garage" } }));
  await create({ name: "flaky site", kind: "http", url: `${target.url}/flaky`, interval_seconds: 10 });
  await create({ name: "nas", kind: "tcp", url: `127.0.0.1:${target.port}`, project_id: project.id });
  await create({ name: "backup job", kind: "heartbeat", interval_seconds: 3600, project_id: project.id });
  // the dashboard's 24h uptime comes from the list it loads: wait until the first check is stored, not only announced
  const firstCheck = Date.now() + STEP_MS;
  while ((await json<unknown[]>(await server.call("GET", `/api/v1/monitors/${ids["flaky site"]}/checks`, { auth: key }))).length === 0) {
    if (Date.now() > firstCheck) throw new Error("the flaky site was never checked");
    await Bun.sleep(100);
  }
  ({ browser, page, cspViolations } = await openTab({ home: server.base, user: ADMIN }));
}, 60_000);

afterAll(async () => {
  await browser?.close();
  target.stop();
});

test("monitors are grouped by project with counts at the top and a strip of results", async () => {
  await row("flaky site").locator(".badge", { hasText: "up" }).waitFor();
  await row("flaky site").locator(".strip i.u").first().waitFor();
  expect(await page.locator("tr.group .group-toggle").allTextContents()).toEqual([expect.stringContaining("Default"), expect.stringContaining("Garage")]);
  expect(await page.textContent("#monitor-summary")).toMatch(/^3 monitors: \d up, 0 down, 0 paused, \d pending/);
  expect(await row("flaky site").textContent()).toContain(`${target.url}/flaky`);
  expect(await row("flaky site").locator("td.uptime").textContent()).toBe("100 %");

  // collapsing a project hides its rows; the button says so to screen readers
  const garage = page.locator(".group-toggle", { hasText: "Garage" });
  await garage.click();
  await row("nas").waitFor({ state: "detached" });
  expect(await garage.getAttribute("aria-expanded")).toBe("false");
  await garage.click();
  await row("nas").waitFor();
}, STEP_MS);

test("keyboard focus on a strip shows a result's time, status and time taken", async () => {
  await row("flaky site").locator(".strip").focus();
  const tip = page.locator("#bar-tip");
  await tip.waitFor();
  expect(await tip.textContent()).toMatch(/up · \d+ ms · code 200/);
  await page.keyboard.press("Home");
  expect(await tip.textContent()).toContain("up");
  await page.keyboard.press("Tab");
  await tip.waitFor({ state: "hidden" });
}, STEP_MS);

test("a target that goes down shows on the dashboard without a reload, in the row, its 24h uptime, the counts and the title", async () => {
  await page.evaluate(() => ((window as any).notReloaded = true));
  expect(await row("flaky site").locator("td.uptime").textContent()).toBe("100 %");
  target.setFlakyStatus(500);
  await row("flaky site").locator(".badge", { hasText: "down" }).waitFor({ timeout: 25_000 });
  await row("flaky site").locator(".strip i.d").last().waitFor();
  expect(await row("flaky site").textContent()).toContain("500");
  // the failed check counts in the 24h uptime too, without waiting for a reload or resync
  await row("flaky site").locator("td.uptime", { hasText: /^\d{1,2}\.\d\d %$/ }).waitFor({ timeout: 15_000 });
  expect(await page.title()).toBe("(1 down) upbeat");
  expect(await page.evaluate(() => (window as any).notReloaded)).toBe(true);
  await page.locator(".strip i.d").last().hover();
  expect(await page.textContent("#bar-tip")).toMatch(/down · \d+ ms · code 500 · .*500/);
  target.setFlakyStatus(200);
}, STEP_MS);

test("the monitor's page follows its checks live: status, reason, the newest error and the recent checks", async () => {
  await page.click("#monitor-rows a:text-is('flaky site')");
  const facts = () => page.locator("#detail dl.facts dt").evaluateAll((terms) => Object.fromEntries(terms.map((dt) => [dt.textContent, dt.nextElementSibling!.textContent])));
  // the check is stored (and its event sent) up to a second after the status change it caused
  const newestCode = (code: string) => page.locator("#recent-list tbody tr:first-child td:nth-child(3)", { hasText: new RegExp(`^${code}$`) }).waitFor({ timeout: 5_000 });
  await page.locator("#detail h1 .badge.up").waitFor({ timeout: 25_000 });
  await page.evaluate(() => ((window as any).notReloaded = true));

  target.setFlakyStatus(503);
  await page.locator("#detail h1 .badge.down").waitFor({ timeout: 25_000 });
  expect((await facts()).Reason).toMatch(/503/);
  await newestCode("503");
  // failing another way: the reason stays, the newest error is added under it
  target.setFlakyStatus(500);
  await page.locator("#detail dt", { hasText: "Now failing with" }).waitFor({ timeout: 25_000 });
  expect((await facts())["Now failing with"]).toMatch(/500/);
  expect((await facts()).Reason).toMatch(/503/);
  await newestCode("500");

  target.setFlakyStatus(200);
  await page.locator("#detail h1 .badge.up").waitFor({ timeout: 25_000 });
  await newestCode("200");
  expect(await page.evaluate(() => (window as any).notReloaded)).toBe(true);
  await page.click("#detail a:text-is('Back to the list')");
  await row("flaky site").locator(".badge", { hasText: "up" }).waitFor();
}, 90_000);

test("filters live in the URL: the back button undoes them and a reload keeps them", async () => {
  await page.selectOption("#filter-kind", "heartbeat");
  await row("flaky site").waitFor({ state: "detached" });
  expect(page.url()).toEndWith("#/?kind=heartbeat");
  await page.goBack();
  await row("flaky site").waitFor();
  expect(await page.inputValue("#filter-kind")).toBe("");

  // a count at the top is a filter link too
  await page.click("#monitor-summary a.count.down");
  await row("nas").waitFor({ state: "detached" });
  expect(await page.inputValue("#filter-status")).toBe("down");
  await page.selectOption("#filter-status", "");

  await page.selectOption("#filter-kind", "heartbeat");
  await page.fill("#filter-search", "backup");
  await page.waitForURL(/#\/\?q=backup&kind=heartbeat$/);
  await page.reload();
  await row("backup job").waitFor();
  expect(await page.inputValue("#filter-kind")).toBe("heartbeat");
  expect(await page.inputValue("#filter-search")).toBe("backup");
  expect(await row("nas").count()).toBe(0);
  await page.selectOption("#filter-kind", "");
  await page.fill("#filter-search", "");
  await row("nas").waitFor();
}, STEP_MS);

test("a maintenance window's tag comes and goes live, as the window is created and as it ends", async () => {
  await page.evaluate(() => ((window as any).notReloaded = true));
  const now = Date.now();
  const window = { title: "NAS disk swap", monitor_ids: [ids["nas"]], starts_at: new Date(now - 60_000).toISOString(), ends_at: new Date(now + 4_000).toISOString(), timezone: "UTC" };
  expect((await server.call("POST", "/api/v1/maintenance", { auth: key, body: window })).status).toBe(201);
  const tag = row("nas").locator(".tag", { hasText: "maintenance" });
  await tag.waitFor({ timeout: 3_000 });
  expect(await row("flaky site").locator(".tag", { hasText: "maintenance" }).count()).toBe(0);
  await tag.waitFor({ state: "detached", timeout: 10_000 });
  expect(await page.evaluate(() => (window as any).notReloaded)).toBe(true);
}, STEP_MS);

test("the dashboard passes axe in light and dark mode (screenshots in test-results/)", async () => {
  expect(await checkPage(page, "dashboard")).toEqual([]);
}, STEP_MS);

test("bulk: shift-click selects a range, one call pauses them all", async () => {
  await page.click(`[data-pick="${ids["nas"]}"]`);
  await page.click(`[data-pick="${ids["flaky site"]}"]`, { modifiers: ["Shift"] });
  await page.locator("#bulk-count", { hasText: "3 selected" }).waitFor();
  await page.click("#bulk button[data-bulk=pause]");
  await page.locator("#notice", { hasText: "Paused 3 monitors." }).waitFor();
  expect(await page.locator("#monitor-rows .tag", { hasText: "paused" }).count()).toBe(3);
  expect(await page.isHidden("#bulk")).toBe(true);
  for (const id of Object.values(ids)) {
    expect((await json(await server.call("GET", `/api/v1/monitors/${id}`, { auth: key }))).is_paused).toBe(true);
  }
  expect(await page.textContent("#monitor-summary")).toContain("3 paused");
}, STEP_MS);

test("bulk with the keyboard only: select all matching, resume, then delete after a confirmation", async () => {
  await page.fill("#filter-search", "nas");
  await row("flaky site").waitFor({ state: "detached" });
  await page.focus("#pick-all");
  await page.keyboard.press("Space");
  await page.locator("#bulk-count", { hasText: "1 selected" }).waitFor();
  await page.focus("#bulk button[data-bulk=resume]");
  await page.keyboard.press("Enter");
  await page.locator("#notice", { hasText: "Resumed 1 monitor." }).waitFor();
  await page.focus("#pick-all");
  await page.keyboard.press("Space");
  await page.focus("#bulk button[data-bulk=delete]");
  await page.keyboard.press("Enter"); // the dialog is accepted by the handler above
  await page.locator("#notice", { hasText: "Deleted 1 monitor." }).waitFor();
  await page.fill("#filter-search", "");
  await row("backup job").waitFor();
  expect(await row("nas").count()).toBe(0);
  expect((await server.call("GET", `/api/v1/monitors/${ids["nas"]}`, { auth: key })).status).toBe(404);
}, STEP_MS);

test("on a 390 px phone the dashboard fits and passes axe", async () => {
  const phone = await launchBrowser({ width: 390, height: 844 });
  try {
    const cookies = await browser.context.cookies();
    await phone.context.addCookies(cookies);
    const tab = await phone.context.newPage();
    await tab.goto(server.base + "/");
    await tab.locator("#monitor-rows tr[data-id]", { hasText: "flaky site" }).locator(".strip i").first().waitFor();
    expect(await tab.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await checkPage(tab, "dashboard-phone")).toEqual([]);
  } finally {
    await phone.close();
  }
}, STEP_MS);

test("a closed browser releases its event stream", async () => {
  expect(server.liveSubscribers()).toBeGreaterThanOrEqual(1);
  await browser.close();
  const deadline = Date.now() + 5000;
  while (server.liveSubscribers() > 0 && Date.now() < deadline) await Bun.sleep(50);
  expect(server.liveSubscribers()).toBe(0);
}, STEP_MS);

test("no Content-Security-Policy violation happened", () => {
  expect(cspViolations).toEqual([]);
});
