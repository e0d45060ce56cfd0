// Managing things in a real chromium: edit (with a field error next to its field), clone and delete a monitor,
// a heartbeat's snippets, projects, a notification channel with a test against a local receiver; axe and
// screenshots of each main page, a 390 px phone and keyboard-only use.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Page } from "playwright-core";
import { json } from "../support/http.ts";
import { ADMIN, useServer } from "../support/server.ts";
import { signBody } from "../../src/alerts/channels/webhook.ts";
import { startReceiver, type Receiver } from "../alerts/receiver.ts";
import { openTab, type Browser } from "./browser.ts";
import { checkPage } from "./page-checks.ts";

const STEP_MS = 30_000;
const server = useServer();
let browser: Browser;
let page: Page;
let key: string;
let receiver: Receiver;
let cspViolations: string[] = [];

beforeAll(async () => {
  receiver = startReceiver();
  key = await server.adminKey();
  ({ browser, page, cspViolations } = await openTab({ home: server.base, user: ADMIN }));
}, 60_000);

afterAll(async () => {
  await browser?.close();
  receiver?.stop();
});

const api = async (method: string, path: string, body?: unknown) => json(await server.call(method, `/api/v1/${path}`, { auth: key, body }));
const monitorsNamed = async (name: string) => (await api("GET", "monitors")).filter((m: any) => m.name === name);

describe("a monitor", () => {
  let id: string;

  test("the edit form is prefilled with every field of its kind", async () => {
    const created = await api("POST", "monitors", { name: "api", kind: "http", url: `${server.base}/healthz`, interval_seconds: 60, keyword: "ok", is_paused: true });
    id = created.id;
    await page.goto(`${server.base}/#/monitor/${id}`);
    await page.click("#detail a:text-is('Edit')");
    await page.locator("#monitor-form-title", { hasText: "Edit monitor: api" }).waitFor();
    await page.locator("#m-name").waitFor();
    expect(await page.inputValue("#m-name")).toBe("api");
    expect(await page.inputValue("#m-url")).toBe(`${server.base}/healthz`);
    expect(await page.inputValue("#m-keyword")).toBe("ok");
    expect(await page.inputValue("#m-expected_status")).toBe("200-399");
    expect(await page.inputValue("#m-method")).toBe("GET");
    expect(await page.isChecked("#m-follow_redirects")).toBe(true);
    for (const shared of ["timeout_seconds", "retries", "remind_every_minutes", "project_id"]) expect(await page.isVisible(`#m-${shared}`)).toBe(true);
    expect(await checkPage(page, "monitor-edit")).toEqual([]);
  }, STEP_MS);

  test("a refused save shows the message next to its field and keeps what was typed", async () => {
    await page.fill("#m-name", "api v2");
    await page.fill("#m-timeout_seconds", "120");
    await page.fill("#m-headers", "X-Token: abc\nAccept: text/plain");
    await page.click("#monitor-form button[type=submit]");
    await page.locator("#err-timeout_seconds", { hasText: "must not exceed interval_seconds" }).waitFor();
    expect(await page.getAttribute("#m-timeout_seconds", "aria-invalid")).toBe("true");
    expect(await page.inputValue("#m-name")).toBe("api v2");
    expect(await page.inputValue("#m-headers")).toBe("X-Token: abc\nAccept: text/plain");
    expect((await api("GET", `monitors/${id}`)).name).toBe("api");
  }, STEP_MS);

  test("a corrected save is PATCHed: headers, channels and reminders included", async () => {
    const channel = await api("POST", "channels", { name: "ops hook", kind: "webhook", config: { url: receiver.url } });
    // the channel list is read when the form opens
    await page.goto(`${server.base}/#/monitor/${id}`);
    await page.click("#detail a:text-is('Edit')");
    await page.locator(`#after-kind-fields input[value="${channel.id}"]`).waitFor();
    await page.fill("#m-name", "api v2");
    await page.fill("#m-headers", "X-Token: abc");
    await page.fill("#m-timeout_seconds", "5");
    await page.fill("#m-remind_every_minutes", "30");
    await page.check(`#after-kind-fields input[value="${channel.id}"]`);
    await page.click("#monitor-form button[type=submit]");
    await page.locator("#detail h1", { hasText: "api v2" }).waitFor();
    expect(await api("GET", `monitors/${id}`)).toMatchObject({
      name: "api v2", timeout_seconds: 5, remind_every_minutes: 30, channel_ids: [channel.id], headers: { "X-Token": "abc" }, keyword: "ok",
    });
  }, STEP_MS);

  test("clone makes a copy with the same settings under a new name", async () => {
    await page.click("#detail a:text-is('Clone')");
    await page.locator("#monitor-form-title", { hasText: "Clone monitor" }).waitFor();
    await page.locator("#m-name").waitFor();
    expect(await page.inputValue("#m-name")).toBe("api v2 (copy)");
    await page.click("#monitor-form button[type=submit]");
    await page.locator("#detail h1", { hasText: "api v2 (copy)" }).waitFor();
    const [copy] = await monitorsNamed("api v2 (copy)");
    expect(copy.id).not.toBe(id);
    expect(copy).toMatchObject({ url: `${server.base}/healthz`, timeout_seconds: 5, headers: { "X-Token": "abc" }, keyword: "ok" });
    expect(await checkPage(page, "monitor-detail")).toEqual([]);
  }, STEP_MS);

  test("delete asks first, then removes only that monitor", async () => {
    await page.click("#detail button[data-action=delete]");
    await page.locator("#view-monitors").waitFor();
    expect(await monitorsNamed("api v2 (copy)")).toEqual([]);
    expect(await monitorsNamed("api v2")).toHaveLength(1);
    await page.locator("#monitor-rows tr", { hasText: "api v2" }).waitFor();
    expect(await checkPage(page, "monitors")).toEqual([]);
  }, STEP_MS);
});

