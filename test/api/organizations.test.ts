import { beforeAll, describe, expect, test } from "bun:test";
import { expectError, json } from "../support/http.ts";
import { useServer } from "../support/server.ts";
import { createUser, type TestUser } from "../support/users.ts";

const server = useServer();
let adminKey: string;
let orgId: string;
let outsider: TestUser;

beforeAll(async () => {
  adminKey = await server.adminKey();
  orgId = (await json<any[]>(await server.call("GET", "/api/v1/organizations", { auth: adminKey })))[0].id;
  outsider = await createUser(server, adminKey);
});

describe("projects", () => {
  test("the first admin has an organization with a default project", async () => {
    const projects = await json<any[]>(await server.call("GET", "/api/v1/projects", { auth: adminKey }));
    const defaults = projects.filter((p) => p.is_default);
    expect(defaults.length).toBe(1);
    expect(Object.keys(defaults[0]).sort()).toEqual(["channel_ids", "created_at", "id", "is_default", "name", "organization_id", "updated_at"]);
    expect(defaults[0].organization_id).toBe(orgId);
  });

  test("create, get, rename, delete", async () => {
    const created = await server.call("POST", "/api/v1/projects", { auth: adminKey, body: { name: "Homelab" } });
    expect(created.status).toBe(201);
    const project = await json(created);
    expect(project).toMatchObject({ name: "Homelab", organization_id: orgId, is_default: false });
    const path = `/api/v1/projects/${project.id}`;
    expect(await json(await server.call("GET", path, { auth: adminKey }))).toEqual(project);
    expect((await json(await server.call("PATCH", path, { auth: adminKey, body: { name: "Lab" } }))).name).toBe("Lab");
    expect((await server.call("DELETE", path, { auth: adminKey })).status).toBe(204);
    await expectError(await server.call("GET", path, { auth: adminKey }), 404, "not_found");
  });

  test("a project with monitors, or the default one, is not deleted (409)", async () => {
    const project = await json(await server.call("POST", "/api/v1/projects", { auth: adminKey, body: { name: "Busy" } }));
    await server.call("POST", "/api/v1/monitors", { auth: adminKey, body: { name: "m", kind: "ping", url: "h", project_id: project.id } });
    await expectError(await server.call("DELETE", `/api/v1/projects/${project.id}`, { auth: adminKey }), 409, "conflict");
    const projects = await json<any[]>(await server.call("GET", "/api/v1/projects", { auth: adminKey }));
    const fallback = projects.find((p) => p.is_default);
    await expectError(await server.call("DELETE", `/api/v1/projects/${fallback.id}`, { auth: adminKey }), 409, "conflict");
  });

  test("validation and isolation", async () => {
    await expectError(await server.call("POST", "/api/v1/projects", { auth: adminKey, body: { name: "" } }), 400, "validation_error");
    await expectError(await server.call("POST", "/api/v1/projects", { auth: adminKey, body: { name: "x", organization_id: "nope" } }), 400);
    const theirs = (await json<any[]>(await server.call("GET", "/api/v1/projects", { auth: outsider.key })))[0];
    for (const method of ["GET", "PATCH", "DELETE"]) {
      await expectError(await server.call(method, `/api/v1/projects/${theirs.id}`, { auth: adminKey, body: method === "PATCH" ? { name: "x" } : undefined }), 404);
    }
    const theirOrg = theirs.organization_id;
    await expectError(await server.call("POST", "/api/v1/projects", { auth: adminKey, body: { name: "x", organization_id: theirOrg } }), 404);
    const mine = await json<any[]>(await server.call("GET", `/api/v1/projects?organization_id=${theirOrg}`, { auth: adminKey }));
    expect(mine).toEqual([]);
  });
});

