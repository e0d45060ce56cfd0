// A group through the API and the scheduler: its children are monitors of the same organization, and its status
// follows theirs (down when any, or all, are down); other monitors may depend on it.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { createServer } from "node:net";
import { expectError, json } from "../support/http.ts";
import { useServer } from "../support/server.ts";
import { closedPort } from "../support/targets.ts";

const server = useServer();
const listening = createServer((socket) => socket.end());
await new Promise<void>((resolve) => listening.listen(0, "127.0.0.1", resolve));
afterAll(() => listening.close());

let key: string;
let upId: string;
let downId: string;
const call = (method: string, path: string, body?: unknown) => server.call(method, `/api/v1${path}`, { auth: key, body });

/** Polls the monitor until `done` holds (the server's own scheduler runs the checks). */
async function until(id: string, done: (m: Record<string, any>) => boolean) {
  for (let tries = 0; tries < 100; tries++) {
    const monitor = await json(await call("GET", `/monitors/${id}`));
    if (done(monitor)) return monitor;
    await Bun.sleep(50);
  }
  throw new Error(`monitor ${id} never got there`);
}

beforeAll(async () => {
  key = await server.adminKey();
  const port = (listening.address() as { port: number }).port;
  upId = (await json(await call("POST", "/monitors", { name: "switch", kind: "tcp", url: `127.0.0.1:${port}` }))).id;
  downId = (await json(await call("POST", "/monitors", { name: "router", kind: "tcp", url: `127.0.0.1:${await closedPort()}` }))).id;
  await until(upId, (m) => m.status === "up");
  await until(downId, (m) => m.status === "down");
});

test("down when any child is down, naming it; up under 'all' while one is still up", async () => {
  const created = await json(await call("POST", "/monitors", { name: "network", kind: "group", children: [upId, downId] }));
  expect(created).toMatchObject({ kind: "group", url: "", children: [upId, downId], down_when: "any" });
  // the status flips at once; the details come with the next batch of results (within a second)
  const down = await until(created.id, (m) => m.status === "down" && m.details !== null);
  expect(down).toMatchObject({ status_reason: "1 of 2 down: router", details: { up: 1, down: 1, not_counted: 0 } });
  await call("PATCH", `/monitors/${created.id}`, { down_when: "all" });
  await until(created.id, (m) => m.status === "up");
});

test("a group can be a parent in depends_on", async () => {
  const group = await json(await call("POST", "/monitors", { name: "core", kind: "group", children: [upId] }));
  const child = await call("POST", "/monitors", { name: "nas", kind: "tcp", url: "127.0.0.1:9", depends_on: [group.id] });
  expect(child.status).toBe(201);
});

test("children must be monitors of the organization, and not the group itself", async () => {
  const stranger = "01890000-0000-7000-8000-000000000000";
  const refused = await expectError(await call("POST", "/monitors", { name: "g", kind: "group", children: [stranger] }), 400);
  expect(refused.details).toEqual([{ field: "children", message: `not monitors of this organization: ${stranger}` }]);
  const group = await json(await call("POST", "/monitors", { name: "g", kind: "group", children: [upId] }));
  const itself = await expectError(await call("PATCH", `/monitors/${group.id}`, { children: [group.id] }), 400);
  expect(itself.details).toEqual([{ field: "children", message: "a monitor cannot list itself" }]);
  const empty = await expectError(await call("POST", "/monitors", { name: "g", kind: "group", children: [] }), 400);
  expect(empty.details).toEqual([{ field: "children", message: "must list at least one monitor" }]);
});
