// The alerting settings in a real chromium: a monitor's noise settings through its form (escalation steps, what it
// depends on, recovery and flapping), a maintenance window made in the UI that puts a monitor in maintenance, the
// delivery log saying why an alert was held back, and an organization's members; axe, screenshots and a phone.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Page } from "playwright-core";
import { json } from "../support/http.ts";
import { ADMIN, useServer } from "../support/server.ts";
import { startReceiver, type Receiver } from "../alerts/receiver.ts";
import { openTab, pickedNames, pickMonitor, type Browser } from "./browser.ts";
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
  // a step that fails says so well inside the test's own time, before the browser is torn down
  page.setDefaultTimeout(10_000);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  receiver?.stop();
});

const api = async (method: string, path: string, body?: unknown) => json<any>(await server.call(method, `/api/v1/${path}`, { auth: key, body }));

describe("a monitor's noise settings", () => {
  let router: { id: string };
  let service: { id: string };
  let pager: { id: string };

  beforeAll(async () => {
    pager = await api("POST", "channels", { name: "pager", kind: "webhook", config: { url: `${receiver.url}/pager` } });
    router = await api("POST", "monitors", { name: "router", kind: "http", url: `${server.base}/healthz`, is_paused: true });
    service = await api("POST", "monitors", { name: "nas", kind: "http", url: `${server.base}/healthz`, is_paused: true });
  });

  test("escalation steps, dependencies, recovery and flapping are edited in the form; a bad step's error sits in its row", async () => {
    await page.goto(`${server.base}/#/monitor/${service.id}/edit`);
    await page.locator("#m-escalations").waitFor();
    await pickMonitor(page, "#m-depends_on", "router");
    await page.fill("#m-recovery_checks", "3");
    await page.fill("#m-flap_threshold", "4");
    await page.fill("#m-flap_window_minutes", "15");
    await page.check("#m-is_critical");
    // the step editor is used by keyboard: Enter on "Add a step" puts the focus in the new row
    await page.focus("#m-escalations [data-add-step]");
    await page.keyboard.press("Enter");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("m-escalations-0-after");
    await page.keyboard.type("0");
    await page.check(`#m-escalations-0-after ~ div input[value="${pager.id}"]`);
    await page.click("#monitor-form button[type=submit]");
    await page.locator('[data-error-for="escalations[0].after_minutes"]', { hasText: "must be" }).waitFor();
    await page.fill("#m-escalations-0-after", "5");
    await page.click("#m-escalations [data-add-step]");
    await page.fill("#m-escalations-1-after", "30");
    await page.check(`#m-escalations-1-after ~ div input[value="${pager.id}"]`);
    expect(await checkPage(page, "monitor-noise-form")).toEqual([]);
    await page.click("#monitor-form button[type=submit]");
    await page.locator("#detail h1", { hasText: "nas" }).waitFor();
    expect(await api("GET", `monitors/${service.id}`)).toMatchObject({
      depends_on: [router.id], recovery_checks: 3, flap_threshold: 4, flap_window_minutes: 15, is_critical: true,
      escalations: [{ after_minutes: 5, channel_ids: [pager.id] }, { after_minutes: 30, channel_ids: [pager.id] }],
    });
  }, STEP_MS);

  test("the edit form shows the stored steps and removes one", async () => {
    await page.goto(`${server.base}/#/monitor/${service.id}/edit`);
    await page.locator("#m-escalations-1-after").waitFor();
    expect(await page.inputValue("#m-escalations-1-after")).toBe("30");
    expect(await pickedNames(page, "#m-depends_on", 1)).toEqual(["router"]);
    await page.click("button:text-is('Remove step 1')");
    await page.click("#monitor-form button[type=submit]");
    await page.locator("#detail h1", { hasText: "nas" }).waitFor();
    expect((await api("GET", `monitors/${service.id}`)).escalations).toEqual([{ after_minutes: 30, channel_ids: [pager.id] }]);
  }, STEP_MS);

  test("a channel's quiet hours are set, shown again and removed in its form; a bad one's error sits by its field", async () => {
    const save = () => Promise.all([page.waitForResponse((r) => r.request().method() === "PATCH" && r.status() === 200), page.click("#channel-form button[type=submit]")]);
    await page.goto(`${server.base}/#/channel/${pager.id}`);
    await page.locator("#channel-form-title", { hasText: "Channel: pager" }).waitFor();
    await page.fill("#c-quiet-start", "22:00");
    await page.fill("#c-quiet-end", "22:00");
    await page.fill("#c-quiet-timezone", "Europe/Berlin");
    await page.check("#channel-quiet input[value=sat]");
    await page.click("#channel-form button[type=submit]");
    await page.locator('[data-error-for="quiet_hours.end"]', { hasText: "must differ from start" }).waitFor();
    await page.fill("#c-quiet-end", "07:00");
    expect(await checkPage(page, "channel-quiet-hours")).toEqual([]);
    await save();
    const quietHours = async () => (await api("GET", `channels/${pager.id}`)).quiet_hours;
    expect(await quietHours()).toEqual({ start: "22:00", end: "07:00", timezone: "Europe/Berlin", days: ["sat"] });

    await page.reload();
    await page.locator("#channel-form-title", { hasText: "Channel: pager" }).waitFor();
    await page.waitForFunction(() => (document.querySelector("#c-quiet-start") as HTMLInputElement).value === "22:00");
    expect(await page.isChecked("#channel-quiet input[value=sat]")).toBe(true);
    await page.fill("#c-quiet-start", "");
    await page.fill("#c-quiet-end", "");
    await save();
    expect(await quietHours()).toBeNull();
  }, STEP_MS);
});

