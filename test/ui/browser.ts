// Debian's chromium driven by playwright-core, with a fresh profile and no outbound connections of its own.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { watchCsp } from "./page-checks.ts";

export const CHROMIUM_PATH = process.env.UPBEAT_CHROMIUM ?? "/usr/bin/chromium";

const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** playwright passes the profile as --user-data-dir itself (it refuses the flag in args). */
export async function launchBrowser(viewport = { width: 1280, height: 900 }): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`${CHROMIUM_PATH} is missing: apt-get install -y chromium (or set UPBEAT_CHROMIUM)`);
  const profile = mkdtempSync(join(tmpdir(), "upbeat-chromium-"));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM_PATH, args: ARGS, viewport });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** What a UI test drives: a fresh browser and one tab in it. */
export interface TestTab {
  browser: Browser;
  page: Page;
  /** every Content-Security-Policy refusal in the browser, filled as they happen */
  cspViolations: string[];
}

/** A fresh browser with one tab as the UI tests use it: CSP refusals collected, confirmations accepted, and logged in when `logInAt` says where and as whom. */
export async function openTab(logInAt?: { home: string; user: { email: string; password: string } }): Promise<TestTab> {
  const browser = await launchBrowser();
  const cspViolations = await watchCsp(browser.context);
  const page = await browser.context.newPage();
  page.on("dialog", (dialog) => dialog.accept());
  if (logInAt) await logIn(page, logInAt.home, logInAt.user);
  return { browser, page, cspViolations };
}

/** Opens the app at `home` and logs in through its form (the admin unless told otherwise), ending on the monitor list. */
export async function logIn(page: Page, home: string, { email, password }: { email: string; password: string }): Promise<void> {
  await page.goto(`${home}/`);
  await page.fill("#login-email", email);
  await page.fill("#login-password", password);
  await page.click("#login-form button[type=submit]");
  await page.locator("#view-monitors").waitFor();
}

/** Chooses a monitor in a search picker (public/monitor-picker.js): types its name, then clicks its match. */
export async function pickMonitor(page: Page, input: string, name: string): Promise<void> {
  await page.fill(input, name);
  await page.locator(`${input}-list [role=option][data-label="${name}"]`).click();
}

/** The names on a picker's chips, once each has its name rather than its id. */
export async function pickedNames(page: Page, input: string, count: number): Promise<string[]> {
  const chips = page.locator(`.picker:has(${input}) .chips li span`);
  await page.waitForFunction(([selector, n]) => {
    const spans = Array.from(document.querySelectorAll(selector as string));
    return spans.length === n && spans.every((s) => !/^[0-9a-f-]{36}$/.test(s.textContent ?? ""));
  }, [`.picker:has(${input}) .chips li span`, count] as const);
  return chips.allTextContents();
}

/**
 * Opens New monitor from the menu, fills the form as a user types it (`fields` by setting name: text, a select's
 * option or a checkbox's state) and saves; the new monitor's id, from its page's address.
 */
export async function createInForm(page: Page, kind: string, fields: Record<string, string | boolean>): Promise<string> {
  await page.click("nav >> text=New monitor");
  await page.locator("#monitor-form-title", { hasText: "New monitor" }).waitFor();
  await page.locator("#m-name").waitFor();
  await page.selectOption("#m-kind", kind);
  for (const [field, value] of Object.entries(fields)) {
    const control = page.locator(`#m-${field}`);
    if (typeof value === "boolean") await control.setChecked(value);
    else if (await control.evaluate((element) => element.tagName === "SELECT")) await control.selectOption(value);
    else await control.fill(value);
  }
  await page.click("#monitor-form button[type=submit]");
  await page.locator("#detail h1", { hasText: String(fields.name) }).waitFor();
  return /#\/monitor\/([^/]+)$/.exec(page.url())![1]!;
}
