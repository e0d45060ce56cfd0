// Every probe kind the API accepts, through the UI in a real chromium: created in the "New monitor" form with its own
// fields filled in, saved with those values, one field changed through Edit, copied through Clone, and deleted after
// the confirmation. The kinds come from the registry the API validates with: a kind without a case here fails.
import { afterAll, beforeAll, expect, test } from "bun:test";
import type { Page } from "playwright-core";
import { isPinged, probeKinds } from "../../src/probes/registry.ts";
import { selfSignedCert } from "../support/certs.ts";
import { json } from "../support/http.ts";
import { ADMIN, useServer } from "../support/server.ts";
import { openTab, pickMonitor, type Browser } from "./browser.ts";

const STEP_MS = 30_000;
const server = useServer();
let browser: Browser;
let page: Page;
let cspViolations: string[] = [];
let key: string;

/** A form value: text typed, a box ticked or not, an option chosen, or (for monitor lists) the name of a monitor to pick. */
type Typed = string | boolean;

interface Case {
  target?: string;
  /** every form field of the kind's own, by name */
  fields: Record<string, Typed>;
  /** what the API then answers (secrets come back masked) */
  saved: Record<string, unknown>;
  /** one field changed through Edit: [field, typed, the API's value] */
  edit: [string, Typed, unknown];
}

const ASSERTION = "response_time_ms < 5000";
const MASKED = expect.stringMatching(/^…/);
const ASSERTED = [{ source: "response_time_ms", path: null, operator: "<", value: 5000 }];
const database = (port: number, query: string) => ({
  target: `127.0.0.1:${port}`,
  fields: { username: "upbeat", password: "s3cret-pw", database: "app", query, tls_mode: "disable", assertions: ASSERTION },
  saved: { url: `127.0.0.1:${port}`, username: "upbeat", password: MASKED, database: "app", query, tls_mode: "disable", assertions: ASSERTED },
  edit: ["query", "SELECT 42", "SELECT 42"] as Case["edit"],
});

// docker over tcp:// with TLS client certificates: PEM text, checked on save
const pem = selfSignedCert(30);

const CASES: Record<string, Case> = {
  http: {
    target: "http://127.0.0.1:9/health",
    fields: {
      method: "POST", headers: "X-Probe: upbeat", body: '{"ping":true}', expected_status: "200-299", keyword: "healthy",
      keyword_absent: true, follow_redirects: false, ignore_tls_errors: true, assertions: ASSERTION,
    },
    saved: {
      url: "http://127.0.0.1:9/health", method: "POST", headers: { "X-Probe": "upbeat" }, body: '{"ping":true}', expected_status: "200-299",
      keyword: "healthy", keyword_absent: true, follow_redirects: false, ignore_tls_errors: true, assertions: ASSERTED,
    },
    edit: ["keyword", "ready", "ready"],
  },
  tcp: { target: "127.0.0.1:9", fields: {}, saved: { url: "127.0.0.1:9" }, edit: ["retries", "2", 2] },
  ping: { target: "127.0.0.1", fields: {}, saved: { url: "127.0.0.1" }, edit: ["retries", "3", 3] },
  ssl: {
    target: "127.0.0.1:8443", fields: { ssl_expiry_days: "21", ignore_tls_errors: true },
    saved: { url: "127.0.0.1:8443", ssl_expiry_days: 21, ignore_tls_errors: true }, edit: ["ssl_expiry_days", "30", 30],
  },
  dns: {
    target: "localhost",
    fields: { record_type: "AAAA", expected_value: "::1", dns_resolver: "127.0.0.1:53", assertions: ASSERTION },
    saved: { url: "localhost", record_type: "AAAA", expected_value: "::1", dns_resolver: "127.0.0.1:53", assertions: ASSERTED },
    edit: ["record_type", "A", "A"],
  },
  heartbeat: {
    fields: { grace_seconds: "120", schedule: "30 2 * * *", timezone: "Europe/Berlin" },
    saved: { grace_seconds: 120, schedule: "30 2 * * *", timezone: "Europe/Berlin" },
    edit: ["grace_seconds", "300", 300],
  },
  docker: {
    target: "jellyfin",
    fields: { docker_host: "tcp://127.0.0.1:2375", docker_tls_ca: pem.cert, docker_tls_cert: pem.cert, docker_tls_key: pem.key },
    saved: { url: "jellyfin", docker_host: "tcp://127.0.0.1:2375", docker_tls_ca: pem.cert.trim(), docker_tls_cert: pem.cert.trim(), docker_tls_key: MASKED },
    edit: ["docker_host", "tcp://127.0.0.1:2376", "tcp://127.0.0.1:2376"],
  },
  websocket: {
    target: "ws://127.0.0.1:9/socket", fields: { message: "hello", ignore_tls_errors: true, assertions: ASSERTION },
    saved: { url: "ws://127.0.0.1:9/socket", message: "hello", ignore_tls_errors: true, assertions: ASSERTED },
    edit: ["message", "ping", "ping"],
  },
  udp: {
    target: "127.0.0.1:161", fields: { payload: "status", payload_hex: "", expect_reply: false, assertions: ASSERTION },
    saved: { url: "127.0.0.1:161", payload: "status", payload_hex: null, expect_reply: false, assertions: ASSERTED },
    edit: ["payload", "stats", "stats"],
  },
  minecraft: { target: "127.0.0.1:25565", fields: {}, saved: { url: "127.0.0.1:25565" }, edit: ["timeout_seconds", "7", 7] },
  a2s: { target: "127.0.0.1:27015", fields: {}, saved: { url: "127.0.0.1:27015" }, edit: ["timeout_seconds", "8", 8] },
  postgres: database(5432, "SELECT 1 AS ok"),
  mysql: database(3306, "SELECT 2 AS ok"),
  redis: {
    target: "127.0.0.1:6379", fields: { username: "default", password: "s3cret-pw", command: "INFO", tls_mode: "require", assertions: ASSERTION },
    saved: { url: "127.0.0.1:6379", username: "default", password: MASKED, command: "INFO", tls_mode: "require", assertions: ASSERTED },
    edit: ["command", "DBSIZE", "DBSIZE"],
  },
  smtp: {
    target: "127.0.0.1:587", fields: { tls_mode: "implicit", ignore_tls_errors: true, username: "mailer", password: "s3cret-pw", assertions: ASSERTION },
    saved: { url: "127.0.0.1:587", tls_mode: "implicit", ignore_tls_errors: true, username: "mailer", password: MASKED, assertions: ASSERTED },
    edit: ["username", "postmaster", "postmaster"],
  },
  group: { fields: { children: "group child", down_when: "all" }, saved: { down_when: "all" }, edit: ["down_when", "any", "any"] },
};

