// The main flow the compiled binary is driven through, the same on either store: what one server run
// makes over HTTP and the CLI, and what must still be there after a restart.
import { expect } from "bun:test";
import { json, type Call } from "../support/http.ts";
import { ADMIN } from "../support/server.ts";
import { runCommand } from "./binary.ts";

export interface Made {
  key: string;
  projectId: string;
  keptMonitorId: string;
  deletedMonitorId: string;
}

/** login → API key → project → two monitors → list → delete one; `base` is the server's own address (a target that answers). */
export async function driveMainFlow(api: Call, base: string): Promise<Made> {
  const login = await api("POST", "/api/v1/auth/login", { body: ADMIN });
  expect(login.status).toBe(200);
  const cookie = login.headers.get("set-cookie")!.split(";")[0]!;

  const keyResponse = await api("POST", "/api/v1/api-keys", { auth: `cookie:${cookie}`, body: { name: "e2e", scope: "write" } });
  expect(keyResponse.status).toBe(201);
  const key = (await json<{ key: string }>(keyResponse)).key;
  expect(key).toMatch(/^pm_[0-9A-Za-z]{32,}$/);

  const project = await api("POST", "/api/v1/projects", { auth: key, body: { name: "Homelab" } });
  expect(project.status).toBe(201);
  const projectId = (await json<{ id: string }>(project)).id;

  const monitorIds: string[] = [];
  for (const name of ["kept", "deleted"]) {
    const created = await api("POST", "/api/v1/monitors", {
      auth: key,
      body: { name, kind: "http", url: `${base}/healthz`, project_id: projectId, interval_seconds: 60 },
    });
    expect(created.status).toBe(201);
    const monitor = await json<{ id: string; name: string; project_id: string; status: string }>(created);
    expect(monitor).toMatchObject({ name, project_id: projectId });
    monitorIds.push(monitor.id);
  }
  const [keptMonitorId, deletedMonitorId] = monitorIds as [string, string];

  const list = await api("GET", `/api/v1/monitors?project_id=${projectId}`, { auth: key });
  expect(list.status).toBe(200);
  expect(list.headers.get("x-total-count")).toBe("2");
  expect((await json<{ name: string }[]>(list)).map((m) => m.name).sort()).toEqual(["deleted", "kept"]);

  expect((await api("DELETE", `/api/v1/monitors/${deletedMonitorId}`, { auth: key })).status).toBe(204);
  expect((await api("GET", `/api/v1/monitors/${deletedMonitorId}`, { auth: key })).status).toBe(404);
  return { key, projectId, keptMonitorId, deletedMonitorId };
}

/** `upbeat user add` and `upbeat key create` beside the running server; the read key works against it. Returns the key. */
export async function addUserWithKey(binary: string, env: Record<string, string>, api: Call): Promise<string> {
  const added = runCommand(binary, ["user", "add", "--email", "ops@example.com", "--password", "a-long-password", "--plan", "pro"], env);
  expect(added.stderr).toBe("");
  expect(added.exitCode).toBe(0);
  expect(added.stdout).toContain("ops@example.com");

  const created = runCommand(binary, ["key", "create", "--email", "ops@example.com", "--scope", "read"], env);
  expect(created.exitCode).toBe(0);
  const key = created.stdout.trim();
  expect(key).toMatch(/^pm_[0-9A-Za-z]{32,}$/);

  const me = await api("GET", "/api/v1/users/me", { auth: key });
  expect(me.status).toBe(200);
  expect(await me.json()).toMatchObject({ email: "ops@example.com", plan: "pro" });
  const write = await api("POST", "/api/v1/projects", { auth: key, body: { name: "nope" } });
  expect(write.status).toBe(403);
  return key;
}

/** After a restart: the project and the kept monitor are there, the deleted one is not, the key still works. */
export async function expectMadeIntact(api: Call, made: Made): Promise<void> {
  const project = await api("GET", `/api/v1/projects/${made.projectId}`, { auth: made.key });
  expect(project.status).toBe(200);
  expect(await project.json()).toMatchObject({ id: made.projectId, name: "Homelab" });
  expect((await api("GET", `/api/v1/monitors/${made.keptMonitorId}`, { auth: made.key })).status).toBe(200);
  expect((await api("GET", `/api/v1/monitors/${made.deletedMonitorId}`, { auth: made.key })).status).toBe(404);
}
