// The dashboard in a real chromium against a real server: the steps a new user takes, in order.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Page } from "playwright-core";
import { json } from "../support/http.ts";
import { ADMIN, useServer, withServer } from "../support/server.ts";
import { createUser } from "../support/users.ts";
import { openTab, type Browser } from "./browser.ts";

const SCREENSHOT = "/tmp/upbeat-ui.png";
const STEP_MS = 20_000;

const server = useServer();
let browser: Browser;
let page: Page;
/** Every Content-Security-Policy refusal in any tab of the run: the UI must need none of what the policy forbids. */
let cspViolations: string[] = [];

beforeAll(async () => {
  ({ browser, page, cspViolations } = await openTab());
}, 60_000);

afterAll(() => browser?.close());

const row = (name: string) => page.locator("#monitor-rows tr", { hasText: name });

async function login(target: Page, base: string) {
  await target.goto(base + "/");
  await target.fill("#login-email", ADMIN.email);
  await target.fill("#login-password", ADMIN.password);
  await target.click("#login-form button[type=submit]");
  await target.locator("#view-monitors").waitFor();
}

async function createMonitor(fields: Record<string, string>) {
  await page.click("nav >> text=New monitor");
  await page.locator("#view-monitor-form").waitFor();
  await page.selectOption("#m-kind", fields.kind!);
  for (const [id, value] of Object.entries(fields)) if (id !== "kind") await page.fill(`#m-${id}`, value);
  await page.click("#monitor-form button[type=submit]");
}

describe("dashboard", () => {
  test("a wrong password is refused on the login form", async () => {
    await page.goto(server.base + "/");
    await page.fill("#login-email", ADMIN.email);
    await page.fill("#login-password", "wrong-password");
    await page.click("#login-form button[type=submit]");
    await page.locator("#login-error", { hasText: "Invalid email or password" }).waitFor();
    expect(await page.isHidden("#nav")).toBe(true);
  }, STEP_MS);

  test("logging in through the form shows the empty monitors list", async () => {
    await login(page, server.base);
    await page.locator("#monitor-rows", { hasText: "No monitors yet" }).waitFor();
    expect(await page.textContent("#who")).toBe(ADMIN.email);
  }, STEP_MS);

  test("an http monitor created through the form is listed with a status badge", async () => {
    await createMonitor({ kind: "http", name: "homepage", url: `${server.base}/healthz`, interval_seconds: "30" });
    await page.locator("#detail h1", { hasText: "homepage" }).waitFor();
    await page.click("text=Back to the list");
    await row("homepage").waitFor();
    expect(await row("homepage").locator(".badge").textContent()).toMatch(/^(up|down|pending)$/);
    expect(await row("homepage").textContent()).toContain(`${server.base}/healthz`);
  }, STEP_MS);

  test("a heartbeat created through the form shows its ping URL and a curl example", async () => {
    await createMonitor({ kind: "heartbeat", name: "nightly backup", interval_seconds: "86400", grace_seconds: "600", schedule: "0 3 * * *", timezone: "Europe/Berlin" });
    await page.locator("#ping-url").waitFor();
    const pingUrl = await page.inputValue("#ping-url");
    expect(pingUrl).toMatch(new RegExp(`^${server.base}/ping/[A-Za-z0-9_-]{16,}$`));
    expect(await page.textContent("#detail pre")).toContain(`curl -fsS -m 10 --retry 5 -o /dev/null ${pingUrl}`);
    expect(await page.textContent("#detail")).toContain("0 3 * * * (Europe/Berlin)");

    await page.click("text=Back to the list");
    await row("nightly backup").waitFor();
    expect(await row("nightly backup").locator(".badge").textContent()).toMatch(/^(up|down|pending)$/);
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
  }, STEP_MS);

  test("the list filters by kind and by search text", async () => {
    await page.selectOption("#filter-kind", "heartbeat");
    await row("homepage").waitFor({ state: "detached" });
    expect(await row("nightly backup").count()).toBe(1);
    await page.selectOption("#filter-kind", "");
    await page.fill("#filter-search", "homepage");
    await row("nightly backup").waitFor({ state: "detached" });
    expect(await row("homepage").count()).toBe(1);
    await page.fill("#filter-search", "");
  }, STEP_MS);

  test("a bad URL gets the server's message next to the URL field", async () => {
    await createMonitor({ kind: "http", name: "broken", url: "not a url" });
    await page.locator("#err-url", { hasText: "must be an http:// or https:// URL" }).waitFor();
    expect(await page.getAttribute("#m-url", "aria-invalid")).toBe("true");
    expect(await page.textContent("#err-name")).toBe("");
  }, STEP_MS);

  test("pause, resume and delete from the detail view", async () => {
    await page.click("nav >> text=Monitors");
    await row("homepage").locator("a").click();
    await page.click("#detail button[data-action=pause]");
    await page.locator("#detail h1 .tag", { hasText: "paused" }).waitFor();
    await page.click("#detail button[data-action=resume]");
    await page.locator("#detail button[data-action=pause]").waitFor();
    await page.click("#detail button[data-action=delete]");
    await page.locator("#view-monitors").waitFor();
    await row("nightly backup").waitFor();
    expect(await row("homepage").count()).toBe(0);
  }, STEP_MS);

  test("an API key is shown once, works, and is gone from the page afterwards", async () => {
    await page.click("nav >> text=Settings");
    await page.fill("#key-name", "ci reader");
    await page.selectOption("#key-scope", "read");
    await page.click("#key-form button[type=submit]");
    await page.locator("#key-once").waitFor();
    const key = await page.inputValue("#key-value");
    expect(key).toMatch(/^pm_[A-Za-z0-9]{32,}$/);
    await page.locator("#key-rows tr", { hasText: "ci reader" }).waitFor();

    const listed = await server.call("GET", "/api/v1/monitors", { auth: key });
    expect(listed.status).toBe(200);

    await page.click("nav >> text=Monitors");
    await page.click("nav >> text=Settings");
    await page.locator("#key-rows tr", { hasText: "ci reader" }).waitFor();
    expect(await page.isHidden("#key-once")).toBe(true);
    expect(await page.content()).not.toContain(key);
  }, STEP_MS);

  test("invitations wait above the monitors; accepting one brings its organization's monitors into the list", async () => {
    const adminKey = await server.adminKey();
    const invite = async (monitorName: string) => {
      const inviter = await createUser(server, adminKey);
      const [organization] = await json<{ id: string; name: string }[]>(await server.call("GET", "/api/v1/organizations", { auth: inviter.key }));
      await server.call("POST", "/api/v1/monitors", { auth: inviter.key, body: { name: monitorName, kind: "ping", url: "127.0.0.1", is_paused: true } });
      const invited = await server.call("POST", `/api/v1/organizations/${organization!.id}/members`, { auth: inviter.key, body: { email: ADMIN.email, role: "viewer" } });
      expect(invited.status).toBe(202);
      return page.locator("#invitation-list li", { hasText: organization!.name });
    };
    const accepted = await invite("their router");
    const declined = await invite("their printer");
    await page.click("nav >> text=Monitors");
    await accepted.waitFor();
    expect(await page.locator("#invitation-list li").count()).toBe(2);
    expect(await row("their router").count()).toBe(0);

    await accepted.locator("button", { hasText: "Accept" }).click();
    await row("their router").waitFor();
    await accepted.waitFor({ state: "detached" });
    await declined.locator("button", { hasText: "Decline" }).click();
    await page.locator("#invitations").waitFor({ state: "hidden" });
    expect(await row("their printer").count()).toBe(0);
    expect(await json(await server.call("GET", "/api/v1/invitations", { auth: adminKey }))).toEqual([]);
  }, STEP_MS);

  test("logging out returns to the login form and ends the session", async () => {
    await page.click("#logout");
    await page.locator("#view-login").waitFor();
    await page.reload();
    await page.locator("#login-form").waitFor();
    expect(await page.isHidden("#nav")).toBe(true);
  }, STEP_MS);
});

