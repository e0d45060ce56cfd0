// The monitor picker at more monitors than one page of the list holds: a monitor beyond the newest 1,000 is found
// by typing part of its name and chosen with the keyboard alone, then removed again with its chip's button.
import { afterAll, beforeAll, expect, test } from "bun:test";
import type { Page } from "playwright-core";
import { json } from "../support/http.ts";
import { ADMIN, useServer } from "../support/server.ts";
import { openStoreOf } from "../support/store.ts";
import { openTab, pickedNames, pickMonitor, type Browser } from "./browser.ts";
import { checkPage } from "./page-checks.ts";

const MONITORS = 1_200;
const server = useServer();
let browser: Browser;
let page: Page;
let cspViolations: string[] = [];
let key: string;
let needle: { id: string };

const api = async (method: string, path: string, body?: unknown) => json(await server.call(method, `/api/v1/${path}`, { auth: key, body }));

beforeAll(async () => {
  key = await server.adminKey();
  // the oldest of all, so the newest-first list's first 1,000 leave it out
  needle = await api("POST", "monitors", { name: "needle in the haystack", kind: "http", url: "http://127.0.0.1:9/", is_paused: true });
  const { store } = openStoreOf(server);
  const { id: _, seq: _seq, createdAt, updatedAt: _u, ...template } = store.monitors.byId(needle.id)!;
  store.transaction(() => {
    for (let i = 1; i < MONITORS; i++) store.monitors.insert({ ...template, name: `hay ${i}` }, createdAt + i);
  });
  ({ browser, page, cspViolations } = await openTab({ home: server.base, user: ADMIN }));
}, 60_000);

afterAll(() => browser?.close());

test("a monitor beyond the first 1,000 is found by typing and chosen with the keyboard", async () => {
  const firstThousand = await api("GET", "monitors?limit=1000");
  expect(firstThousand.some((m: { id: string }) => m.id === needle.id)).toBe(false);

  await page.goto(`${server.base}/#/new`);
  await page.locator("#m-depends_on").waitFor();
  await page.fill("#m-name", "depends on the needle");
  await page.fill("#m-url", "http://127.0.0.1:9/");
  await page.focus("#m-depends_on");
  await page.keyboard.type("needle");
  await page.locator("#m-depends_on-list [role=option]", { hasText: "needle in the haystack" }).waitFor();
  expect(await page.getAttribute("#m-depends_on", "aria-expanded")).toBe("true");
  expect(await page.locator("#m-depends_on-list [role=option]").count()).toBe(1);
  await page.keyboard.press("ArrowDown");
  expect(await page.getAttribute("#m-depends_on", "aria-activedescendant")).toBe("m-depends_on-opt-0");
  await page.keyboard.press("Enter");
  expect(await pickedNames(page, "#m-depends_on", 1)).toEqual(["needle in the haystack"]);
  expect(await page.textContent(".picker:has(#m-depends_on) [aria-live]")).toBe("Added needle in the haystack");
  expect(await checkPage(page, "monitor-picker")).toEqual([]);

  // the chip's button removes it; picking it again and saving stores the dependency
  await page.click('.picker:has(#m-depends_on) button[aria-label="Remove needle in the haystack"]');
  expect(await page.locator(".picker:has(#m-depends_on) .chips li").count()).toBe(0);
  await page.keyboard.type("haystack");
  await page.locator("#m-depends_on-list [role=option]").first().waitFor();
  await page.keyboard.press("Enter");
  await page.click("#monitor-form button[type=submit]");
  await page.locator("#detail h1", { hasText: "depends on the needle" }).waitFor();
  const [saved] = (await api("GET", "monitors?q=depends%20on%20the%20needle")) as { depends_on: string[] }[];
  expect(saved!.depends_on).toEqual([needle.id]);
}, 60_000);

test("picked monitors survive a switch of kind and back; a page's picker leaves out monitors already on the page", async () => {
  await page.goto(`${server.base}/#/new`);
  await page.locator("#m-depends_on").waitFor();
  await page.selectOption("#m-kind", "group");
  await pickMonitor(page, "#m-children", "needle in the haystack");
  await page.selectOption("#m-kind", "http");
  expect(await page.locator("#m-children").count()).toBe(0);
  await page.selectOption("#m-kind", "group");
  expect(await pickedNames(page, "#m-children", 1)).toEqual(["needle in the haystack"]);

  await page.goto(`${server.base}/#/status-pages/new`);
  await page.fill("#sp-title", "Picker page");
  await pickMonitor(page, "#sp-add-0", "needle in the haystack");
  await page.locator("#sp-groups ol li", { hasText: "needle in the haystack" }).waitFor();
  await page.fill("#sp-add-0", "needle in the");
  // the live region is visually hidden: read its text
  await page.waitForFunction(() => document.querySelector(".picker:has(#sp-add-0) [aria-live]")?.textContent === "No monitor matches");
  expect(await page.locator("#sp-add-0-list [role=option]").count()).toBe(0);
}, 60_000);

test("a monitor with no reason to give shows no Reason line", async () => {
  await page.goto(`${server.base}/#/monitor/${needle.id}`);
  await page.locator("#detail h1", { hasText: "needle in the haystack" }).waitFor();
  const terms = await page.locator("#detail dl.facts dt").allTextContents();
  expect(terms).toContain("Last check");
  expect(terms).not.toContain("Reason");
}, 60_000);

test("no Content-Security-Policy violation happened in any of the steps", () => {
  expect(cspViolations).toEqual([]);
});
