// A new user's first minutes in a real chromium: no user exists, so the browser creates the admin; then login,
// a second setup refused, a password change and logout.
import { afterAll, beforeAll, expect, test } from "bun:test";
import type { Page } from "playwright-core";
import { expectError } from "../support/http.ts";
import { startFreshServer, type FreshServer } from "../support/fresh-server.ts";
import { openTab, type Browser } from "./browser.ts";
import { checkPage } from "./page-checks.ts";

const STEP_MS = 30_000;
const ADMIN = { email: "owner@example.com", password: "first-admin-password" };

let server: FreshServer;
let browser: Browser;
let page: Page;
let cspViolations: string[] = [];

beforeAll(async () => {
  server = await startFreshServer();
  ({ browser, page, cspViolations } = await openTab());
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function logIn(password: string) {
  await page.fill("#login-email", ADMIN.email);
  await page.fill("#login-password", password);
  await page.press("#login-password", "Enter");
}

test("a fresh instance shows the first-admin form instead of the login", async () => {
  await page.goto(server.base + "/");
  await page.locator("#view-setup h1", { hasText: "Create the first admin" }).waitFor();
  expect(await page.isHidden("#view-login")).toBe(true);
  expect(await checkPage(page, "first-run")).toEqual([]);
}, STEP_MS);

test("passwords that differ are refused next to the second one, and nothing is created", async () => {
  await page.fill("#setup-email", ADMIN.email);
  await page.fill("#setup-password", ADMIN.password);
  await page.fill("#setup-password-again", "something-else");
  await page.click("#setup-form button[type=submit]");
  await page.locator("#err-setup-password-again", { hasText: "does not match" }).waitFor();
  expect(await page.getAttribute("#setup-password-again", "aria-invalid")).toBe("true");
  expect(await (await server.call("GET", "/api/v1/setup")).json()).toEqual({ needs_setup: true });
}, STEP_MS);

test("the admin is created and logged in; a second setup through the API gets 409", async () => {
  await page.fill("#setup-password-again", ADMIN.password);
  await page.click("#setup-form button[type=submit]");
  await page.locator("#view-monitors").waitFor();
  expect(await page.textContent("#who")).toBe(ADMIN.email);
  await expectError(await server.call("POST", "/api/v1/setup", { body: { email: "intruder@example.com", password: "long-enough-pw" } }), 409, "conflict");
}, STEP_MS);

test("after logging out, a reload shows the login (not the setup) and the admin logs in", async () => {
  await page.click("#logout");
  await page.locator("#view-login").waitFor();
  await page.reload();
  await page.locator("#view-login").waitFor();
  expect(await page.isHidden("#view-setup")).toBe(true);
  expect(await checkPage(page, "login")).toEqual([]);
  await logIn(ADMIN.password);
  await page.locator("#view-monitors").waitFor();
}, STEP_MS);

test("the password is changed on the account page: a wrong current one is named, the new one works", async () => {
  await page.click("#who");
  await page.locator("#view-account").waitFor();
  await page.fill("#pw-current", "not-my-password");
  await page.fill("#pw-new", "second-admin-password");
  await page.fill("#pw-again", "second-admin-password");
  await page.click("#password-form button[type=submit]");
  await page.locator("#err-pw-current", { hasText: "is not your current password" }).waitFor();
  expect(await checkPage(page, "account")).toEqual([]);

  await page.fill("#pw-current", ADMIN.password);
  await page.click("#password-form button[type=submit]");
  await page.locator("#notice", { hasText: "Password changed" }).waitFor();
  await page.click("#logout");
  await page.locator("#view-login").waitFor();
  await logIn("second-admin-password");
  await page.locator("#view-monitors").waitFor();
}, STEP_MS);

test("no Content-Security-Policy violation happened in any of the steps", () => {
  expect(cspViolations).toEqual([]);
});