test("a heartbeat shows its ping URL in curl, crontab, systemd and PowerShell snippets", async () => {
  const beat = await api("POST", "monitors", { name: "Nightly Backup", kind: "heartbeat", schedule: "30 2 * * *" });
  await page.goto(`${server.base}/#/monitor/${beat.id}`);
  await page.locator("#snippet-systemd").waitFor();
  const snippet = (id: string) => page.textContent(`#snippet-${id}`);
  expect(await snippet("curl")).toBe(`curl -fsS -m 10 --retry 5 -o /dev/null ${beat.url}`);
  expect(await snippet("cron")).toStartWith(`30 2 * * * curl -fsS -m 10 --retry 5 -o /dev/null ${beat.url}/start;`);
  expect(await snippet("cron")).toEndWith(`${beat.url}/$?`);
  expect(await snippet("systemd")).toContain(`ExecStartPost=/usr/bin/curl -fsS -m 10 --retry 5 -o /dev/null ${beat.url}\n`);
  expect(await snippet("systemd")).toContain("OnFailure=nightly-backup-failed.service");
  expect(await snippet("powershell")).toContain(`Invoke-RestMethod -Uri "${beat.url}"`);
  await page.click("#detail button[data-copy=snippet-curl]");
  await page.locator("#notice", { hasText: "Copied" }).waitFor();
  // the heartbeat's form has no timeout or retries: they mean nothing to it
  await page.click("#detail a:text-is('Edit')");
  await page.locator("#m-grace_seconds").waitFor();
  expect(await page.inputValue("#m-schedule")).toBe("30 2 * * *");
  expect(await page.isVisible("#m-timeout_seconds")).toBe(false);
}, STEP_MS);

test("projects are created, renamed and deleted on the settings page", async () => {
  await page.click("nav >> text=Settings");
  await page.fill("#project-name", "Homelab");
  await page.click("#project-form button[type=submit]");
  const row = page.locator("#project-rows tr", { has: page.locator('input[value="Homelab"]') });
  await row.waitFor();
  await row.locator("input[name=name]").fill("Home lab");
  await row.locator("button", { hasText: "Rename" }).click();
  await page.locator('#project-rows input[value="Home lab"]').waitFor();
  expect((await api("GET", "projects")).map((p: any) => p.name)).toContain("Home lab");
  expect(await checkPage(page, "settings")).toEqual([]);
  await page.locator("#project-rows tr", { has: page.locator('input[value="Home lab"]') }).locator("button", { hasText: "Delete" }).click();
  await page.locator('#project-rows input[value="Home lab"]').waitFor({ state: "detached" });
  expect((await api("GET", "projects")).map((p: any) => p.name)).not.toContain("Home lab");
}, STEP_MS);

