// `upbeat apply --url --api-key`: the same diff through a running server's REST API, as CI runs it.
import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cleanEnv, FROM_SOURCE } from "../e2e/binary.ts";
import { json } from "../support/http.ts";
import { useServer } from "../support/server.ts";
import { FULL_CONFIG, GROUPS_SWAPPED, SECRETS } from "./fixture.ts";

const server = useServer();
let apiKey: string | undefined;
const folder = mkdtempSync(join(tmpdir(), "upbeat-apply-url-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** The CLI in its own process (the server answers from this one, so nothing here may block). */
async function applyByUrl(text: string, extra: string[] = []) {
  const file = join(folder, "upbeat.yaml");
  writeFileSync(file, text);
  apiKey ??= await server.adminKey();
  const key = apiKey;
  const child = Bun.spawn([...FROM_SOURCE, "apply", "-f", file, "--url", server.base, "--api-key", key, ...extra], {
    env: cleanEnv({ ...SECRETS, UPBEAT_DATA_DIR: join(folder, "unused") }), stdout: "pipe", stderr: "pipe",
  });
  const [stdout, stderr, exitCode] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
  return { stdout, stderr, exitCode, key };
}

const statusPages = async (key: string) =>
  json<{ slug: string; custom_domain: string | null; groups: { name: string; monitor_ids: string[] }[] }[]>(await server.call("GET", "/api/v1/status-pages", { auth: key }));
const monitorNames = async (key: string) => (await json<{ name: string }[]>(await server.call("GET", "/api/v1/monitors", { auth: key }))).map((m) => m.name).sort();

test("--dry-run through the API shows the plan and creates nothing", async () => {
  const result = await applyByUrl(FULL_CONFIG, ["--dry-run"]);
  expect(result.stderr).toBe("");
  expect(result.stdout).toContain("8 to create, 1 to change, 0 to delete");
  expect(await monitorNames(result.key)).toEqual([]);
});

test("apply through the API creates the file's configuration, and a second run changes nothing", async () => {
  const first = await applyByUrl(FULL_CONFIG);
  expect(first.stderr).toBe("");
  expect(first.exitCode).toBe(0);
  expect(await monitorNames(first.key)).toEqual(["api", "nightly backup", "site"]);
  const pages = await statusPages(first.key);
  expect(pages.map((p) => [p.slug, p.custom_domain, p.groups.map((g) => [g.name, g.monitor_ids.length])]).sort()).toEqual([
    ["homelab", null, [["", 2]]], ["ops", "status.example.com", [["Web", 1], ["Backend", 2]]],
  ]);
  const second = await applyByUrl(FULL_CONFIG);
  expect(second.stdout.trim()).toBe("no changes");
});

test("a change through the API is shown and applied", async () => {
  const result = await applyByUrl(FULL_CONFIG.replace("interval_seconds: 30", "interval_seconds: 300"));
  expect(result.stdout).toContain('~ change monitor "Default/api": interval_seconds: 30 → 300');
  const monitors = await json<{ name: string; interval_seconds: number }[]>(await server.call("GET", "/api/v1/monitors", { auth: result.key }));
  expect(monitors.find((m) => m.name === "api")?.interval_seconds).toBe(300);
});

test("groups in another order through the API are shown and applied", async () => {
  const result = await applyByUrl(GROUPS_SWAPPED);
  expect(result.stdout).toContain('~ change status page "ops": groups: ["Web","Backend"] → ["Backend","Web"]\n');
  const ops = (await statusPages(result.key)).find((p) => p.slug === "ops");
  expect(ops?.groups.map((g) => g.name)).toEqual(["Backend", "Web"]);
  expect((await applyByUrl(GROUPS_SWAPPED)).stdout.trim()).toBe("no changes");
});
