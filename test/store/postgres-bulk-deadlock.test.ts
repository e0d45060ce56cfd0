// A bulk edit through the API (one transaction on the store's connection) and a batch of check results (one statement
// on the second connection) both lock monitor rows. Taken in opposite orders they deadlock, and PostgreSQL aborts one:
// the bulk edit, a 500 to the user, when it is the one that closes the cycle. Both take them in seq order instead.
// The order of events is made with two more connections holding rows for set times (PostgreSQL's own pg_sleep).
import { afterAll, beforeAll, expect, test } from "bun:test";
import { connectPostgres, type PgConnection } from "../../src/db/postgres/connection.ts";
import { applyBulk } from "../../src/monitors/bulk.ts";
import { createServices } from "../../src/services.ts";
import { waitFor } from "../support/daemons.ts";
import { freshPostgresStore, postgresForStores, type PostgresForStores } from "../support/postgres-store.ts";
import { T0, workspace } from "./fixtures.ts";

let postgres: PostgresForStores;
const cleanUps: (() => void)[] = [];
beforeAll(async () => {
  postgres = await postgresForStores();
});
afterAll(() => {
  for (const cleanUp of cleanUps.reverse()) cleanUp();
  postgres?.stop();
});

/** Holds one monitor row (as an edit would) for `seconds`, from a connection of its own; resolves when it lets go. */
function holdFor(url: string, seq: number, seconds: number): Promise<void> {
  const holder: PgConnection = connectPostgres(url);
  cleanUps.push(() => holder.close());
  const done = Promise.withResolvers<void>();
  holder.send(`DO $$ BEGIN PERFORM 1 FROM monitors WHERE seq = ${seq} FOR NO KEY UPDATE; PERFORM pg_sleep(${seconds}); END $$`, [], (error) =>
    error ? done.reject(error) : done.resolve());
  return done.promise;
}

const waiting = (watcher: PgConnection, n: number) =>
  waitFor(`${n} transactions waiting on a row`, async () =>
    (watcher.query("SELECT count(DISTINCT pid)::int AS n FROM pg_locks WHERE NOT granted") as { n: number }[])[0]!.n >= n);

test("a bulk pause and a check batch over the same monitors, in opposite orders, both go through", async () => {
  const fresh = freshPostgresStore(postgres);
  cleanUps.push(() => fresh.close());
  const { store, connection } = fresh;
  const watcher = connectPostgres(connection.url);
  cleanUps.push(() => watcher.close());
  const { user, monitor } = workspace(store);
  const [a, b, c, d] = [monitor({ name: "a" }), monitor({ name: "b" }), monitor({ name: "c" }), monitor({ name: "d" })];
  const { monitors } = createServices(store, () => T0);
  // an edit writes a row's new version after the others: a scan of the table now meets a last (b, c, d, a)
  connection.query("UPDATE monitors SET name = 'a, edited' WHERE seq = $1", [a.seq]);

  // c is held 3 s, d 6 s: the batch takes b and waits on c; the bulk edit takes a and waits on d
  const holders = [holdFor(connection.url, c.seq, 3), holdFor(connection.url, d.seq, 6)];
  await waitFor("both rows held", async () =>
    (watcher.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event = 'PgSleep'") as { n: number }[])[0]!.n === 2);
  const batch = Promise.withResolvers<Error | null>();
  const progress = (seq: number) => ({ monitorSeq: seq, lastCheckedAt: T0, nextDueAt: T0 + 60_000, failStreak: 0, successStreak: 1, details: null });
  const rows = [b, c, a].map((m) => ({ monitorSeq: m.seq, checkedAt: T0, isUp: true, statusCode: 200, responseTimeMs: 5, errorMessage: null, regionId: 0 }));
  store.checks.recordLater!(rows, [b, c, a].map((m) => progress(m.seq)), (error) => batch.resolve(error));
  await waiting(watcher, 1);
  // then c is let go: the batch wants a (the bulk edit's); then d: the bulk edit wants b (the batch's)
  const results = applyBulk(store, monitors, user.id, { action: "pause", ids: [a.id, d.id, b.id] });
  expect(results.map((r) => r.ok)).toEqual([true, true, true]);
  expect(await batch.promise).toBeNull();
  await Promise.all(holders);
  expect(store.checks.list(a.seq, 10).length + store.checks.list(b.seq, 10).length).toBe(2);
}, 30_000);