test("a 429 from the API is shown as a readable message", async () => {
  await withServer({ UPBEAT_SESSION_RATE_LIMIT: "3" }, async (limited) => {
    const tab = await browser.context.newPage();
    try {
      await login(tab, limited.base); // the monitors list and the invitations use two of three session requests
      await tab.click("nav >> text=Settings"); // the projects, the third; the keys and channels are refused
      await tab.click("#key-form button[type=submit]");
      await tab.locator("#notice", { hasText: /Too many requests\. Please wait \d+ seconds/ }).waitFor();
    } finally {
      await tab.close();
    }
  });
}, STEP_MS);

test("/api/docs lists the operations grouped by tag", async () => {
  const tab = await browser.context.newPage();
  try {
    await tab.goto(server.base + "/api/docs");
    await tab.locator("#tag-monitors .op").first().waitFor();
    const createMonitor = tab.locator("#tag-monitors .op", { hasText: "Create a monitor" });
    expect(await createMonitor.locator(".method").textContent()).toBe("POST");
    expect(await createMonitor.locator(".path").textContent()).toBe("/api/v1/monitors");
    await createMonitor.locator("summary").click();
    const heartbeatBody = createMonitor.locator("h4", { hasText: 'kind = "heartbeat"' }).locator("+ .table-wrap");
    expect(await heartbeatBody.locator("tr", { hasText: "grace_seconds" }).textContent()).toContain("0 to 86400");
    expect(await tab.locator(".op").count()).toBeGreaterThan(20);
    expect(await tab.locator("#toc a").allTextContents()).toEqual(expect.arrayContaining(["monitors", "api-keys", "auth"]));
    const intro = await tab.textContent("main");
    expect(intro).toContain("Authorization: Bearer pm_");
    expect(intro).toContain("/v1");
  } finally {
    await tab.close();
  }
}, STEP_MS);

test("a public status page renders with its styles under its policy", async () => {
  const key = await server.adminKey();
  const created = await server.call("POST", "/api/v1/status-pages", { auth: key, body: { slug: "browser", title: "In a browser", monitor_ids: [] } });
  expect(created.status).toBe(201);
  const tab = await browser.context.newPage();
  try {
    await tab.goto(server.base + "/status/browser");
    const banner = tab.locator(".banner");
    // the inline stylesheet applied: the banner is white text on a colour, not the page's default
    expect(await banner.evaluate((element) => getComputedStyle(element).color)).toBe("rgb(255, 255, 255)");
  } finally {
    await tab.close();
  }
}, STEP_MS);

// runs last: everything above used the UI, the docs page and a status page under their policies
test("no Content-Security-Policy violation happened in any of the steps", () => {
  expect(cspViolations).toEqual([]);
});
