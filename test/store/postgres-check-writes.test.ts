// Check results on PostgreSQL are written without holding the event loop (PgConnection.send, store.checks.recordLater):
// synchronous queries do not queue behind a write, a stop waits for the write on its way, a refused batch is kept.
import { afterAll, afterEach, beforeAll, describe, expect, spyOn, test } from "bun:test";
import { connectPostgres, type PgConnection } from "../../src/db/postgres/connection.ts";
import { createCheckWriter } from "../../src/scheduler/check-writer.ts";
import type { CheckRow } from "../../src/domain/types.ts";
import type { CheckProgress, Store } from "../../src/store/store.ts";
import { waitFor } from "../support/daemons.ts";
import { freshPostgresStore, postgresForStores, type PostgresForStores } from "../support/postgres-store.ts";
import { T0, workspace } from "./fixtures.ts";

let postgres: PostgresForStores;
const cleanUps: (() => void)[] = [];
beforeAll(async () => {
  postgres = await postgresForStores();
});
afterEach(() => {
  for (const cleanUp of cleanUps.splice(0).reverse()) cleanUp();
});
afterAll(() => postgres?.stop());

/** A store on a fresh database, one monitor in it, and a second connection to hold locks or change the schema with. */
function setUp() {
  const fresh = freshPostgresStore(postgres);
  const other = connectPostgres(fresh.connection.url);
  cleanUps.push(() => fresh.close(), () => other.close());
  const monitor = workspace(fresh.store).monitor();
  return { store: fresh.store, connection: fresh.connection, other, seq: monitor.seq, id: monitor.id };
}

/** Holds the checks table locked (writes wait on it) until the returned function is called. */
function lockChecks(other: PgConnection): () => void {
  other.query("BEGIN");
  other.query("LOCK TABLE checks IN EXCLUSIVE MODE");
  return () => void other.query("COMMIT");
}

const writeWaiting = (other: PgConnection) =>
  waitFor("a write waiting on the lock", async () => (other.query("SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted") as { n: number }[])[0]!.n > 0);

function checkAt(seq: number, at: number): [CheckRow, CheckProgress] {
  return [
    { monitorSeq: seq, checkedAt: at, isUp: true, statusCode: 200, responseTimeMs: 12, errorMessage: null, regionId: 0 },
    { monitorSeq: seq, lastCheckedAt: at, nextDueAt: at + 60_000, failStreak: 0, successStreak: 1, details: null },
  ];
}

/** Runs `refused` while the database refuses every check row ('disk full'), with what the writer logs; then lets them in. */
async function whileRefused(other: PgConnection, refused: () => void | Promise<void>): Promise<string[]> {
  other.query(`CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk full'; END $$`);
  other.query("CREATE TRIGGER refuse BEFORE INSERT ON checks FOR EACH ROW EXECUTE FUNCTION refuse()");
  const errors = spyOn(console, "error").mockImplementation(() => {});
  try {
    await refused();
    return errors.mock.calls.map((call) => String(call[0]));
  } finally {
    errors.mockRestore();
    other.query("DROP TRIGGER refuse ON checks");
  }
}

const stored = (store: Store, seq: number) => store.checks.list(seq, 100).map((c) => c.checkedAt).sort();

