// Issue 14 tried as a new user would, on the compiled binary: a Postgres, a Redis, a container, a mail server and a
// JSON health endpoint with a 300 ms assertion, monitored from the API and from the New monitor form in chromium;
// then each service is stopped (or goes wrong) in turn and the monitor's error, in the API and on its page, says why.
import { afterAll, beforeAll, expect, test } from "bun:test";
import type { Page } from "playwright-core";
import { selfSignedCert } from "../support/certs.ts";
import { startDockerEngines, type DockerEngines } from "../support/docker-engine.ts";
import { apiClient, createApiKey, json, type Call } from "../support/http.ts";
import { startPostgres, type TestPostgres } from "../support/postgres.ts";
import { startRedis, type TestRedis } from "../support/redis.ts";
import { ADMIN } from "../support/server.ts";
import { SMTP_USER, startSmtp, type TestSmtp } from "../support/smtp.ts";
import { createInForm, launchBrowser, logIn, type Browser } from "../ui/browser.ts";
import { BUILD_TIMEOUT_MS, binaryWithData, startBinary, type RunningBinary } from "./binary.ts";

/** the shortest interval a monitor may have: a stopped service is seen within it */
const INTERVAL_SECONDS = 10;
const TIMEOUT_SECONDS = 5;
/** one interval, the check's own time and the check writer's one-second batch */
const SEEN_WITHIN_MS = (INTERVAL_SECONDS + 3) * 1000;
const STEP_MS = SEEN_WITHIN_MS + 15_000;

/** A health endpoint as apps expose them: nested JSON, and a way to make it slow or degraded. */
function startHealthEndpoint() {
  let delayMs = 0;
  let status = "ok";
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch() {
      await Bun.sleep(delayMs);
      return Response.json({ status, version: "2.4.1", checks: [{ name: "db", ok: status === "ok" }, { name: "queue", ok: true }] });
    },
  });
  return {
    url: `http://127.0.0.1:${server.port}/api/health`,
    answerAfter: (ms: number) => void (delayMs = ms),
    answerStatus: (text: string) => void (status = text),
    stop: () => server.stop(true),
  };
}

let setup: ReturnType<typeof binaryWithData>;
let upbeat: RunningBinary;
let api: Call;
let key: string;
let browser: Browser;
let page: Page;
let postgres: TestPostgres;
let redis: TestRedis;
let smtp: TestSmtp;
let docker: DockerEngines;
let health: ReturnType<typeof startHealthEndpoint>;
/** monitor ids by what they watch */
const monitors: Record<"postgres" | "redis" | "container" | "mail" | "health", string> = {} as never;

beforeAll(async () => {
  setup = binaryWithData();
  const cert = selfSignedCert(30);
  [upbeat, postgres, redis, smtp, docker] = await Promise.all([
    startBinary(setup.binary, setup.env), startPostgres(cert), startRedis(cert), startSmtp(cert), startDockerEngines(),
  ]);
  health = startHealthEndpoint();
  api = apiClient(upbeat.base);
  key = await createApiKey(api, ADMIN.email, ADMIN.password, { scope: "write" });
  browser = await launchBrowser();
  page = await browser.context.newPage();
  await logIn(page, upbeat.base, ADMIN);
}, BUILD_TIMEOUT_MS);

afterAll(async () => {
  await browser?.close();
  await upbeat?.stop();
  health?.stop();
  docker?.stop();
  await smtp?.stop().catch(() => {});
  await redis?.remove();
  postgres?.remove();
  setup?.remove();
});

interface Monitor {
  id: string;
  name: string;
  status: string;
  status_reason: string | null;
}

const getJson = async <T>(path: string): Promise<T> => json<T>(await api("GET", `/api/v1${path}`, { auth: key }));
const latestError = async (id: string) => (await getJson<{ error_message: string | null }[]>(`/monitors/${id}/checks?limit=1`))[0]?.error_message;

async function createThroughApi(body: Record<string, unknown>): Promise<string> {
  const response = await api("POST", "/api/v1/monitors", { auth: key, body: { interval_seconds: INTERVAL_SECONDS, timeout_seconds: TIMEOUT_SECONDS, ...body } });
  const text = await response.text();
  if (response.status !== 201) throw new Error(`POST /monitors: ${response.status} ${text}`);
  return (JSON.parse(text) as Monitor).id;
}

/** The New monitor form, filled as a user types it; the monitor's id. */
const createThroughForm = (kind: string, name: string, fields: Record<string, string | boolean>) =>
  createInForm(page, kind, { name, interval_seconds: String(INTERVAL_SECONDS), timeout_seconds: String(TIMEOUT_SECONDS), ...fields });

async function waitUntil<T>(what: string, look: () => Promise<T | undefined>, timeoutMs = SEEN_WITHIN_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await look();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(200);
  }
}

/** Waits for the monitor to be down with a latest check whose error matches; that error. */
async function downWith(id: string, reason: RegExp): Promise<string> {
  let last: unknown;
  try {
    return await waitUntil(`monitor ${id} down with ${reason}`, async () => {
      const [monitor, error] = [await getJson<Monitor>(`/monitors/${id}`), await latestError(id)];
      last = { status: monitor.status, error };
      return monitor.status === "down" && error && reason.test(error) ? error : undefined;
    });
  } catch (error) {
    throw new Error(`${(error as Error).message}; last seen ${JSON.stringify(last)}`);
  }
}

