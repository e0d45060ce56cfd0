// Issue 12's "done when", tried as a new user would on the compiled binary, in chromium and nothing else: started
// with no admin in its environment, the admin created in the browser, five monitors of different kinds and a
// heartbeat on a cron schedule made in the form, one edited, its chart seen, a status page with two groups set up and
// opened by an anonymous visitor, with its Atom feed. Only the heartbeat's ping is sent with fetch, as cron would.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { parseAtomFeed } from "feedsmith";
import type { Page } from "playwright-core";
import { selfSignedCert } from "../support/certs.ts";
import { startDnsResponder } from "../support/dns-responder.ts";
import { ADMIN } from "../support/server.ts";
import { startHttpTarget, type HttpTarget } from "../support/targets.ts";
import { createInForm, launchBrowser, pickMonitor, type Browser } from "../ui/browser.ts";
import { BUILD_TIMEOUT_MS, buildOnce, copyAlone, freePort, startBinary, type RunningBinary } from "./binary.ts";

const INTERVAL_SECONDS = "10";
/** one interval, the check's own time and the check writer's one-second batch */
const SEEN_WITHIN_MS = 13_000;
const STEP_MS = 60_000;
const shot = (page: Page, name: string) => page.screenshot({ path: `test-results/walkthrough-ui-${name}.png`, fullPage: true });

let binary: string;
let home: string;
let upbeat: RunningBinary;
let browser: Browser;
let visitor: Browser;
let page: Page;
/** the anonymous visitor's tab */
let guest: Page;
let web: HttpTarget;
let homeAssistant: ReturnType<typeof startWebSocketApi>;
let dns: Awaited<ReturnType<typeof startDnsResponder>>;
let database: Bun.TCPSocketListener<undefined>;
const ids: Record<string, string> = {};

/** A Home Assistant-like websocket API over TLS with a self-signed certificate: answers a ping with a pong. */
function startWebSocketApi() {
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    tls: selfSignedCert(90),
    fetch: (request, bun) => (bun.upgrade(request) ? undefined : new Response("websocket only", { status: 426 })),
    websocket: { message: (socket, text) => void socket.send(JSON.stringify({ type: String(text).includes("ping") ? "pong" : "unknown" })) },
  });
  return { url: `wss://127.0.0.1:${server.port}`, stop: () => server.stop(true) };
}

beforeAll(async () => {
  binary = copyAlone(buildOnce());
  // upbeat as a user starts it: from a folder of their own, keeping ./data there; only the address is set, as
  // port 8080 may be taken on a shared test machine
  home = mkdtempSync(join(tmpdir(), "upbeat-home-"));
  upbeat = await startBinary(binary, { UPBEAT_PORT: String(freePort()), UPBEAT_HOST: "127.0.0.1" }, home);
  web = startHttpTarget();
  homeAssistant = startWebSocketApi();
  dns = await startDnsResponder({ "nas.home.arpa": { A: ["127.0.0.1"] } });
  database = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  browser = await launchBrowser();
  page = await browser.context.newPage();
  page.on("dialog", (dialog) => dialog.accept());
}, BUILD_TIMEOUT_MS);

afterAll(async () => {
  await visitor?.close();
  await browser?.close();
  await upbeat?.stop();
  for (const target of [web, homeAssistant, dns]) target?.stop();
  database?.stop(true);
  rmSync(home, { recursive: true, force: true });
  rmSync(dirname(binary), { recursive: true, force: true });
});

test("with no user yet, the first page creates the admin, who lands on an empty monitor list", async () => {
  expect(upbeat.output() + upbeat.errors()).toContain("user add");
  expect(existsSync(join(home, "data/upbeat.db"))).toBe(true);
  await page.goto(`${upbeat.base}/`);
  await page.locator("#view-setup h1", { hasText: "Create the first admin" }).waitFor();
  await page.fill("#setup-email", ADMIN.email);
  await page.fill("#setup-password", ADMIN.password);
  await page.fill("#setup-password-again", ADMIN.password);
  await shot(page, "first-run");
  await page.click("#setup-form button[type=submit]");
  await page.locator("#view-monitors").waitFor();
  expect(await page.textContent("#who")).toBe(ADMIN.email);
  await shot(page, "empty-list");
}, STEP_MS);