describe("postgres: check results written without holding the caller", () => {
  test("a query asked while a sent write waits on a lock is answered at once, and the write's answer comes later", async () => {
    const { connection, other, seq } = setUp();
    const release = lockChecks(other);
    const answered = Promise.withResolvers<Error | null>();
    connection.send("INSERT INTO checks (monitor_seq, checked_at, is_up, response_time_ms) VALUES ($1, $2, true, 5)", [seq, T0], (error) => answered.resolve(error));
    await writeWaiting(other);
    // on the same PgConnection: not queued behind the write (it would time out after 30 s if it were)
    expect(connection.query("SELECT 1 AS one")).toEqual([{ one: 1 }]);
    release();
    expect(await answered.promise).toBeNull();
    expect(connection.query("SELECT count(*)::int AS n FROM checks")).toEqual([{ n: 1 }]);
  });

  test("drain() blocks until every sent write is answered and its callback has run", () => {
    const { connection, seq } = setUp();
    const seen: (string | null)[] = [];
    connection.send("INSERT INTO checks (monitor_seq, checked_at, is_up, response_time_ms) VALUES ($1, $2, true, 5)", [seq, T0], (e) => seen.push(e?.message ?? null));
    connection.send("SELECT no_such_column FROM checks", [], (e) => seen.push(e === null ? null : "refused"));
    connection.drain();
    expect(seen).toEqual([null, "refused"]);
  });

  test("a writer's close() waits for the batch on its way", async () => {
    const { store, other, seq, id } = setUp();
    const writer = createCheckWriter<CheckRow>(store, () => {});
    const release = lockChecks(other);
    writer.add(...checkAt(seq, T0));
    writer.flush(); // returns at once: the write waits on the lock meanwhile
    await writeWaiting(other);
    let closed = false;
    const closing = writer.close().then(() => (closed = true));
    await Bun.sleep(200);
    expect(closed).toBe(false);
    release();
    await closing;
    expect(stored(store, seq)).toEqual([T0]);
    expect(store.monitors.byId(id)!.lastCheckedAt).toBe(T0);
  });

  test("a batch the database refuses is reported, kept, and stored by a later flush with what came after", async () => {
    const { store, other, seq, id } = setUp();
    const recorded: number[] = [];
    const writer = createCheckWriter<CheckRow>(store, () => {}, (rows) => recorded.push(...rows.map((r) => r.checkedAt)));
    cleanUps.push(() => void writer.close());
    const logged = await whileRefused(other, async () => {
      writer.add(...checkAt(seq, T0));
      await writer.written();
      expect(stored(store, seq)).toEqual([]);
    });
    expect(logged).toEqual([expect.stringContaining("could not store 1 check results, will try again: disk full")]);
    writer.add(...checkAt(seq, T0 + 60_000));
    await writer.written();
    expect(stored(store, seq)).toEqual([T0, T0 + 60_000]);
    expect(recorded).toEqual([T0, T0 + 60_000]);
    expect(store.monitors.byId(id)!.lastCheckedAt).toBe(T0 + 60_000); // the newer progress won over the kept one
  });

  test("drop() forgets a refused batch's rows of that monitor (what scheduler.drop relies on when it hands a monitor over)", async () => {
    const { store, other, seq, id } = setUp();
    const writer = createCheckWriter<CheckRow>(store, () => {});
    cleanUps.push(() => void writer.close());
    await whileRefused(other, () => {
      writer.add(...checkAt(seq, T0));
      writer.flushNow(); // the give-back's flush (scheduler.drop), refused
      writer.drop(seq); // then the scheduler forgets the monitor's rows
    });
    await writer.written();
    expect(stored(store, seq)).toEqual([]);
    expect(store.monitors.byId(id)!.lastCheckedAt).toBeNull();
  });

  test("close() on a database that does not answer gives up by the stop's deadline and says how many results are left", async () => {
    const { store, connection, other, seq } = setUp();
    const writer = createCheckWriter<CheckRow>(store, () => {});
    const unlock = lockChecks(other);
    cleanUps.push(unlock);
    writer.add(...checkAt(seq, T0));
    writer.add(...checkAt(seq, T0 + 60_000));
    const deadline = Date.now() + 1_500;
    connection.giveUpAt(deadline); // what a stopping server does
    expect(await writer.close(deadline)).toBe(2);
    // three attempts of 30 s each before; now the deadline, plus room for a busy box
    expect(Date.now() - deadline).toBeLessThan(5_000);
  });

  test("flushNow() returns once the batch is stored (leases are given back after it)", () => {
    const { store, seq } = setUp();
    const writer = createCheckWriter<CheckRow>(store, () => {});
    cleanUps.push(() => void writer.close());
    writer.add(...checkAt(seq, T0));
    writer.flushNow();
    expect(stored(store, seq)).toEqual([T0]);
  });
});