describe("maintenance and the why-not log", () => {
  let beat: { id: string; name: string; ping_token: string };
  let hook: { id: string };

  beforeAll(async () => {
    hook = await api("POST", "channels", { name: "ops hook", kind: "webhook", config: { url: `${receiver.url}/ops` } });
    beat = await api("POST", "monitors", { name: "Nightly Backup", kind: "heartbeat", interval_seconds: 3600, channel_ids: [hook.id] });
  });

  test("a window's errors sit next to their fields; a window made in the UI puts the monitor in maintenance", async () => {
    await page.goto(`${server.base}/#/settings/maintenance`);
    await page.click("text=New maintenance window");
    await page.locator("#w-title").waitFor();
    await page.fill("#w-title", "backup disk swap");
    await page.check("input[name=timing][value=recurring]");
    await page.fill("#w-schedule", "not cron");
    await page.fill("#w-duration_minutes", "30");
    await page.click("#maintenance-form button[type=submit]");
    await page.locator("#err-w-schedule", { hasText: "must be a cron expression" }).waitFor();

    await page.check("input[name=timing][value=once]");
    const local = (ms: number) => new Date(ms - new Date(ms).getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
    await page.fill("#w-starts_at", local(Date.now() - 60_000));
    await page.fill("#w-ends_at", local(Date.now() + 3_600_000));
    await page.click("#maintenance-form button[type=submit]");
    await page.locator("#err-w-monitor_ids", { hasText: "at least one monitor" }).waitFor();
    expect(await page.textContent("#err-w-schedule")).toBe("");
    await pickMonitor(page, "#w-monitor_ids", "Nightly Backup");
    await page.click("#maintenance-form button[type=submit]");
    const row = page.locator("#maintenance-rows tr", { hasText: "backup disk swap" });
    await row.locator("text=now").waitFor();
    expect(await checkPage(page, "settings-maintenance")).toEqual([]);

    expect(await api("GET", `monitors/${beat.id}`)).toMatchObject({ in_maintenance: true });
    await page.goto(`${server.base}/#/monitor/${beat.id}`);
    await page.locator("#detail h1 .tag", { hasText: "in maintenance" }).waitFor();
  }, STEP_MS);

  test("an alert held back by the window shows its reason on the monitor's and the channel's log", async () => {
    // up first (a pending monitor's first result is silent), then down inside the window
    for (const ping of ["", "/fail"]) expect((await fetch(`${server.base}/ping/${beat.ping_token}${ping}`)).status).toBe(200);
    const held = async () => (await api("GET", `monitors/${beat.id}/deliveries`)).find((d: any) => d.state === "suppressed");
    for (let tries = 0; !(await held()) && tries < 50; tries++) await Bun.sleep(100);
    expect(await held()).toMatchObject({ event: "down", reason: "maintenance", channel_id: hook.id });

    await page.goto(`${server.base}/#/channel/${hook.id}`);
    const channelRow = page.locator("#delivery-log tr", { hasText: "suppressed" });
    await channelRow.locator(".why", { hasText: "maintenance window" }).waitFor();
    expect(await channelRow.locator("a").textContent()).toBe("Nightly Backup");

    await page.goto(`${server.base}/#/monitor/${beat.id}`);
    const logRow = page.locator("#detail .deliveries tr", { hasText: "suppressed" });
    await logRow.locator(".why", { hasText: "held back: a maintenance window covered the monitor" }).waitFor();
    expect(await logRow.locator("a").textContent()).toBe("ops hook");
    expect(await checkPage(page, "monitor-deliveries")).toEqual([]);
  }, STEP_MS);

  test("a child's down alert held back by its down parent says so in words", async () => {
    const parent = await api("POST", "monitors", { name: "router box", kind: "heartbeat", interval_seconds: 3600, channel_ids: [hook.id] });
    const child = await api("POST", "monitors", { name: "wiki", kind: "heartbeat", interval_seconds: 3600, channel_ids: [hook.id], depends_on: [parent.id] });
    for (const [m, ping] of [[parent, ""], [child, ""], [parent, "/fail"], [child, "/fail"]] as const) {
      expect((await fetch(`${server.base}/ping/${m.ping_token}${ping}`)).status).toBe(200);
    }
    const held = async () => (await api("GET", `monitors/${child.id}/deliveries`)).find((d: any) => d.state === "suppressed");
    for (let tries = 0; !(await held()) && tries < 50; tries++) await Bun.sleep(100);
    expect(await held()).toMatchObject({ event: "down", reason: "dependency" });
    await page.goto(`${server.base}/#/monitor/${child.id}`);
    await page.locator("#detail .deliveries .why", { hasText: "held back: a monitor it depends on was down" }).waitFor();
  }, STEP_MS);

  test("a recurring window is edited to a schedule and deleted", async () => {
    const [window] = await api("GET", "maintenance");
    await page.goto(`${server.base}/#/maintenance/${window.id}`);
    await page.locator("#maintenance-title", { hasText: "Maintenance: backup disk swap" }).waitFor();
    await page.locator("#w-title").waitFor();
    expect(await page.inputValue("#w-title")).toBe("backup disk swap");
    await page.check("input[name=timing][value=recurring]");
    await page.fill("#w-schedule", "0 3 * * 0");
    await page.fill("#w-duration_minutes", "60");
    await page.fill("#w-timezone", "Europe/Berlin");
    await page.click("#maintenance-form button[type=submit]");
    await page.locator("#maintenance-rows tr", { hasText: "0 3 * * 0 for 60 min (Europe/Berlin)" }).locator("text=next:").waitFor();
    expect(await api("GET", `maintenance/${window.id}`)).toMatchObject({ schedule: "0 3 * * 0", duration_minutes: 60, starts_at: null, ends_at: null });

    await page.click("#maintenance-rows a:text-is('backup disk swap')");
    await page.click("#maintenance-delete");
    await page.locator("#maintenance-rows", { hasText: "No maintenance windows yet." }).waitFor();
  }, STEP_MS);
});

test("an owner adds someone, creates an account, changes a member's role and removes them", async () => {
  const [organization] = await api("GET", "organizations");
  await api("POST", "users", { email: "sam@example.com", password: "sams-long-password", organization_id: organization.id, role: "member" });
  await page.goto(`${server.base}/#/settings/members`);
  const sam = page.locator("#members-body tr", { hasText: "sam@example.com" });
  await sam.waitFor();
  await sam.locator("select").selectOption("admin");
  await page.locator("#notice", { hasText: "Role changed to admin" }).waitFor();
  const role = async () => (await api("GET", `organizations/${organization.id}/members`)).find((m: any) => m.email === "sam@example.com")?.role;
  expect(await role()).toBe("admin");

  await page.fill("#invite-email", "not an email");
  await page.click("#invite-form button[type=submit]");
  await page.locator('#invite-form [data-error-for="email"]', { hasText: /\S/ }).waitFor();
  // the instance admin adds someone who has an account at once (others' invitations wait to be accepted)
  await api("POST", "users", { email: "robin@example.com", password: "robins-long-password" });
  await page.fill("#invite-email", "robin@example.com");
  await page.selectOption("#invite-role", "viewer");
  await page.click("#invite-form button[type=submit]");
  await page.locator("#members-body tr", { hasText: "robin@example.com" }).locator("select").waitFor();
  expect(await page.inputValue("button[aria-label='Remove robin@example.com'] >> xpath=ancestor::tr//select")).toBe("viewer");
  // an instance admin creates an account for someone new from the same form
  await page.fill("#invite-email", "kim@example.com");
  await page.fill("#invite-password", "short");
  await page.click("#invite-form button[type=submit]");
  await page.locator("#err-invite-password", { hasText: /\S/ }).waitFor();
  await page.fill("#invite-password", "kims-long-password");
  await page.click("#invite-form button[type=submit]");
  await page.locator("#members-body tr", { hasText: "kim@example.com" }).waitFor();
  expect(await checkPage(page, "settings-members")).toEqual([]);

  await page.click("button[aria-label='Remove sam@example.com']");
  await sam.waitFor({ state: "detached" });
  expect(await role()).toBeUndefined();
}, STEP_MS);

test("on a 390 px phone the settings and a window's form are no wider than the screen", async () => {
  const phone = await browser.context.newPage();
  try {
    await phone.setViewportSize({ width: 390, height: 844 });
    for (const [hash, ready] of [["#/settings/maintenance", "#members-body tr"], ["#/maintenance/new", "#w-title"]] as const) {
      await phone.goto(`${server.base}/${hash}`);
      await phone.locator(ready).first().waitFor();
      expect([hash, await phone.evaluate(() => document.documentElement.scrollWidth)]).toEqual([hash, 390]);
      await phone.screenshot({ path: `test-results/phone-${hash.replace(/\W/g, "")}.png`, fullPage: true });
    }
  } finally {
    await phone.close();
  }
}, STEP_MS);

test("no Content-Security-Policy violation happened in any of the steps", () => {
  expect(cspViolations).toEqual([]);
});
