import { expect, test } from "bun:test";
import { Glob } from "bun";
import { join } from "node:path";
import { assets } from "../../src/ui/assets.ts";

test("every file in public/ is embedded (run scripts/list-assets.ts after adding one)", () => {
  const root = join(import.meta.dir, "../../public");
  const files = [...new Glob("**/*").scanSync({ cwd: root, onlyFiles: true })].map((f) => "/" + f).sort();
  expect(Object.keys(assets).sort()).toEqual(files);
});