let childId: string;

beforeAll(async () => {
  key = await server.adminKey();
  childId = (await api("POST", "monitors", { name: "group child", kind: "http", url: "http://127.0.0.1:9/", is_paused: true })).id;
  ({ browser, page, cspViolations } = await openTab({ home: server.base, user: ADMIN }));
}, 60_000);

afterAll(() => browser?.close());

const api = async (method: string, path: string, body?: unknown) => json(await server.call(method, `/api/v1/${path}`, { auth: key, body }));
const named = async (name: string) => (await api("GET", `monitors?q=${encodeURIComponent(name)}`)).filter((m: any) => m.name === name);

/** Types a value into the control of a field, as its form input wants it. */
async function type(input: string, name: string, value: Typed): Promise<void> {
  const control = `#m-${name}`;
  if (input === "checkbox") return page.setChecked(control, value as boolean);
  if (input === "select") return void (await page.selectOption(control, value as string));
  if (input === "monitors") return pickMonitor(page, control, value as string);
  await page.fill(control, value as string);
}

const inputOf = (kind: string, field: string) =>
  probeKinds().find((k) => k.name === kind)!.settings[field]?.form?.input ?? (field === "retries" || field === "timeout_seconds" ? "number" : "text");

async function waitForDetail(name: string): Promise<void> {
  await page.locator("#detail h1", { hasText: name }).waitFor();
}

/** The form is filled once the monitor is read. */
const formShows = (name: string) => page.waitForFunction((n) => (document.querySelector("#m-name") as HTMLInputElement | null)?.value === n, name);

for (const kind of probeKinds()) {
  test(`${kind.name}: created with its own fields, edited, cloned and deleted in the UI`, async () => {
    const c = CASES[kind.name];
    if (!c) throw new Error(`no browser case for the kind "${kind.name}": add one to CASES`);
    const formFields = Object.entries(kind.settings).filter(([, s]) => s.form).map(([name]) => name);
    expect(Object.keys(c.fields).sort()).toEqual(formFields.sort());
    const name = `every ${kind.name}`;

    await page.goto(`${server.base}/#/new`);
    await page.locator("#common-fields #m-name").waitFor();
    await page.selectOption("#m-kind", kind.name);
    await page.fill("#m-name", name);
    await page.fill("#m-interval_seconds", "3600");
    if (c.target) await page.fill("#m-url", c.target);
    for (const [field, value] of Object.entries(c.fields)) await type(inputOf(kind.name, field), field, value);
    await page.click("#monitor-form button[type=submit]");
    await waitForDetail(name);
    const [saved] = await named(name);
    expect(saved).toMatchObject({ kind: kind.name, interval_seconds: 3600, ...c.saved });
    if (kind.name === "group") expect(saved.children).toEqual([childId]);

    const [field, typed, stored] = c.edit;
    await page.click("#detail a:text-is('Edit')");
    await formShows(name);
    await type(inputOf(kind.name, field), field, typed);
    await page.click("#monitor-form button[type=submit]");
    await waitForDetail(name);
    const edited = await api("GET", `monitors/${saved.id}`);
    expect(edited[field]).toEqual(stored);

    await page.click("#detail a:text-is('Clone')");
    await formShows(`${name} (copy)`);
    // a secret is not copied: it is typed again
    for (const [field, setting] of Object.entries(kind.settings)) {
      if (setting.secret) await type(inputOf(kind.name, field), field, c.fields[field]!);
    }
    await page.click("#monitor-form button[type=submit]");
    await waitForDetail(`${name} (copy)`);
    const [copy] = await named(`${name} (copy)`);
    expect(copy.id).not.toBe(saved.id);
    // the same settings (a pinged kind's url is its own ping URL)
    const compared = [...Object.keys(kind.settings), "kind", "interval_seconds", "timeout_seconds", "retries", ...(isPinged(kind.name) ? [] : ["url"])];
    const settingsOf = (m: Record<string, unknown>) => Object.fromEntries(compared.map((k) => [k, m[k]]));
    expect(settingsOf(copy)).toEqual(settingsOf(edited));

    for (const gone of [copy, saved]) {
      await page.goto(`${server.base}/#/monitor/${gone.id}`);
      await waitForDetail(gone.name);
      await page.click("#detail button[data-action=delete]");
      await page.locator("#view-monitors").waitFor();
      expect(await named(gone.name)).toEqual([]);
    }
  }, STEP_MS);
}

test("no Content-Security-Policy violation happened in any of the steps", () => {
  expect(cspViolations).toEqual([]);
});
