// Dashboard with 10,000 monitors in chromium: time to first rows painted and to every monitor loaded.
// Run: npx bun bench/dashboard.ts [monitors=10000] [runs=5]   (needs /usr/bin/chromium)
import { closeDatabase, openDatabase } from "../src/db/open.ts";
import { createStore } from "../src/store/index.ts";
import { ADMIN, loginCookie, startServer } from "../test/support/server.ts";
import { launchBrowser } from "../test/ui/browser.ts";

const MONITORS = Number(process.argv[2] ?? 10_000);
const RUNS = Number(process.argv[3] ?? 5);
const STATUSES = ["up", "up", "up", "up", "up", "up", "up", "up", "down", "pending"] as const;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Straight through the store on a second handle: the running scheduler never learns of these rows. */
function seed(dbPath: string, count: number) {
  const db = openDatabase(dbPath);
  const store = createStore(db);
  const admin = store.users.byEmail(ADMIN.email)!;
  const organizationId = store.organizations.listForUser(admin.id)[0]!.organization.id;
  const projectId = store.projects.defaultOf(organizationId)!.id;
  const now = Date.now();
  store.transaction(() => {
    for (let i = 0; i < count; i++) {
      const status = STATUSES[i % STATUSES.length]!;
      store.monitors.insert({
        projectId, name: `service ${i} on host-${i % 250}.lan`, kind: "http", url: `http://host-${i % 250}.lan:8080/health/${i}`,
        status, statusReason: status === "down" ? "connection refused" : null, intervalSeconds: 86_400, timeoutSeconds: 10,
        lastCheckedAt: status === "pending" ? null : now - (i % 600) * 1000, nextDueAt: null,
        settings: { method: "GET", expected_status: "200-399", follow_redirects: true },
      }, now);
    }
  });
  closeDatabase(db);
}

/** Records, in the page's own clock, when the first rows and when every monitor reached the screen. */
const PAGE_PROBE = `
  window.__marks = {};
  const paintedAt = (name) => requestAnimationFrame(() => setTimeout(() => (window.__marks[name] ??= performance.now())));
  document.addEventListener("DOMContentLoaded", () => {
    const rows = document.getElementById("monitor-rows");
    const summary = document.getElementById("monitor-summary");
    new MutationObserver(() => { if (rows.querySelector("a")) paintedAt("firstRows"); }).observe(rows, { childList: true });
    new MutationObserver(() => { if (summary.textContent.startsWith(${JSON.stringify(String(MONITORS))} + " ")) paintedAt("allLoaded"); })
      .observe(summary, { childList: true, subtree: true, characterData: true });
  });
`;

const server = await startServer();
const browser = await launchBrowser();
try {
  const seedStart = performance.now();
  seed(server.config.dbPath, MONITORS);
  console.log(`seeded ${MONITORS} monitors in ${Math.round(performance.now() - seedStart)} ms`);

  const cookie = (await loginCookie(server, ADMIN.email, ADMIN.password)).slice("cookie:".length);
  const [name, value] = cookie.split("=") as [string, string];
  await browser.context.addCookies([{ name, value, url: server.base }]);
  await browser.context.addInitScript(PAGE_PROBE);
  const page = await browser.context.newPage();

  const firstResponse: number[] = [];
  const firstRows: number[] = [];
  const allLoaded: number[] = [];
  const searches: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    await page.goto(server.base + "/");
    await page.waitForFunction(() => (window as any).__marks.allLoaded !== undefined, undefined, { timeout: 60_000 });
    const marks = await page.evaluate(() => (window as any).__marks as { firstRows: number; allLoaded: number });
    firstResponse.push(await page.evaluate(() =>
      (performance.getEntriesByType("resource") as PerformanceResourceTiming[]).find((e) => e.name.includes("monitors?limit="))!.responseEnd));
    firstRows.push(marks.firstRows);
    allLoaded.push(marks.allLoaded);
    // filtering all monitors and repainting, as a keystroke in the search box does
    searches.push(await page.evaluate(() => new Promise<number>((resolve) => {
      const input = document.getElementById("filter-search") as HTMLInputElement;
      const start = performance.now();
      input.value = "host-17.lan";
      input.dispatchEvent(new Event("input", { bubbles: true }));
      requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - start)));
    })));
    const rendered = await page.locator("#monitor-rows tr").count();
    if (run === 0) console.log(`rows in the DOM after search: ${rendered}; summary: ${await page.textContent("#monitor-summary")}`);
  }
  const fmt = (values: number[]) => `median ${Math.round(median(values))} ms (runs: ${values.map(Math.round).join(", ")})`;
  console.log(`monitors: ${MONITORS}, runs: ${RUNS}, chromium headless, 1280x900`);
  console.log(`first page of monitors received:            ${fmt(firstResponse)}`);
  console.log(`first rows painted (from navigation start): ${fmt(firstRows)}`);
  console.log(`all ${MONITORS} loaded and counted:          ${fmt(allLoaded)}`);
  console.log(`search keystroke to repaint:               ${fmt(searches)}`);
} finally {
  await browser.close();
  await server.close();
}
