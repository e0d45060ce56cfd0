// GET /events tells when a maintenance window starts or stops holding a monitor: at its start and end, and at
// once when a window is created or deleted; only to members of the monitor's organization.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { openEventStream, type EventStream } from "../support/event-stream.ts";
import { json } from "../support/http.ts";
import { useServer } from "../support/server.ts";
import { createUser } from "../support/users.ts";

const server = useServer();
let key: string;
let mine: EventStream;
let theirs: EventStream;

beforeAll(async () => {
  key = await server.adminKey();
  const other = await createUser(server, key);
  mine = await openEventStream(`${server.base}/api/v1/events`, { Authorization: `Bearer ${key}` });
  theirs = await openEventStream(`${server.base}/api/v1/events`, { Authorization: `Bearer ${other.key}` });
});
afterAll(() => {
  mine?.close();
  theirs?.close();
});

const api = async (method: string, path: string, body?: unknown) => json(await server.call(method, `/api/v1/${path}`, { auth: key, body }));
const paused = (name: string) => api("POST", "monitors", { name, kind: "http", url: "http://127.0.0.1:9/", is_paused: true });
const maintenanceOf = (id: string, on: boolean) => (e: { event: string; data: any }) =>
  e.event === "maintenance" && e.data.monitor_id === id && e.data.in_maintenance === on;
const isoIn = (ms: number) => new Date(Date.now() + ms).toISOString();

test("a window created over a monitor holds it at once, and lets it go when it ends", async () => {
  const monitor = await paused("router");
  const bystander = await paused("printer");
  const window = await api("POST", "maintenance", { title: "firmware", monitor_ids: [monitor.id], starts_at: isoIn(-60_000), ends_at: isoIn(3_000) });
  const began = await mine.next(maintenanceOf(monitor.id, true), 2_000);
  expect(began.data).toEqual({ monitor_id: monitor.id, in_maintenance: true, maintenance_id: window.id });
  const ended = await mine.next(maintenanceOf(monitor.id, false), 8_000);
  expect(ended.data).toEqual({ monitor_id: monitor.id, in_maintenance: false, maintenance_id: null });
  expect(mine.events.filter((e) => e.event === "maintenance" && e.data.monitor_id === bystander.id)).toEqual([]);
  expect(theirs.events.filter((e) => e.event === "maintenance")).toEqual([]);
});

test("a window that starts later is told when it starts; deleting it lets its monitors go at once", async () => {
  const monitor = await paused("nas");
  const window = await api("POST", "maintenance", { title: "disk swap", monitor_ids: [monitor.id], starts_at: isoIn(2_000), ends_at: isoIn(600_000) });
  await Bun.sleep(500);
  expect(mine.events.some(maintenanceOf(monitor.id, true))).toBe(false);
  await mine.next(maintenanceOf(monitor.id, true), 6_000);
  // the API's answer agrees with the event
  expect((await api("GET", `monitors/${monitor.id}`)).maintenance_id).toBe(window.id);
  await server.call("DELETE", `/api/v1/maintenance/${window.id}`, { auth: key });
  await mine.next(maintenanceOf(monitor.id, false), 1_000);
});

test("an edit adding a project puts that project's monitors in maintenance at once", async () => {
  const [project] = await api("GET", "projects");
  const monitor = await paused("switch");
  const window = await api("POST", "maintenance", { title: "cabling", monitor_ids: [monitor.id], starts_at: isoIn(-60_000), ends_at: isoIn(600_000) });
  await mine.next(maintenanceOf(monitor.id, true), 2_000);
  const neighbour = await paused("access point");
  await api("PATCH", `maintenance/${window.id}`, { monitor_ids: [], project_ids: [project.id] });
  expect((await mine.next(maintenanceOf(neighbour.id, true), 1_000)).data.maintenance_id).toBe(window.id);
  await api("PATCH", `maintenance/${window.id}`, { is_active: false });
  await mine.next(maintenanceOf(neighbour.id, false), 1_000);
  await mine.next(maintenanceOf(monitor.id, false), 1_000);
});

test("a monitor created in a project under a running window is held at once, and let go when the window ends", async () => {
  const [project] = await api("GET", "projects");
  await api("POST", "maintenance", { title: "rack move", project_ids: [project.id], starts_at: isoIn(-60_000), ends_at: isoIn(3_000) });
  const newcomer = await api("POST", "monitors", { name: "new arrival", kind: "http", url: "http://127.0.0.1:9/", is_paused: true, project_id: project.id });
  expect((await mine.next(maintenanceOf(newcomer.id, true), 1_000)).data.maintenance_id).not.toBeNull();
  await mine.next(maintenanceOf(newcomer.id, false), 8_000);
});