describe("organizations and members", () => {
  test("list and get carry the caller's role; another organization is 404", async () => {
    const orgs = await json<any[]>(await server.call("GET", "/api/v1/organizations", { auth: adminKey }));
    expect(Object.keys(orgs[0]).sort()).toEqual(["alert_group_seconds", "created_at", "id", "name", "role", "timezone"]);
    expect(orgs[0].role).toBe("owner");
    expect((await json(await server.call("GET", `/api/v1/organizations/${orgId}`, { auth: adminKey }))).id).toBe(orgId);
    await expectError(await server.call("GET", `/api/v1/organizations/${orgId}`, { auth: outsider.key }), 404);
    await expectError(await server.call("GET", `/api/v1/organizations/${orgId}/members`, { auth: outsider.key }), 404);
  });

  test("a user created into the organization joins it with the given role and sees its monitors", async () => {
    const monitor = await json(await server.call("POST", "/api/v1/monitors", { auth: adminKey, body: { name: "shared", kind: "ping", url: "h" } }));
    const viewer = await createUser(server, adminKey, { organization_id: orgId, role: "viewer" });
    const members = await json<any[]>(await server.call("GET", `/api/v1/organizations/${orgId}/members`, { auth: viewer.key }));
    expect(members.find((m) => m.user_id === viewer.id)).toMatchObject({ email: viewer.email, role: "viewer" });
    expect(Object.keys(members[0]).sort()).toEqual(["email", "joined_at", "name", "role", "user_id"]);
    expect((await server.call("GET", `/api/v1/monitors/${monitor.id}`, { auth: viewer.key })).status).toBe(200);
    // viewers look but do not touch
    await expectError(await server.call("PATCH", `/api/v1/monitors/${monitor.id}`, { auth: viewer.key, body: { name: "x" } }), 403, "forbidden");
    await expectError(await server.call("POST", "/api/v1/monitors", { auth: viewer.key, body: { name: "x", kind: "ping", url: "h", project_id: monitor.project_id } }), 403);
    await expectError(await server.call("POST", `/api/v1/organizations/${orgId}/members`, { auth: viewer.key, body: { email: outsider.email } }), 403);
    // without naming a project the viewer is still told "not allowed", not "not found"
    const viewerOnly = await createUser(server, adminKey, { organization_id: orgId, role: "viewer" });
    await expectError(await server.call("POST", "/api/v1/monitors", { auth: viewerOnly.key, body: { name: "x", kind: "ping", url: "h" } }), 403, "forbidden");
    await expectError(await server.call("POST", "/api/v1/projects", { auth: viewerOnly.key, body: { name: "x" } }), 403, "forbidden");
  });

  test("the time zone alerts use: UTC until PATCHed, an IANA name or a 400 naming the field", async () => {
    const path = `/api/v1/organizations/${orgId}`;
    expect((await json(await server.call("GET", path, { auth: adminKey }))).timezone).toBe("UTC");
    const changed = await json(await server.call("PATCH", path, { auth: adminKey, body: { timezone: "Europe/Berlin" } }));
    expect(changed).toMatchObject({ id: orgId, timezone: "Europe/Berlin" });
    const refused = await expectError(await server.call("PATCH", path, { auth: adminKey, body: { timezone: "Mars/Olympus" } }), 400, "validation_error");
    expect(refused.details).toEqual([{ field: "timezone", message: "must be an IANA time zone such as Europe/Berlin" }]);
    expect((await json(await server.call("GET", path, { auth: adminKey }))).timezone).toBe("Europe/Berlin");
    expect((await json(await server.call("PATCH", path, { auth: adminKey, body: { timezone: "UTC" } }))).timezone).toBe("UTC");
  });

  test("owners add, promote and remove members; the last owner stays", async () => {
    const path = `/api/v1/organizations/${orgId}/members`;
    const added = await server.call("POST", path, { auth: adminKey, body: { email: outsider.email, role: "member" } });
    expect(added.status).toBe(201);
    expect(await json(added)).toMatchObject({ user_id: outsider.id, role: "member" });
    await expectError(await server.call("POST", path, { auth: adminKey, body: { email: outsider.email } }), 409);
    await expectError(await server.call("POST", path, { auth: adminKey, body: { email: "ghost@example.com" } }), 404);
    await expectError(await server.call("POST", path, { auth: adminKey, body: {} }), 400);
    expect((await json<any[]>(await server.call("GET", "/api/v1/organizations", { auth: outsider.key }))).length).toBe(2);

    expect((await json(await server.call("PATCH", `${path}/${outsider.id}`, { auth: adminKey, body: { role: "admin" } }))).role).toBe("admin");
    await expectError(await server.call("PATCH", `${path}/${outsider.id}`, { auth: adminKey, body: { role: "boss" } }), 400);
    const me = await json(await server.call("GET", "/api/v1/users/me", { auth: adminKey }));
    await expectError(await server.call("PATCH", `${path}/${me.id}`, { auth: adminKey, body: { role: "member" } }), 409);
    await expectError(await server.call("DELETE", `${path}/${me.id}`, { auth: adminKey }), 409);

    expect((await server.call("DELETE", `${path}/${outsider.id}`, { auth: adminKey })).status).toBe(204);
    expect((await json<any[]>(await server.call("GET", "/api/v1/organizations", { auth: outsider.key }))).length).toBe(1);
  });

  test("create and rename an organization", async () => {
    const created = await server.call("POST", "/api/v1/organizations", { auth: outsider.key, body: { name: "Side" } });
    expect(created.status).toBe(201);
    const org = await json(created);
    expect(org).toMatchObject({ name: "Side", role: "owner" });
    const renamed = await json(await server.call("PATCH", `/api/v1/organizations/${org.id}`, { auth: outsider.key, body: { name: "Side 2" } }));
    expect(renamed.name).toBe("Side 2");
    const projects = await json<any[]>(await server.call("GET", `/api/v1/organizations/${org.id}/projects`, { auth: outsider.key }));
    expect(projects.map((p) => p.is_default)).toEqual([true]);
  });
});

