// Two upbeat servers on one PostgreSQL database: a client of either one's event stream sees what both do (checks,
// pings, status flips, edits, maintenance), each event once, within a few seconds.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { openEventStream, type EventStream, type StreamEvent } from "../support/event-stream.ts";
import { json } from "../support/http.ts";
import { postgresForStores, type PostgresForStores } from "../support/postgres-store.ts";
import { startServer, type TestServer } from "../support/server.ts";
import { openStoreOf } from "../support/store.ts";
import { startHttpTarget } from "../support/targets.ts";
import { createHeartbeat, waitFor } from "../heartbeats/support.ts";

/** From the moment it happens on one instance to a client of the other. */
const WITHIN_MS = 3_000;

const target = startHttpTarget();
let postgres: PostgresForStores;
let database: { url: string; drop(): void };
let a: TestServer;
let b: TestServer;
let key: string;
let onA: EventStream;
let onB: EventStream;
/** when each event reached the client on A */
const arrivedOnA = new Map<StreamEvent, number>();

beforeAll(async () => {
  postgres = await postgresForStores();
  database = postgres.freshDatabase();
  a = await startServer({ UPBEAT_DATABASE_URL: database.url });
  b = await startServer({ UPBEAT_DATABASE_URL: database.url });
  key = await a.adminKey();
  onA = await openEventStream(`${a.base}/api/v1/events`, { Authorization: `Bearer ${key}` });
  onB = await openEventStream(`${b.base}/api/v1/events`, { Authorization: `Bearer ${key}` });
});
const stamping = setInterval(() => onA?.events.forEach((e) => arrivedOnA.has(e) || arrivedOnA.set(e, Date.now())), 10);

afterAll(async () => {
  clearInterval(stamping);
  onA?.close();
  onB?.close();
  await a?.close();
  await b?.close();
  database?.drop();
  postgres?.stop();
  target.stop();
});

const about = (id: string, event: string) => (e: StreamEvent) => e.event === event && e.data.monitor_id === id;
const count = (stream: EventStream, match: (e: StreamEvent) => boolean) => stream.events.filter(match).length;
const ping = (server: TestServer, token: string) => server.call("GET", `/ping/${token}`);

describe("the event stream is cluster-wide on PostgreSQL", () => {
  test("checks run by either instance reach a client of A, each once and within 3 s", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const body = { name: `site ${i}`, kind: "http", url: `${target.url}/ok`, interval_seconds: 20 };
      ids.push((await json(await a.call("POST", "/api/v1/monitors", { auth: key, body }))).id);
    }
    // the first checks, wherever they ran
    for (const id of ids) await onA.next((e) => about(id, "status")(e) && e.data.to === "up", 15_000);
    // both instances hold a share, so some of those checks (and flips) were B's
    const shares = openStoreOf(a).store.cluster!.liveShares(15_000);
    expect(shares).toHaveLength(2);
    expect(Math.min(...shares)).toBeGreaterThan(0);
    await Bun.sleep(1_000); // a second copy, if any, would be here by now
    for (const id of ids) {
      const results = onA.events.filter(about(id, "result"));
      expect(new Set(results.map((r) => r.data.at)).size).toBe(results.length);
      for (const r of results) expect(arrivedOnA.get(r)! - Date.parse(r.data.at)).toBeLessThan(WITHIN_MS);
      expect(count(onA, about(id, "status"))).toBe(1);
      expect(count(onB, about(id, "status"))).toBe(1);
      expect(count(onB, about(id, "result"))).toBe(results.length);
    }
  }, 30_000);

  test("a ping on B and the flip it causes reach a client of A once, within 3 s", async () => {
    const heartbeat = await createHeartbeat(a, key);
    const sentAt = Date.now();
    expect((await ping(b, heartbeat.ping_token)).status).toBe(200);
    await onA.next((e) => about(heartbeat.id, "status")(e) && e.data.to === "up", WITHIN_MS);
    await onA.next(about(heartbeat.id, "result"), WITHIN_MS);
    expect(Date.now() - sentAt).toBeLessThan(WITHIN_MS);
    await Bun.sleep(1_000);
    for (const stream of [onA, onB]) {
      expect(count(stream, about(heartbeat.id, "result"))).toBe(1);
      expect(count(stream, about(heartbeat.id, "status"))).toBe(1);
    }
  });

  test("an edit through B reaches a client of A once", async () => {
    const heartbeat = await createHeartbeat(a, key);
    await b.call("PATCH", `/api/v1/monitors/${heartbeat.id}`, { auth: key, body: { name: "renamed on B" } });
    await onA.next((e) => about(heartbeat.id, "monitor")(e) && e.data.name === "renamed on B", WITHIN_MS);
    await Bun.sleep(1_000);
    const renamed = (e: StreamEvent) => about(heartbeat.id, "monitor")(e) && e.data.name === "renamed on B";
    expect([count(onA, renamed), count(onB, renamed)]).toEqual([1, 1]);
  });

  test("a maintenance window edited through B reaches a client of A once", async () => {
    const first = await createHeartbeat(a, key);
    const second = await createHeartbeat(a, key);
    const window = await json(await b.call("POST", "/api/v1/maintenance", {
      auth: key,
      body: { title: "swap", monitor_ids: [first.id], starts_at: new Date(Date.now() - 60_000).toISOString(), ends_at: new Date(Date.now() + 600_000).toISOString() },
    }));
    await onA.next((e) => about(first.id, "maintenance")(e) && e.data.in_maintenance, WITHIN_MS);
    // the same windows, covering another monitor: nothing but the relay tells A of it
    await b.call("PATCH", `/api/v1/maintenance/${window.id}`, { auth: key, body: { monitor_ids: [first.id, second.id] } });
    await onA.next((e) => about(second.id, "maintenance")(e) && e.data.in_maintenance, WITHIN_MS);
    await Bun.sleep(2_500); // A reads the windows again on its own within 2 s: that must not tell them again
    for (const stream of [onA, onB]) {
      expect(count(stream, about(first.id, "maintenance"))).toBe(1);
      expect(count(stream, about(second.id, "maintenance"))).toBe(1);
    }
  });

  test("a burst of pings on B (more than one notification holds) reaches a client of A whole, each once", async () => {
    const heartbeats = await Promise.all(Array.from({ length: 80 }, (_, i) => createHeartbeat(a, key, { name: `job ${i}` })));
    await Promise.all(heartbeats.map((h) => ping(b, `${h.ping_token}/fail`)));
    const results = () => heartbeats.map((h) => count(onA, about(h.id, "result")));
    await waitFor(results, (counts) => counts.every((n) => n >= 1), 5_000);
    await Bun.sleep(1_000);
    expect(results().every((n) => n === 1)).toBe(true);
    // with the flips, ~20 kB of events in a few 200 ms gatherings: more than a notification (8000 bytes) may hold
    expect(heartbeats.every((h) => count(onA, about(h.id, "status")) === 1)).toBe(true);
  });
});
