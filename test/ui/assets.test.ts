import { expect, test } from "bun:test";
import { Glob } from "bun";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { assets } from "../../src/ui/assets.ts";
import { VENDOR_FILES } from "../../src/ui/vendor.ts";
import { withServer } from "../support/server.ts";

test("every file in public/ and every vendored library file is embedded (run scripts/list-assets.ts after adding one)", () => {
  const root = join(import.meta.dir, "../../public");
  const files = [...new Glob("**/*").scanSync({ cwd: root, onlyFiles: true })].map((f) => "/" + f);
  expect(Object.keys(assets).sort()).toEqual([...files, ...Object.keys(VENDOR_FILES)].sort());
});

test("the vendored uPlot script and stylesheet are served with their types", async () => {
  await withServer({}, async (server) => {
    const script = await server.call("GET", "/vendor/uplot.js");
    expect([script.status, script.headers.get("content-type")]).toEqual([200, "text/javascript;charset=utf-8"]);
    expect(await script.text()).toContain("uPlot");
    const css = await server.call("GET", "/vendor/uplot.css");
    expect([css.status, css.headers.get("content-type")]).toEqual([200, "text/css;charset=utf-8"]);
  });
});

test("assets are revalidated with an ETag and answer 304 when unchanged", async () => {
  await withServer({}, async (server) => {
    const first = await server.call("GET", "/");
    expect(first.status).toBe(200);
    expect(first.headers.get("cache-control")).toBe("no-cache");
    const etag = first.headers.get("etag")!;
    expect(etag).toBeTruthy();
    const again = await server.call("GET", "/", { headers: { "If-None-Match": etag } });
    expect(again.status).toBe(304);
    const missing = await server.call("GET", "/no-such-file.js");
    expect(missing.status).toBe(404);
  });
});

test("the UI stays under 150 KB gzipped (README states its size)", () => {
  const gzipped = Object.values(assets).reduce((sum, file) => sum + Bun.gzipSync(readFileSync(file), { level: 9 }).length, 0);
  expect(gzipped).toBeLessThan(150 * 1024);
});
