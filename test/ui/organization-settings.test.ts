// The organization panel on the settings page in a real chromium: an owner changes the time zone and the alert
// grouping window by keyboard, sees the API's refusal next to its field, and finds the saved values after a reload;
// a viewer sees them read-only. axe and screenshots as in every browser test.
import { afterAll, beforeAll, expect, test } from "bun:test";
import type { Page } from "playwright-core";
import { json } from "../support/http.ts";
import { ADMIN, useServer } from "../support/server.ts";
import { logIn, openTab, type Browser } from "./browser.ts";
import { checkPage } from "./page-checks.ts";

const STEP_MS = 30_000;
const server = useServer();
let browser: Browser;
let page: Page;
let key: string;
let cspViolations: string[] = [];

const api = async (method: string, path: string, body?: unknown) => json<any>(await server.call(method, `/api/v1/${path}`, { auth: key, body }));

beforeAll(async () => {
  key = await server.adminKey();
  ({ browser, page, cspViolations } = await openTab({ home: server.base, user: ADMIN }));
  page.setDefaultTimeout(10_000);
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

test("an owner sets the time zone and grouping window; a bad value's error sits by its field; a reload shows them", async () => {
  const [organization] = await api("GET", "organizations");
  await page.goto(`${server.base}/#/settings/organization`);
  await page.locator("#org-alert_group_seconds").waitFor();
  expect(await page.inputValue("#org-name")).toBe(organization.name);

  // by keyboard only: into the time zone, then Tab to the window, Enter submits the form
  await page.focus("#org-timezone");
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.type("Mars/Olympus");
  await page.keyboard.press("Tab");
  expect(await page.evaluate(() => document.activeElement?.id)).toBe("org-alert_group_seconds");
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.type("900");
  await page.keyboard.press("Enter");
  await page.locator("#err-org-alert_group_seconds", { hasText: /600/ }).waitFor();
  await page.locator("#err-org-timezone", { hasText: /\S/ }).waitFor();
  expect(await page.getAttribute("#org-alert_group_seconds", "aria-invalid")).toBe("true");
  expect(await page.textContent("#err-org-name")).toBe("");
  expect(await checkPage(page, "settings-organization-errors")).toEqual([]);

  await page.fill("#org-timezone", "Europe/Berlin");
  await page.fill("#org-alert_group_seconds", "120");
  await Promise.all([page.waitForResponse((r) => r.request().method() === "PATCH" && r.status() === 200), page.keyboard.press("Enter")]);
  await page.locator("#notice", { hasText: "Saved the settings" }).waitFor();
  expect(await api("GET", `organizations/${organization.id}`)).toMatchObject({ timezone: "Europe/Berlin", alert_group_seconds: 120 });

  await page.reload();
  await page.locator("#org-alert_group_seconds").waitFor();
  expect(await page.inputValue("#org-timezone")).toBe("Europe/Berlin");
  expect(await page.inputValue("#org-alert_group_seconds")).toBe("120");
  expect(await page.textContent("#err-org-alert_group_seconds")).toBe("");
  expect(await checkPage(page, "settings-organization")).toEqual([]);
}, STEP_MS);

test("a viewer sees the organization's settings read-only", async () => {
  const [organization] = await api("GET", "organizations");
  const viewer = { email: "vic@example.com", password: "vics-long-password" };
  await api("POST", "users", { ...viewer, organization_id: organization.id, role: "viewer" });
  await browser.context.clearCookies();
  await logIn(page, server.base, { email: viewer.email, password: viewer.password });
  await page.goto(`${server.base}/#/settings/organization`);
  const facts = page.locator("#organization-body dl.facts");
  await facts.waitFor();
  expect(await facts.textContent()).toContain("Europe/Berlin");
  expect(await facts.textContent()).toContain("120 s");
  expect(await page.locator("#organization-form").count()).toBe(0);
}, STEP_MS);

test("no Content-Security-Policy violation happened in any of the steps", () => {
  expect(cspViolations).toEqual([]);
});