/** The monitor's page, opened afresh, shows why it went down and the latest error. */
async function expectPageShows(id: string, reason: string, latest = reason): Promise<void> {
  await page.goto(`${upbeat.base}/#/`);
  await page.goto(`${upbeat.base}/#/monitor/${id}`);
  await page.locator("#detail dt", { hasText: "Reason" }).waitFor();
  const facts = Object.fromEntries(await page.locator("#detail dl.facts dt").evaluateAll((terms) => terms.map((dt) => [dt.textContent, dt.nextElementSibling!.textContent])));
  expect(facts.Reason).toBe(reason);
  expect(facts["Now failing with"]).toBe(latest === reason ? undefined : latest);
  const newestCheck = page.locator("section[aria-labelledby=recent-title] tbody tr").first();
  await newestCheck.waitFor();
  expect(await newestCheck.locator("td").last().textContent()).toBe(latest);
}

async function expectStillUp(which: (keyof typeof monitors)[]): Promise<void> {
  for (const name of which) expect({ name, status: (await getJson<Monitor>(`/monitors/${monitors[name]}`)).status }).toEqual({ name, status: "up" });
}

test("a Postgres and a container from the API, a Redis, a mail server and a JSON health endpoint from the form: all go up", async () => {
  monitors.postgres = await createThroughApi({
    name: "app database", kind: "postgres", url: `127.0.0.1:${postgres.port}`, username: postgres.user, password: postgres.password,
    database: postgres.database, assertions: [{ source: "value", operator: "==", value: 1 }],
  });
  monitors.container = await createThroughApi({ name: "web container", kind: "docker", url: "web", docker_host: docker.unixHost });
  monitors.redis = await createThroughForm("redis", "cache", { url: `127.0.0.1:${redis.port}`, password: redis.password });
  monitors.mail = await createThroughForm("smtp", "mail", {
    url: `127.0.0.1:${smtp.port}`, tls_mode: "require", ignore_tls_errors: true, username: SMTP_USER.username, password: SMTP_USER.password,
  });
  monitors.health = await createThroughForm("http", "api health", {
    url: health.url, assertions: 'json $.status == "ok"\njson $.checks[0].ok == true\nresponse_time_ms < 300',
  });

  for (const [name, id] of Object.entries(monitors)) {
    await waitUntil(`${name} up`, async () => ((await getJson<Monitor>(`/monitors/${id}`)).status === "up" ? true : undefined));
  }
  const details = await getJson<{ details: Record<string, unknown> }>(`/monitors/${monitors.container}`);
  expect(details.details).toMatchObject({ state: "running", image: "nginx:1.27" });
}, STEP_MS);

test("Postgres stopped: the error says the connection was refused", async () => {
  postgres.stop();
  const error = await downWith(monitors.postgres, /refused|closed/);
  expect(error).toBe("connection refused");
  await expectPageShows(monitors.postgres, error);
  await expectStillUp(["redis", "container", "mail", "health"]);
}, STEP_MS);

test("Redis stopped: the error says the connection was refused", async () => {
  await redis.stop();
  const error = await downWith(monitors.redis, /refused|closed/);
  expect(error).toBe("connection refused");
  await expectPageShows(monitors.redis, error);
  await expectStillUp(["container", "mail", "health"]);
}, STEP_MS);

test("the container exited: the error gives its exit code and when", async () => {
  docker.exit("web", 137, 3);
  const error = await downWith(monitors.container, /exited/);
  expect(error).toBe("exited (137) 3 min ago");
  await expectPageShows(monitors.container, error);
  await expectStillUp(["mail", "health"]);
}, STEP_MS);

test("the mail server stopped: the error says the connection was refused", async () => {
  await smtp.stop();
  const error = await downWith(monitors.mail, /^connection refused$/);
  // a check that lands while the server shuts down hears its goodbye first; the next ones find the port closed
  const { status_reason: reason } = await getJson<Monitor & { status_reason: string }>(`/monitors/${monitors.mail}`);
  expect(["connection refused", "EHLO refused: 421 Server shutting down"]).toContain(reason);
  await expectPageShows(monitors.mail, reason, error);
  await expectStillUp(["health"]);
}, STEP_MS);

test("the health endpoint slower than 300 ms, then degraded: each error names the failed assertion and the actual value", async () => {
  health.answerAfter(600);
  const slow = await downWith(monitors.health, /^response_time_ms was \d+, expected < 300$/);
  expect(Number(/was (\d+)/.exec(slow)![1])).toBeGreaterThanOrEqual(600);
  await expectPageShows(monitors.health, slow);

  health.answerAfter(0);
  health.answerStatus("degraded");
  const degraded = await downWith(monitors.health, /degraded/);
  expect(degraded).toBe('$.status was "degraded", expected "ok"');
  // the reason stays the one it went down for; the latest check says what is wrong now
  await expectPageShows(monitors.health, slow, degraded);
  await page.screenshot({ path: "test-results/walkthrough-monitor-page.png", fullPage: true });
}, STEP_MS * 2);

test("the monitor list shows each one down with its newest error (the health endpoint's degraded, not its slowness), and its recent results refresh without an error", async () => {
  const strips = page.waitForResponse((response) => response.url().includes("/api/v1/monitors?ids="));
  await page.goto(`${upbeat.base}/#/`);
  expect((await strips).status()).toBe(200);
  for (const [name, reason] of [["app database", "connection refused"], ["cache", "connection refused"], ["web container", "exited (137) 3 min ago"], ["mail", "connection refused"], ["api health", '$.status was "degraded", expected "ok"']]) {
    await page.locator("#monitor-rows tr", { hasText: name }).filter({ hasText: reason }).filter({ hasText: "down" }).waitFor();
  }
  expect(await page.isHidden("#notice")).toBe(true);
  await page.screenshot({ path: "test-results/walkthrough-all-down.png", fullPage: true });
}, STEP_MS);
