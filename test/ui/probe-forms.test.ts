// The monitor form's assertions editor (one a line, a bad line named by its number) and the detail page's
// "Latest check" details, in a real chromium.
import { afterAll, beforeAll, expect, test } from "bun:test";
import type { Page } from "playwright-core";
import { mutualTls } from "../support/certs.ts";
import { json } from "../support/http.ts";
import { ADMIN, useServer } from "../support/server.ts";
import { openTab, type Browser } from "./browser.ts";
import { checkPage } from "./page-checks.ts";

const STEP_MS = 30_000;
const server = useServer();
let browser: Browser;
let page: Page;
let cspViolations: string[] = [];
let key: string;

beforeAll(async () => {
  key = await server.adminKey();
  ({ browser, page, cspViolations } = await openTab({ home: server.base, user: ADMIN }));
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

const api = async (method: string, path: string, body?: unknown) => json(await server.call(method, `/api/v1/${path}`, { auth: key, body }));

test("assertions are typed one a line; a bad line is named by its number, a good list is saved", async () => {
  await page.goto(`${server.base}/#/new`);
  await page.locator("#m-kind").waitFor();
  await page.selectOption("#m-kind", "http");
  await page.fill("#m-name", "health json");
  await page.fill("#m-url", `${server.base}/healthz`);
  await page.fill("#m-assertions", 'json $.status == "ok"\nresponse_time_ms ~ 300');
  await page.click("#monitor-form button[type=submit]");
  await page.locator("#err-assertions", { hasText: "line 2: operator must be one of" }).waitFor();
  await page.fill("#m-assertions", 'json $.status == "ok"\nresponse_time_ms < 300');
  await page.click("#monitor-form button[type=submit]");
  await page.locator("#detail h1", { hasText: "health json" }).waitFor();
  const [saved] = (await api("GET", "monitors")).filter((m: any) => m.name === "health json");
  expect(saved.assertions).toEqual([
    { source: "json", path: "$.status", operator: "==", value: "ok" },
    { source: "response_time_ms", path: null, operator: "<", value: 300 },
  ]);
  await page.click("#detail a:text-is('Edit')");
  await page.locator("#monitor-form-title", { hasText: "Edit monitor: health json" }).waitFor();
  // the form is filled once the monitor is read
  await page.waitForFunction(() => (document.querySelector("#m-name") as HTMLInputElement | null)?.value === "health json");
  expect(await page.inputValue("#m-assertions")).toBe('json $.status == "ok"\nresponse_time_ms < 300');
}, STEP_MS);

test("a service kind's form shows the default it fills in and the assertion sources it reads", async () => {
  await page.goto(`${server.base}/#/new`);
  await page.locator("#m-kind").waitFor();
  await page.selectOption("#m-kind", "postgres");
  expect(await page.getAttribute("#m-query", "placeholder")).toBe("SELECT 1");
  expect(await page.textContent("#m-assertions-hint")).toBe("one per line: source [path] operator value, the source one of value, response_time_ms; e.g. value == 1");
  await page.selectOption("#m-kind", "redis");
  expect(await page.textContent("#m-assertions-hint")).toContain('the source one of reply, response_time_ms; e.g. reply == "PONG"');
}, STEP_MS);

test("the detail page shows the latest check's details", async () => {
  const child = await api("POST", "monitors", { name: "self", kind: "http", url: `${server.base}/healthz` });
  const group = await api("POST", "monitors", { name: "core", kind: "group", children: [child.id], interval_seconds: 10 });
  for (let tries = 0; tries < 200 && !(await api("GET", `monitors/${group.id}`)).details; tries++) await Bun.sleep(100);
  await page.goto(`${server.base}/#/monitor/${group.id}`);
  const panel = page.locator("section[aria-labelledby=details-title]");
  await panel.waitFor();
  expect(await panel.locator("dt").allTextContents()).toEqual(["Up", "Down", "Not counted"]);
  expect(await checkPage(page, "monitor-details")).toEqual([]);
}, STEP_MS);

test("a clone leaves the password empty and says so; the copy is saved without the masked value", async () => {
  const original = await api("POST", "monitors", { name: "cache", kind: "redis", url: "cache.invalid", password: "s3cret-pw", is_paused: true });
  await page.goto(`${server.base}/#/monitor/${original.id}/clone`);
  await page.waitForFunction(() => (document.querySelector("#m-name") as HTMLInputElement | null)?.value === "cache (copy)");
  expect(await page.inputValue("#m-password")).toBe("");
  expect(await page.textContent("#m-password-hint")).toBe("not copied from the original: type it again");
  await page.click("#monitor-form button[type=submit]");
  await page.locator("#detail h1", { hasText: "cache (copy)" }).waitFor();
  const [copy] = (await api("GET", "monitors")).filter((m: any) => m.name === "cache (copy)");
  expect(copy.password).toBeNull();
  expect(copy.url).toBe("cache.invalid");
}, STEP_MS);

test("a docker monitor's client key is a secret textarea: a clone leaves it empty, the certificates are copied", async () => {
  const { ca, client } = mutualTls();
  const original = await api("POST", "monitors", {
    name: "nas containers", kind: "docker", url: "jellyfin", docker_host: "tcp://nas.invalid:2376", is_paused: true,
    docker_tls_ca: ca, docker_tls_cert: client.cert, docker_tls_key: client.key,
  });
  await page.goto(`${server.base}/#/monitor/${original.id}/clone`);
  await page.waitForFunction(() => (document.querySelector("#m-name") as HTMLInputElement | null)?.value === "nas containers (copy)");
  expect(await page.inputValue("#m-docker_tls_key")).toBe("");
  expect(await page.textContent("#m-docker_tls_key-hint")).toBe("not copied from the original: type it again");
  expect(await page.inputValue("#m-docker_tls_cert")).toBe(client.cert.trim());
  await page.fill("#m-docker_tls_key", client.key);
  await page.click("#monitor-form button[type=submit]");
  await page.locator("#detail h1", { hasText: "nas containers (copy)" }).waitFor();
  const [copy] = (await api("GET", "monitors")).filter((m: any) => m.name === "nas containers (copy)");
  expect(copy).toMatchObject({ docker_tls_cert: client.cert.trim(), docker_tls_key: original.docker_tls_key });
}, STEP_MS);

test("no Content-Security-Policy violation happened in any of the steps", () => {
  expect(cspViolations).toEqual([]);
});
