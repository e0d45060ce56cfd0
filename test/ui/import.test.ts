// The settings page's import button in a real chromium: a Healthchecks export chosen as a file, the report shown.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { json } from "../support/http.ts";
import { ADMIN, useServer } from "../support/server.ts";
import { healthchecksExport, writeFile } from "../import/sources.ts";
import { openTab, type Browser } from "./browser.ts";

const server = useServer();
const dir = mkdtempSync(join(tmpdir(), "upbeat-ui-import-"));
let browser: Browser;
let page: Page;
let cspViolations: string[] = [];

beforeAll(async () => {
  ({ browser, page, cspViolations } = await openTab({ home: server.base, user: ADMIN }));
}, 60_000);

afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

test("choosing a Healthchecks export and pressing Import shows what was imported, and the monitors exist", async () => {
  await page.goto(server.base + "/#/settings/import");
  await page.setInputFiles("#import-file", writeFile(dir, "checks.json", JSON.stringify(healthchecksExport)));
  await page.click("#import-form button[type=submit]");
  await page.locator("#import-report h3").first().waitFor();
  expect(await page.locator("#import-report").innerText()).toContain("Imported approximately (2)");
  await page.screenshot({ path: "test-results/settings-import.png", fullPage: true });
  const key = await server.adminKey();
  const names = (await json<{ name: string }[]>(await server.call("GET", "/api/v1/monitors", { auth: key }))).map((m) => m.name).sort();
  expect(names).toEqual(["Database Backup", "Filesystem Backup", "Old report"]);
}, 60_000);

test("no Content-Security-Policy violation happened in any of the steps", () => {
  expect(cspViolations).toEqual([]);
});
