// POST /api/v1/import on a running server: the upload imports as the CLI does, and what it brings works at once.
import { beforeAll, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { useServer } from "../support/server.ts";
import { createUser, expectError, json } from "../support/users.ts";
import { gatusConfig, HC_CRON, HC_SIMPLE, healthchecksExport, KUMA_FIXTURE, KUMA_PUSH_TOKEN, readOnlyExport } from "./sources.ts";

const server = useServer({ UPBEAT_ALLOW_PRIVATE_TARGETS: "true" });
let key: string;
beforeAll(async () => {
  key = await server.adminKey();
});

interface Report { source: string; dry_run: boolean; counts: Record<string, number>; items: { what: string; name: string; outcome: string; detail: string | null }[] }

function upload(file: Blob | string, fields: Record<string, string> = {}, auth = key) {
  const form = new FormData();
  form.set("file", typeof file === "string" ? new Blob([file]) : file, "upload");
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  return fetch(`${server.base}/api/v1/import`, { method: "POST", headers: { Authorization: `Bearer ${auth}` }, body: form });
}

const monitorNamed = async (name: string) => {
  const list = await json<{ id: string; name: string; status: string }[]>(await server.call("GET", "/api/v1/monitors?limit=100", { auth: key }));
  return list.find((m) => m.name === name)!;
};

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > end) return value;
    await Bun.sleep(100);
  }
}

test("a Kuma database uploaded (source recognized) imports once; its push URL answers and its monitors are checked", async () => {
  const kuma = new Blob([readFileSync(KUMA_FIXTURE)]);
  const first = await upload(kuma);
  expect(first.status).toBe(200);
  const report = await json<Report>(first);
  expect(report.source).toStartWith("uptime-kuma:");
  expect(report.counts).toEqual({ imported: 14, approximate: 7, existing: 0, skipped: 3 });
  expect(report.items.filter((i) => i.outcome === "skipped").map((i) => i.what)).toEqual(["tag", "tag", "status page incident"]);

  const again = await json<Report>(await upload(kuma, { source: "uptime-kuma" }));
  expect(again.counts).toEqual({ imported: 0, approximate: 0, existing: 21, skipped: 3 });

  const pushed = await fetch(`${server.base}/api/push/${KUMA_PUSH_TOKEN}?status=up&msg=OK&ping=12`);
  expect(await pushed.json()).toEqual({ ok: true });
  expect((await monitorNamed("Nightly backup (push)")).status).toBe("up");

  // nothing listens on the fixture's port 15432: the imported tcp monitor is checked at once and found down
  const postgres = await monitorNamed("Postgres port (retries)");
  const checks = await until(
    async () => json<{ is_up: boolean }[]>(await server.call("GET", `/api/v1/monitors/${postgres.id}/checks`, { auth: key })),
    (list) => list.length > 0,
  );
  expect(checks[0]!.is_up).toBe(false);
  const page = await fetch(`${server.base}/status/homelab`);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain("Homelab Status");
  // Kuma's page sections become its groups, in order (the "Homelab Core" group monitor became a project)
  const [imported] = await json<{ groups: { name: string; monitor_ids: string[] }[] }[]>(await server.call("GET", "/api/v1/status-pages", { auth: key }));
  const ids = async (...names: string[]) => Promise.all(names.map(async (name) => (await monitorNamed(name)).id));
  expect(imported!.groups).toEqual([
    { name: "Core services", monitor_ids: await ids("Web dashboard", "Landing page keyword", "API health (JSON query)") },
    { name: "Infrastructure", monitor_ids: await ids("Local TCP 18080", "Postgres port (retries)", "Nightly backup (push)", "example.com certificate expiry") },
  ]);
});

test("a Healthchecks export keeps each check's UUID: /ping/<uuid>, /start, /fail; and /ping/<ping_key>/<slug> with the ping key", async () => {
  const report = await json<Report>(await upload(JSON.stringify(healthchecksExport), { ping_key: "fqOOd6-F4MMNuCEnzTU01w" }));
  expect(report.counts).toEqual({ imported: 1, approximate: 2, existing: 0, skipped: 0 });
  for (const path of [`/ping/${HC_SIMPLE}/start`, `/ping/${HC_SIMPLE}`]) expect((await fetch(server.base + path)).status).toBe(200);
  expect((await monitorNamed("Filesystem Backup")).status).toBe("up");
  expect((await fetch(`${server.base}/ping/${HC_SIMPLE}/fail`)).status).toBe(200);
  expect((await monitorNamed("Filesystem Backup")).status).toBe("down");
  expect((await fetch(`${server.base}/ping/fqOOd6-F4MMNuCEnzTU01w/database-backup`)).status).toBe(200);
  const cron = await monitorNamed("Database Backup");
  const detail = await json<Record<string, unknown>>(await server.call("GET", `/api/v1/monitors/${cron.id}`, { auth: key }));
  expect(detail).toMatchObject({ schedule: "15 5 * * *", timezone: "Europe/Riga", grace_seconds: 1200, status: "up", ping_token: HC_CRON });
  expect((await monitorNamed("Old report")).status).toBe("pending");
  // an unknown slug, and a bad action on a known token, still get the usual answers
  await expectError(await fetch(`${server.base}/ping/fqOOd6-F4MMNuCEnzTU01w/nothing-here`), 400, "validation_error");
});

test("a read-only key's export is imported with each check skipped, saying why", async () => {
  const report = await json<Report>(await upload(JSON.stringify(readOnlyExport), { dry_run: "true" }));
  expect(report.dry_run).toBe(true);
  expect(report.items).toEqual([{ what: "check", name: "Filesystem Backup", outcome: "skipped", detail: expect.stringContaining("read-only API key") }]);
});

test("a Gatus config imports endpoints of several shapes, and lists the conditions it cannot take", async () => {
  const report = await json<Report>(await upload(gatusConfig(9), { source: "gatus", dry_run: "true" }));
  const outcome = (name: string) => report.items.find((i) => i.name === name)?.outcome;
  expect(outcome("database")).toBe("imported");
  expect(outcome("dns-example")).toBe("imported");
  expect(outcome("website")).toBe("approximate");
  expect(outcome("api-status (certificate)")).toBe("approximate");
  expect(outcome("api-status: [BODY].version == len(3)")).toBe("skipped");
  expect(outcome("ssh-box")).toBe("skipped");
  expect((await monitorNamed("website"))).toBeUndefined();
});

test("only owners and admins import; bad uploads get the error body", async () => {
  const admin = await json<{ organizations: { id: string }[] }>(await server.call("GET", "/api/v1/users/me", { auth: key }));
  const member = await createUser(server, key, { organization_id: admin.organizations[0]!.id, role: "member" });
  await expectError(await upload(JSON.stringify(healthchecksExport), {}, member.key), 403, "forbidden");
  const unknown = await expectError(await upload("just some text"), 400, "validation_error");
  expect(unknown.details![0]!.field).toBe("file");
  const broken = await expectError(await upload("{not json", { source: "healthchecks" }), 400, "validation_error");
  expect(broken.details![0]!.message).toStartWith("the file is not a JSON file");
  await expectError(await server.call("POST", "/api/v1/import", { auth: key, body: { file: "x" } }), 400, "invalid_content_type");
});

test("the import route is in the OpenAPI document", async () => {
  const doc = await json<{ paths: Record<string, { post?: { requestBody?: { content: Record<string, unknown> } } }> }>(await fetch(`${server.base}/api/docs/json`));
  expect(Object.keys(doc.paths["/api/v1/import"]!.post!.requestBody!.content)).toEqual(["multipart/form-data"]);
});