test("five monitors of different kinds from the form; each kind's own settings come before the alerting ones", async () => {
  const every = { interval_seconds: INTERVAL_SECONDS, timeout_seconds: "5" };
  ids.website = await createInForm(page, "http", { name: "website", url: `${web.url}/ok`, ...every });
  ids.database = await createInForm(page, "tcp", { name: "database port", url: `127.0.0.1:${database.port}`, ...every });
  ids.router = await createInForm(page, "ping", { name: "router", url: "127.0.0.1", ...every });
  await page.click("nav >> text=New monitor");
  await page.locator("#m-name").waitFor();
  await page.selectOption("#m-kind", "websocket");
  // a self-signed certificate, as at home: the box says what it lets pass
  expect(await page.textContent("label:has(#m-ignore_tls_errors) .hint")).toBe("accept a self-signed, expired or wrong-name certificate");
  ids.assistant = await createInForm(page, "websocket", {
    name: "home assistant", url: `${homeAssistant.url}/api/websocket`, ignore_tls_errors: true, message: '{"type":"ping"}', assertions: 'json $.type == "pong"', ...every,
  });

  await page.click("nav >> text=New monitor");
  await page.locator("#m-name").waitFor();
  await page.selectOption("#m-kind", "dns");
  // what the kind checks is right under the interval and timeout, before whom to notify
  const top = async (selector: string) => (await page.locator(selector).boundingBox())!.y;
  expect(await top("#m-timeout_seconds")).toBeLessThan(await top("#m-record_type"));
  expect(await top("#m-dns_resolver")).toBeLessThan(await top("#m-channel_ids"));
  ids.nas = await createInForm(page, "dns", {
    name: "nas dns", url: "nas.home.arpa", record_type: "A", expected_value: "127.0.0.1", dns_resolver: dns.address, ...every,
  });
}, STEP_MS);

test("a heartbeat on a cron schedule in a time zone: its page shows the ping URL, and a ping from the job makes it up", async () => {
  ids.backup = await createInForm(page, "heartbeat", { name: "nightly backup", schedule: "30 2 * * *", timezone: "Europe/Berlin", grace_seconds: "1800" });
  const facts = Object.fromEntries(await page.locator("#detail dl.facts dt").evaluateAll((terms) => terms.map((dt) => [dt.textContent, dt.nextElementSibling!.textContent])));
  expect(facts.Schedule).toBe("30 2 * * * (Europe/Berlin)");
  expect(await page.textContent("#snippet-cron")).toStartWith("30 2 * * * curl");
  const pingUrl = await page.inputValue("#ping-url");
  expect(pingUrl).toStartWith(`${upbeat.base}/ping/`);

  const answer = await fetch(pingUrl, { headers: { "User-Agent": "curl/8.5.0" } });
  expect(answer.status).toBe(200);
  await page.reload();
  await page.locator("#detail h1 .badge.up").waitFor();
  await page.locator("#detail .pulses summary", { hasText: "success" }).waitFor();
  await shot(page, "heartbeat");
}, STEP_MS);

test("the list shows all six up, without a reload", async () => {
  await page.click("nav >> text=Monitors");
  const statuses = () => page.locator("#monitor-rows tr[data-id]").evaluateAll((rows) =>
    rows.map((row) => `${row.querySelector(".name a")!.textContent}: ${row.querySelector(".badge")!.textContent}`).sort());
  const deadline = Date.now() + SEEN_WITHIN_MS;
  while (Date.now() < deadline && !(await statuses()).every((s) => s.endsWith(": up"))) await Bun.sleep(250);
  expect(await statuses()).toEqual(["database port: up", "home assistant: up", "nas dns: up", "nightly backup: up", "router: up", "website: up"]);
  await shot(page, "list");
}, STEP_MS);

