// What every browser test checks besides its steps: no Content-Security-Policy refusal, no serious or critical
// axe-core finding, and screenshots in light and dark mode for a reviewer under test-results/.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";

const SCREENSHOTS = join(import.meta.dir, "../../test-results");
const AXE_SOURCE = await Bun.file(join(import.meta.dir, "../../node_modules/axe-core/axe.min.js")).text();

/** Collects every CSP refusal in any tab of the context; the returned list is filled as they happen. */
export async function watchCsp(context: BrowserContext): Promise<string[]> {
  const violations: string[] = [];
  await context.exposeBinding("reportCspViolation", (_source, text: string) => violations.push(text));
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      (window as any).reportCspViolation(`${event.violatedDirective} blocked ${event.blockedURI || "inline"} in ${event.sourceFile}:${event.lineNumber}`);
    });
  });
  context.on("console", (message) => {
    if (message.text().includes("Content Security Policy")) violations.push(message.text());
  });
  return violations;
}

interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/**
 * axe-core's serious and critical findings on the page as it is now. The page's CSP refuses injected script
 * tags, so axe is evaluated through the DevTools protocol, which the policy does not govern.
 */
export async function seriousAxeFindings(page: Page): Promise<AxeFinding[]> {
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const result = await (window as any).axe.run(document, { resultTypes: ["violations"] });
    return result.violations
      .filter((v: any) => v.impact === "serious" || v.impact === "critical")
      .map((v: any) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n: any) => n.target.join(" ")) }));
  });
}

/** Screenshots as `name-light.png` and `name-dark.png`, with axe run in both schemes; returns the findings. */
export async function checkPage(page: Page, name: string): Promise<AxeFinding[]> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const findings: AxeFinding[] = [];
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    await page.screenshot({ path: join(SCREENSHOTS, `${name}-${colorScheme}.png`), fullPage: true });
    findings.push(...(await seriousAxeFindings(page)).map((f) => ({ ...f, help: `${colorScheme}: ${f.help}` })));
  }
  await page.emulateMedia({ colorScheme: null });
  return findings;
}