describe("users", () => {
  test("GET /users/me has the contract's fields", async () => {
    const me = await json(await server.call("GET", "/api/v1/users/me", { auth: adminKey }));
    expect(Object.keys(me).sort()).toEqual(["created_at", "email", "id", "is_admin", "name", "organizations", "plan"]);
  });

  test("admins list and create users; others get 403", async () => {
    const list = await server.call("GET", "/api/v1/users", { auth: adminKey });
    expect(list.status).toBe(200);
    expect(Number(list.headers.get("x-total-count"))).toBe((await json<any[]>(list)).length);
    const created = await server.call("POST", "/api/v1/users", { auth: adminKey, body: { email: "New@Example.com", password: "long-enough", name: "New", plan: "pro" } });
    expect(created.status).toBe(201);
    expect(await json(created)).toMatchObject({ email: "new@example.com", name: "New", plan: "pro", is_admin: false });
    await expectError(await server.call("POST", "/api/v1/users", { auth: adminKey, body: { email: "new@example.com", password: "long-enough" } }), 409, "conflict");
    const error = await expectError(await server.call("POST", "/api/v1/users", { auth: adminKey, body: { email: "x", password: "short", plan: "gold" } }), 400);
    expect(error.details!.map((d) => d.field).sort()).toEqual(["email", "password", "plan"]);
    await expectError(await server.call("POST", "/api/v1/users", { auth: adminKey, body: { email: "a@b.co", password: "long-enough", organization_id: "01930000-0000-7000-8000-000000000000" } }), 404);
    await expectError(await server.call("GET", "/api/v1/users", { auth: outsider.key }), 403, "forbidden");
    await expectError(await server.call("POST", "/api/v1/users", { auth: outsider.key, body: { email: "b@b.co", password: "long-enough" } }), 403);
  });

  test("an admin places users only in organizations it belongs to: another's and an unknown one are the same 404", async () => {
    const theirs = (await json<any[]>(await server.call("GET", "/api/v1/organizations", { auth: outsider.key })))[0].id;
    const into = (organization_id: string) =>
      server.call("POST", "/api/v1/users", { auth: adminKey, body: { email: `placed-${organization_id}@example.com`, password: "long-enough", organization_id, role: "owner" } });
    const unknown = await expectError(await into("01930000-0000-7000-8000-000000000000"), 404, "not_found");
    expect(await expectError(await into(theirs), 404, "not_found")).toEqual(unknown);
    const members = await json<any[]>(await server.call("GET", `/api/v1/organizations/${theirs}/members`, { auth: outsider.key }));
    expect(members.map((m) => m.user_id)).toEqual([outsider.id]);
  });
});