test("the website is edited: the form holds its values, the change shows on its page", async () => {
  await page.click("#monitor-rows a:text-is('website')");
  await page.click("#detail a:text-is('Edit')");
  await page.locator("#monitor-form-title", { hasText: "Edit monitor: website" }).waitFor();
  expect(await page.inputValue("#m-url")).toBe(`${web.url}/ok`);
  expect(await page.inputValue("#m-interval_seconds")).toBe(INTERVAL_SECONDS);
  await page.fill("#m-name", "Website");
  await page.fill("#m-keyword", "systems ok");
  await page.click("#monitor-form button[type=submit]");
  await page.locator("#detail h1", { hasText: "Website" }).waitFor();
  expect(await page.locator("#notice").textContent()).toBe("Saved Website");
}, STEP_MS);

test("the website's page draws its checks on the chart, and its recent checks name the HTTP status", async () => {
  await page.reload();
  const chart = page.locator("figure.chart");
  await page.locator("#chart-plot canvas").waitFor();
  expect(Number(await chart.getAttribute("data-points"))).toBeGreaterThan(0);
  const drawn = await page.locator("#chart-plot canvas").evaluate((canvas: HTMLCanvasElement) =>
    canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height).data.some((channel, i) => i % 4 === 3 && channel > 0));
  expect(drawn).toBe(true);
  expect(await page.textContent("#chart-summary")).toMatch(/^Last 24 hours: \d+ checks, \d+ to \d+ ms, 0 failed/);
  expect(await page.locator("section[aria-labelledby=recent-title] th").nth(2).textContent()).toBe("HTTP status");
  await shot(page, "chart");
}, STEP_MS);

test("a status page with two groups is set up in Status pages, and its public address is shown", async () => {
  await page.click("nav >> text=Status pages");
  await page.click("text=New status page");
  await page.fill("#sp-title", "Homelab");
  await page.fill("#sp-group-0", "Services");
  for (const name of ["Website", "nightly backup"]) await pickMonitor(page, "#sp-add-0", name);
  await page.click("[data-action=add-group]");
  await page.fill("#sp-group-1", "Infrastructure");
  for (const name of ["database port", "router", "home assistant", "nas dns"]) await pickMonitor(page, "#sp-add-1", name);
  await shot(page, "status-page-form");
  await page.click("#status-page-form button[type=submit]");
  await page.locator("#view-status-pages a:text-is('/status/homelab')").waitFor();
  await shot(page, "status-pages");
}, STEP_MS);

test("an anonymous visitor opens the shared page: both groups, 90 daily bars per monitor, all operational", async () => {
  const shared = await page.locator("#view-status-pages a:text-is('/status/homelab')").evaluate((a: HTMLAnchorElement) => a.href);
  visitor = await launchBrowser();
  guest = await visitor.context.newPage();
  await guest.goto(shared);
  await guest.locator("h1", { hasText: "Homelab" }).waitFor();
  expect(await guest.locator("h2").allTextContents()).toEqual(["Services", "Infrastructure"]);
  expect(await guest.locator("ol.days").count()).toBe(6);
  for (const bars of await guest.locator("ol.days").all()) expect(await bars.locator("li").count()).toBe(90);
  expect(await guest.textContent(".banner")).toMatch(/operational/i);
  await shot(guest, "public-page");
}, STEP_MS);

test("the database port closes: the visitor's page and its Atom feed tell of the incident", async () => {
  database.stop(true);
  await page.click("nav >> text=Monitors");
  await page.locator("#monitor-rows tr", { hasText: "database port" }).filter({ hasText: "connection refused" }).waitFor({ timeout: SEEN_WITHIN_MS });

  await guest.reload();
  await guest.locator(".incidents li", { hasText: "database port" }).waitFor();
  const [feed] = await Promise.all([guest.waitForResponse((r) => r.url().endsWith("/homelab/feed.atom")), guest.click("text=Atom feed of incidents")]);
  expect(feed.headers()["content-type"]).toContain("application/atom+xml");
  const parsed = parseAtomFeed(await feed.text());
  expect(parsed.title?.value).toBe("Homelab: incidents");
  expect(parsed.entries?.map((entry) => entry.title?.value)).toEqual(["database port is down"]);
  await shot(page, "one-down");
}, STEP_MS);
