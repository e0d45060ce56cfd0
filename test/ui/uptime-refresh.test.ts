// The dashboard's live 24h uptime: rows with a new result are fetched again in batches. When that fetch fails
// (the server failing, a proxy in between answering 503) the user is told once, not at every batch, and told again
// when it works.
import { afterAll, beforeAll, expect, test } from "bun:test";
import type { Page, Route } from "playwright-core";
import { json } from "../support/http.ts";
import { ADMIN, useServer } from "../support/server.ts";
import { openTab, type Browser } from "./browser.ts";

const server = useServer();
let browser: Browser;
let page: Page;
let pingUrl: string;

/** the batch refetch (the first load's strips use the same request: the route goes in after them) */
const RECENT_REFETCH = /\/api\/v1\/monitors\?ids=.*include=recent/;

beforeAll(async () => {
  const key = await server.adminKey();
  const beat = await json(await server.call("POST", "/api/v1/monitors", { auth: key, body: { name: "nightly backup", kind: "heartbeat", interval_seconds: 3600 } }));
  pingUrl = `${server.base}/ping/${beat.ping_token}`;
  ({ browser, page } = await openTab({ home: server.base, user: ADMIN }));
}, 60_000);

afterAll(() => browser?.close());

/** Counts every message put in the notice (the same text twice counts twice). */
async function countNotices(): Promise<() => Promise<number>> {
  await page.evaluate(() => {
    const w = window as unknown as { notices: number };
    w.notices = 0;
    new MutationObserver(() => w.notices++).observe(document.querySelector("#notice")!, { childList: true });
  });
  return () => page.evaluate(() => (window as unknown as { notices: number }).notices);
}

test("a failing uptime refetch is said once while it fails, and once more when it works again", async () => {
  const row = page.locator("#monitor-rows tr[data-id]", { hasText: "nightly backup" });
  await row.waitFor();
  await row.locator(".strip").waitFor();
  let refused = 0;
  const refuse = (route: Route) => {
    refused++;
    return route.fulfill({ status: 503, contentType: "application/json", body: JSON.stringify({ error: { status: 503, code: "unavailable", message: "database unavailable" } }) });
  };
  await page.route(RECENT_REFETCH, refuse);
  const notices = await countNotices();

  // each ping is a live result: its row is fetched again a few seconds later, and refused
  for (let batch = 1; batch <= 3; batch++) {
    expect((await fetch(pingUrl, { method: "POST" })).status).toBe(200);
    for (const until = Date.now() + 30_000; refused < batch; await Bun.sleep(100)) {
      if (Date.now() > until) throw new Error(`refetch ${batch} never came`);
    }
  }
  await page.locator("#notice", { hasText: "database unavailable" }).waitFor();
  expect(await notices()).toBe(1);
  expect(await page.textContent("#notice")).toStartWith("24h uptime not refreshed: database unavailable");

  await page.unroute(RECENT_REFETCH, refuse);
  expect((await fetch(pingUrl, { method: "POST" })).status).toBe(200);
  await page.locator("#notice.ok", { hasText: "24h uptime refreshed again" }).waitFor({ timeout: 30_000 });
  expect(await notices()).toBe(2);
}, 120_000);
