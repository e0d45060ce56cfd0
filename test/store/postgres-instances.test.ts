// Two upbeat instances on one PostgreSQL database: the alerting writes that decide something happen once
// across them (the outbox claim, an incident's open and acknowledgement, an expiry warning).
import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { connectPostgres, type PgConnection } from "../../src/db/postgres/connection.ts";
import { createPostgresStore } from "../../src/store/postgres/index.ts";
import type { Store } from "../../src/store/store.ts";
import { postgresForStores, type PostgresForStores } from "../support/postgres-store.ts";
import { T0, workspace } from "./fixtures.ts";

let postgres: PostgresForStores;
let cleanUp: (() => void) | undefined;
beforeAll(async () => {
  postgres = await postgresForStores();
});
afterEach(() => cleanUp?.());
afterAll(() => postgres?.stop());

/** Two stores, each on its own connection, sharing one fresh database. */
function twoInstances(): [Store, Store] {
  const database = postgres.freshDatabase();
  const connections: PgConnection[] = [connectPostgres(database.url), connectPostgres(database.url)];
  cleanUp = () => {
    for (const connection of connections) connection.close();
    database.drop();
  };
  return [createPostgresStore(connections[0]!), createPostgresStore(connections[1]!)];
}

describe("postgres store: two instances on one database", () => {
  test("a delivery is claimed by one instance: skipped while the other is claiming it, then leased to it", () => {
    const [a, b] = twoInstances();
    const { organization, monitor } = workspace(a);
    const channel = a.channels.insert({ organizationId: organization.id, name: "ops", kind: "webhook", config: { url: "https://hooks.example/" } }, T0);
    const [id] = a.deliveries.enqueue([{ channelId: channel.id, monitorId: monitor().id, incidentId: null, event: "down", message: { text: "down" } }], T0);
    a.transaction(() => {
      expect(a.deliveries.claim(id!, T0, T0 + 10_000)).toBe(true);
      expect(b.deliveries.claim(id!, T0, T0 + 10_000)).toBe(false); // row locked by a's claim: skipped, not waited for
    });
    expect(b.deliveries.claim(id!, T0 + 1, T0 + 10_000)).toBe(false); // a holds the lease
    expect(b.deliveries.claim(id!, T0 + 10_000, T0 + 20_000)).toBe(true); // a's lease ran out: b takes it over
    expect(a.deliveries.byId(id!)?.nextAttemptAt).toBe(T0 + 20_000);
  });

  test("an incident is opened once per down period and acknowledged once, whichever instance asks", () => {
    const [a, b] = twoInstances();
    const m = workspace(a).monitor({ status: "down" });
    const opened = a.incidents.open(m.id, T0, "refused");
    expect(b.incidents.open(m.id, T0 + 5, "timeout")).toEqual(opened);
    expect(b.incidents.listForMonitor(m.id, 10)).toEqual([opened]);
    expect(b.incidents.acknowledge(opened.id, { userId: null, via: "link" }, T0 + 6)).toBe(true);
    expect(a.incidents.acknowledge(opened.id, { userId: null, via: "link" }, T0 + 7)).toBe(false);
    a.incidents.resolve(opened.id, T0 + 8);
    b.incidents.resolve(opened.id, T0 + 9);
    expect(a.incidents.byId(opened.id)?.resolvedAt).toBe(T0 + 8);
    expect(b.incidents.open(m.id, T0 + 10, "timeout").id).not.toBe(opened.id);
  });

  test("an expiry warning is claimed by one instance", () => {
    const [a, b] = twoInstances();
    const m = workspace(a).monitor();
    const certificate = { fingerprint: "AB:CD", expiresAt: T0 + 9 * 86_400_000, thresholdDays: 14 };
    expect([a.sslWarnings.claim(m.id, certificate, T0), b.sslWarnings.claim(m.id, certificate, T0)]).toEqual([true, false]);
  });
});
