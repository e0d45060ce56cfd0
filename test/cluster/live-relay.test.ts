// The live stream's relay on a real PostgreSQL: what one instance tells reaches the others (not itself), in
// notifications under PostgreSQL's 8000-byte limit, and check results are worth sending only while someone watches.
import { afterAll, afterEach, beforeAll, expect, test } from "bun:test";
import { SQL } from "bun";
import { createLiveRelay, MAX_PAYLOAD_BYTES, packEvents, type HeardEvent } from "../../src/cluster/live-relay.ts";
import { connectPostgres } from "../../src/db/postgres/connection.ts";
import { createLiveFeed, type LiveEvent } from "../../src/monitors/live.ts";
import { createPostgresStore } from "../../src/store/postgres/index.ts";
import { postgresForStores, type PostgresForStores } from "../support/postgres-store.ts";
import { T0, workspace } from "../store/fixtures.ts";

let postgres: PostgresForStores;
let database: { url: string; drop(): void };
const cleanUps: (() => Promise<void>)[] = [];

beforeAll(async () => {
  postgres = await postgresForStores();
  database = postgres.freshDatabase();
});
afterEach(async () => {
  for (const cleanUp of cleanUps.splice(0)) await cleanUp();
});
afterAll(() => {
  database?.drop();
  postgres?.stop();
});

const result = (i: number, error: string | null = null): LiveEvent =>
  ({ type: "result", monitorId: `m${i}`, data: { monitor_id: `m${i}`, at: new Date(i).toISOString(), is_up: error === null, ms: i, code: 200, error } });

async function relayHearing(watching = false) {
  const heard: HeardEvent[] = [];
  let windowsChanged = 0;
  const relay = createLiveRelay(database.url);
  await relay.start({ events: (batch) => heard.push(...batch), windowsChanged: () => windowsChanged++, watching: () => watching });
  cleanUps.push(() => relay.stop());
  return { relay, heard, windowsChanged: () => windowsChanged };
}

async function until(condition: () => boolean, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await Bun.sleep(20);
  }
}

test("packing keeps every payload under the limit and every event in order; an event too big alone is left out", () => {
  const events = Array.from({ length: 500 }, (_, i) => JSON.stringify({ i, text: "é".repeat(i % 40) }));
  const payloads = packEvents("me", [...events, JSON.stringify("x".repeat(MAX_PAYLOAD_BYTES))]);
  expect(payloads.length).toBeGreaterThan(1);
  for (const payload of payloads) expect(Buffer.byteLength(payload)).toBeLessThanOrEqual(MAX_PAYLOAD_BYTES);
  expect(payloads.flatMap((p) => JSON.parse(p).events)).toEqual(events.map((e) => JSON.parse(e)));
});

test("events told by one relay reach the others in order, in notifications PostgreSQL takes, and not the teller", async () => {
  const teller = await relayHearing();
  const other = await relayHearing();
  const payloadBytes: number[] = [];
  const raw = new SQL(database.url, { max: 1 });
  const listening = await raw.listen("upbeat_live", (payload) => payloadBytes.push(Buffer.byteLength(payload)));
  cleanUps.push(async () => {
    await listening.unlisten();
    await raw.close();
  });

  const events = Array.from({ length: 300 }, (_, i) => result(i, i === 7 ? "é".repeat(20_000) : null));
  for (const event of events) teller.relay.tell(event, "org-1");
  await until(() => other.heard.length === events.length);
  expect(other.heard.map((h) => h.event.monitorId)).toEqual(events.map((e) => e.monitorId));
  expect(other.heard.every((h) => h.organizationId === "org-1")).toBe(true);
  // a long text is cut so that the event fits one notification
  expect(other.heard[7]!.event.data.error).toBe(`${"é".repeat(1_000)}…`);
  expect(other.heard[8]!.event).toEqual(events[8]!);
  await Bun.sleep(300);
  expect(teller.heard).toEqual([]);
  expect(payloadBytes.length).toBeGreaterThan(1);
  expect(Math.max(...payloadBytes)).toBeLessThan(8_000);
});

test("another instance's stream clients make check results worth sending; its window edits are heard", async () => {
  const sender = await relayHearing();
  const watcher = await relayHearing(true);
  await until(() => sender.relay.othersWatching()); // the watcher said so as it started listening
  expect(watcher.relay.othersWatching()).toBe(false); // the sender has no clients
  sender.relay.windowsChanged();
  await until(() => watcher.windowsChanged() === 1);
  expect(sender.windowsChanged()).toBe(0);
});

test("a feed relays status flips always, and check results only while another instance has stream clients", async () => {
  const connection = connectPostgres(database.url);
  cleanUps.push(async () => connection.close());
  const store = createPostgresStore(connection);
  const { monitor, user } = workspace(store);
  const { id: monitorId, projectId } = monitor();
  const here = await relayHearing();
  const feed = createLiveFeed(store, here.relay);
  const elsewhere = await relayHearing();
  const check = (at: number) => [{ monitorId, monitorSeq: 1, checkedAt: at, isUp: true, responseTimeMs: 5, statusCode: 200, errorMessage: null, regionId: 0 }];
  const heardTypes = () => elsewhere.heard.map((h) => `${h.event.type}@${h.event.data.at}`);

  feed.checksRecorded(check(T0));
  feed.statusChanged({ eventId: "e1", monitorId, from: "pending", to: "up", reason: null, at: T0 + 1 }, projectId);
  await until(() => elsewhere.heard.length === 1);
  await Bun.sleep(300);
  expect(heardTypes()).toEqual([`status@${new Date(T0 + 1).toISOString()}`]);

  elsewhere.relay.watched(); // a client opened a stream on the other instance
  await until(() => here.relay.othersWatching());
  feed.checksRecorded(check(T0 + 2));
  await until(() => elsewhere.heard.length === 2);
  expect(elsewhere.heard[1]).toMatchObject({ organizationId: store.projects.organizationOf(projectId), event: { type: "result", monitorId } });
  // and a stream here gets the results it is told of once, from here
  const sent: LiveEvent[] = [];
  feed.subscribe({ userId: user.id, send: (event) => sent.push(event) });
  feed.checksRecorded(check(T0 + 3));
  await Bun.sleep(300);
  expect(sent.map((e) => e.type)).toEqual(["result"]);
});
