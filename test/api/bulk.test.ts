import { beforeAll, describe, expect, test } from "bun:test";
import { expectError, json } from "../support/http.ts";
import { useServer } from "../support/server.ts";
import { createUser, type TestUser } from "../support/users.ts";

const server = useServer();
let key: string;
let other: TestUser;

beforeAll(async () => {
  key = await server.adminKey();
  other = await createUser(server, key);
});

async function monitors(count: number, auth = key): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const created = await server.call("POST", "/api/v1/monitors", { auth, body: { name: `bulk ${i}`, kind: "tcp", url: "127.0.0.1:9", is_paused: i % 2 === 0 } });
    ids.push((await json(created)).id);
  }
  return ids;
}

const bulk = (body: unknown, auth = key) => server.call("POST", "/api/v1/monitors/bulk", { auth, body });
const get = async (id: string) => json(await server.call("GET", `/api/v1/monitors/${id}`, { auth: key }));

describe("POST /monitors/bulk", () => {
  test("pauses and resumes many monitors at once, with a result per id", async () => {
    const ids = await monitors(4);
    const paused = await bulk({ action: "pause", ids });
    expect(paused.status).toBe(200);
    expect(await json(paused)).toEqual({ results: ids.map((id) => ({ id, ok: true })) });
    for (const id of ids) expect((await get(id)).is_paused).toBe(true);

    expect((await json(await bulk({ action: "resume", ids }))).results.every((r: { ok: boolean }) => r.ok)).toBe(true);
    for (const id of ids) expect((await get(id)).is_paused).toBe(false);
  });

  test("moves monitors to another project and deletes them", async () => {
    const ids = await monitors(2);
    const project = await json(await server.call("POST", "/api/v1/projects", { auth: key, body: { name: "moved here" } }));
    expect((await bulk({ action: "move", ids, project_id: project.id })).status).toBe(200);
    for (const id of ids) expect((await get(id)).project_id).toBe(project.id);

    expect((await json(await bulk({ action: "delete", ids }))).results).toEqual(ids.map((id) => ({ id, ok: true })));
    for (const id of ids) await expectError(await server.call("GET", `/api/v1/monitors/${id}`, { auth: key }), 404, "not_found");
  });

  test("one monitor that is not the caller's changes none of them (404, as for one)", async () => {
    const [mine] = await monitors(1);
    const [theirs] = await monitors(1, other.key);
    await expectError(await bulk({ action: "delete", ids: [mine, theirs] }), 404, "not_found");
    expect((await get(mine!)).name).toBe("bulk 0");
  });

  test("a viewer may not change them: 403, and nothing changed", async () => {
    const [organization] = await json(await server.call("GET", "/api/v1/organizations", { auth: key }));
    const viewer = await createUser(server, key, { organization_id: organization.id, role: "viewer" });
    const ids = await monitors(2);
    await expectError(await bulk({ action: "resume", ids }, viewer.key), 403, "forbidden");
    expect((await get(ids[0]!)).is_paused).toBe(true);
  });

  test("a project the caller cannot write to is refused before anything moves", async () => {
    const [mine] = await monitors(1);
    const [theirProject] = await json(await server.call("GET", "/api/v1/projects", { auth: other.key }));
    await expectError(await bulk({ action: "move", ids: [mine], project_id: theirProject.id }), 404, "not_found");
  });

  test("a read-scope key is refused", async () => {
    await expectError(await bulk({ action: "pause", ids: await monitors(1) }, await server.adminKey("read")), 403, "forbidden");
  });

  test.each([
    [{ action: "explode", ids: ["0198d9a4-0000-7000-8000-000000000000"] }, "action"],
    [{ action: "pause", ids: [] }, "ids"],
    [{ action: "pause", ids: ["not-an-id"] }, "ids[0]"],
    [{ action: "pause" }, "ids"],
    [{ action: "move", ids: ["0198d9a4-0000-7000-8000-000000000000"] }, "project_id"],
    [{ action: "pause", ids: ["0198d9a4-0000-7000-8000-000000000000"], project_id: "0198d9a4-0000-7000-8000-000000000000" }, "project_id"],
    [{ action: "pause", ids: ["0198d9a4-0000-7000-8000-000000000000"], force: true }, "force"],
  ])("bad input %j is a 400 naming %s", async (body, field) => {
    const error = await expectError(await bulk(body), 400, "validation_error");
    expect(error.details!.map((d: { field: string }) => d.field)).toContain(field);
  });
});
