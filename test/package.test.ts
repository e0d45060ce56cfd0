// npm 11 lists every dependency whose install script is not reviewed; ours are declared in allowScripts.
import { expect, test } from "bun:test";
import lock from "../package-lock.json" with { type: "json" };
import pkg from "../package.json" with { type: "json" };

test("every locked package with an install script is named in package.json's allowScripts", () => {
  const withScripts = Object.entries(lock.packages as Record<string, { hasInstallScript?: boolean }>)
    .filter(([, entry]) => entry.hasInstallScript)
    .map(([path]) => path.slice(path.lastIndexOf("node_modules/") + "node_modules/".length));
  expect(withScripts.length).toBeGreaterThan(0);
  const allowed = (pkg as { allowScripts?: Record<string, boolean> }).allowScripts ?? {};
  for (const name of new Set(withScripts)) expect(`${name}: ${allowed[name]}`).toBe(`${name}: true`);
});