test("a webhook channel is created from its kind's form and its test reaches the receiver", async () => {
  await page.goto(`${server.base}/#/settings/channels`);
  await page.click("text=New channel");
  await page.locator("#c-config-url").waitFor();
  await page.selectOption("#c-kind", "webhook");
  expect(await page.getAttribute("#c-config-secret", "type")).toBe("password");
  await page.fill("#c-name", "home hook");
  await page.fill("#c-config-url", "not a url");
  await page.fill("#c-config-secret", "s3cret-signing-key");
  await page.click("#channel-form button[type=submit]");
  await page.locator("#err-c-config-url", { hasText: "must be an http:// or https:// URL" }).waitFor();
  await page.fill("#c-config-url", `${receiver.url}/hook`);
  await page.click("#channel-form button[type=submit]");
  await page.locator("#channel-form-title", { hasText: "Channel: home hook" }).waitFor();
  await page.locator("#c-config-url").waitFor();
  // the secret comes back masked and is saved back as it is: the stored one is kept
  expect(await page.inputValue("#c-config-secret")).toMatch(/^…/);
  await page.click("#channel-form button[type=submit]");
  await page.locator("#notice", { hasText: "Saved home hook" }).waitFor();

  const before = receiver.requests.length;
  await page.click("#channel-test");
  await page.locator("#channel-test-result", { hasText: "Test sent — provider answered: HTTP 200" }).waitFor();
  const request = receiver.requests[before]!;
  expect(request.path).toBe("/hook");
  expect(JSON.parse(request.body).event).toBe("test");
  expect(request.headers.get("x-upbeat-signature")).toBe(signBody(request.body, "s3cret-signing-key"));
  await page.locator("#delivery-log tr", { hasText: "sent" }).waitFor();
  expect(await checkPage(page, "channel")).toEqual([]);

  await page.click("text=Back to settings");
  await page.locator("#channel-rows tr", { hasText: "home hook" }).waitFor();
}, STEP_MS);

test("a failing channel's test shows the provider's answer", async () => {
  const channel = await api("POST", "channels", { name: "broken hook", kind: "webhook", config: { url: `${receiver.url}/gone` } });
  receiver.answer(410, "gone for good");
  try {
    await page.goto(`${server.base}/#/channel/${channel.id}`);
    await page.locator("#channel-form-title", { hasText: "broken hook" }).waitFor();
    await page.click("#channel-test");
    await page.locator("#channel-test-result", { hasText: "Test failed" }).waitFor();
    expect(await page.textContent("#channel-test-result")).toContain("HTTP 410");
  } finally {
    receiver.answer(200, "ok");
  }
  // the list shows each channel's last error as the API has it
  await page.goto(`${server.base}/#/settings/channels`);
  const { last_error } = await api("GET", `channels/${channel.id}`);
  await page.locator("#channel-rows tr", { hasText: "broken hook" }).locator(".reason", { hasText: last_error ?? "—" }).waitFor();
}, STEP_MS);

test("on a 390 px phone nothing is wider than the screen", async () => {
  const phone = await browser.context.newPage();
  try {
    await phone.setViewportSize({ width: 390, height: 844 });
    for (const [hash, ready] of [["#/", "#monitor-rows tr"], ["#/settings", "#project-rows tr"], ["#/new", "#m-name"]] as const) {
      await phone.goto(`${server.base}/${hash}`);
      await phone.locator(ready).first().waitFor();
      expect([hash, await phone.evaluate(() => document.documentElement.scrollWidth)]).toEqual([hash, 390]);
      await phone.screenshot({ path: `test-results/phone-${hash.replace(/\W/g, "") || "monitors"}.png`, fullPage: true });
    }
  } finally {
    await phone.close();
  }
}, STEP_MS);

test("keyboard only: from the list to a new monitor and back, every step reachable by Tab and Enter", async () => {
  await page.goto(`${server.base}/#/`);
  await page.locator("#monitor-rows tr").first().waitFor();
  const focusOn = async (text: string) => {
    for (let presses = 0; presses < 40; presses++) {
      await page.keyboard.press("Tab");
      if ((await page.evaluate(() => document.activeElement?.textContent?.trim())) === text) return;
    }
    throw new Error(`Tab never reached "${text}"`);
  };
  await focusOn("New monitor");
  await page.keyboard.press("Enter");
  await page.locator("#m-name").waitFor();
  await page.focus("#m-kind");
  await page.keyboard.press("Tab");
  await page.keyboard.type(`${server.base}/healthz`);
  await page.keyboard.press("Tab");
  await page.keyboard.type("typed by keys");
  await page.keyboard.press("Enter");
  await page.locator("#detail h1", { hasText: "typed by keys" }).waitFor();
}, STEP_MS);

test("no Content-Security-Policy violation happened in any of the steps", () => {
  expect(cspViolations).toEqual([]);
});
