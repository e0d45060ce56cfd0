// Three compiled upbeats on one PostgreSQL share 3,000 monitors at 10 s against local targets; one is killed
// with kill -9 mid-run. Read from the checks table afterwards: no monitor went unchecked for longer than one
// interval + the lease timeout (+ the survivors' takeover round itself), no slot was
// checked twice, and a target taken down meanwhile gave one down event and one alert.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { bootstrapAdmin } from "../../src/accounts/users.ts";
import { BEAT_MS, LEASE_TIMEOUT_MS } from "../../src/cluster/member.ts";
import { connectPostgres, type PgConnection } from "../../src/db/postgres/connection.ts";
import { createPostgresStore } from "../../src/store/postgres/index.ts";
import type { Store } from "../../src/store/store.ts";
import { startReceiver, type Receiver } from "../alerts/receiver.ts";
import { apiClient, createApiKey, json } from "../support/http.ts";
import { postgresForStores, type PostgresForStores } from "../support/postgres-store.ts";
import { ADMIN } from "../support/server.ts";
import { BUILD_TIMEOUT_MS, binaryWithData, freePort, startBinary, type RunningBinary } from "./binary.ts";

const MONITORS = 3_000;
const INTERVAL_MS = 10_000;
/** results are written once a second: the killed instance's last second of checks is lost with it */
const FLUSH_MS = 1_000;
/** the survivors' round as the dead instance's lease runs out: its queries, the claim, and the checks' start */
const TAKEOVER_MS = 1_000;
/**
 * a monitor last recorded up to one interval before the dead instance's last beat, taken over a lease timeout after it;
 * the results sent at that beat are written without waiting (they may not have committed at the kill), so up to one
 * beat's worth of checks before it can be lost too
 */
const LONGEST_GAP_MS = INTERVAL_MS + LEASE_TIMEOUT_MS + BEAT_MS + TAKEOVER_MS;
/** two checks of one monitor closer than this ran for the same slot */
const SAME_SLOT_MS = INTERVAL_MS / 2;

let postgres: PostgresForStores;
let connection: PgConnection;
let store: Store;
const setups: ReturnType<typeof binaryWithData>[] = [];
const instances: RunningBinary[] = [];
const receiver: Receiver = startReceiver();
const targets = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response("ok") });
const failing = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response("ok") });

beforeAll(async () => {
  postgres = await postgresForStores();
  const database = postgres.freshDatabase();
  connection = connectPostgres(database.url);
  store = createPostgresStore(connection);
  for (let i = 0; i < 3; i++) setups.push(binaryWithData({ UPBEAT_DATABASE_URL: database.url, UPBEAT_ALLOW_PRIVATE_TARGETS: "true" }));
}, BUILD_TIMEOUT_MS);

afterAll(() => {
  for (const instance of instances) if (instance?.process.exitCode === null) instance.process.kill("SIGKILL");
  for (const setup of setups) setup.remove();
  connection?.close();
  postgres?.stop();
  receiver.stop();
  targets.stop(true);
  failing.stop(true);
});

/**
 * The monitors, written straight into the database, their first checks spread over one interval. Up already: 3,000
 * first checks each changing a status at once would hold the first instance up (it claims them all) for seconds.
 */
async function seedMonitors(): Promise<void> {
  const admin = (await bootstrapAdmin(store, ADMIN.email, ADMIN.password, Date.now()))!;
  const projectId = store.projects.defaultOf(store.organizations.listForUser(admin.id)[0]!.organization.id)!.id;
  store.transaction(() => {
    for (let i = 0; i < MONITORS; i++) {
      store.monitors.insert({ projectId, name: `m${i}`, kind: "http", url: `${targets.url}m${i}`, intervalSeconds: INTERVAL_MS / 1000, timeoutSeconds: 5 }, Date.now());
    }
  });
  connection.query(`UPDATE monitors SET status = 'up', next_due_at = $1::bigint + (seq % 100) * ${INTERVAL_MS / 100}`, [Date.now() + 2_000]);
}

const leaseCounts = () =>
  (connection.query("SELECT count(*)::int AS n FROM monitor_leases GROUP BY instance_id ORDER BY 1") as { n: number }[]).map((r) => r.n);

async function waitFor(what: string, look: () => boolean, timeoutMs: number): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !look(); await Bun.sleep(100)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
  }
}

/** Gaps between a monitor's checks in [from, to], counting from `from` to its first and from its last to `to`. */
function gapsOf(checkedAt: number[], from: number, to: number): number[] {
  const times = [from, ...checkedAt.filter((t) => t >= from && t <= to), to];
  return times.slice(1).map((t, i) => t - times[i]!);
}

test("3 instances, 3,000 monitors at 10 s, one killed with kill -9: every monitor stays checked, once per slot, one alert per outage", async () => {
  await seedMonitors();
  // each kept as it starts, so one that fails to start leaves none of the others running after the test
  await Promise.all(setups.map(async (setup, i) => (instances[i] = await startBinary(setup.binary, setup.env))));
  const api = apiClient(instances[0]!.base);
  const key = await createApiKey(api, ADMIN.email, ADMIN.password, { scope: "write" });
  const hook = await api("POST", "/api/v1/channels", { auth: key, body: { name: "hook", kind: "webhook", config: { url: `${receiver.url}/hook` }, is_default: true } });
  expect(hook.status).toBe(201);
  // created through another instance than the channel: the one holding it checks it
  const created = await apiClient(instances[1]!.base)("POST", "/api/v1/monitors", {
    auth: key, body: { name: "goes down", kind: "http", url: `${failing.url}health`, interval_seconds: INTERVAL_MS / 1000, timeout_seconds: 5 },
  });
  expect(created.status).toBe(201);
  const downId = (await json<{ id: string }>(created)).id;

  await waitFor("an even split", () => leaseCounts().join() === "1000,1000,1001", 30_000);
  const from = Date.now() + INTERVAL_MS; // every monitor has been checked once by then
  // killed more than one interval after `from`: a gap that began before the kill (its last recorded check) is measured whole
  await Bun.sleep(2 * INTERVAL_MS + 5_000);

  const killed = instances[2]!;
  killed.process.kill("SIGKILL");
  await killed.process.exited;
  expect(killed.process.signalCode).toBe("SIGKILL");
  failing.stop(true); // the outage starts while the dead instance's monitors wait to be taken over

  await waitFor("the down alert", () => receiver.requests.length > 0, LONGEST_GAP_MS + 5_000);
  await waitFor("the survivors to share everything", () => leaseCounts().join() === "1500,1501", 10_000);
  // two more intervals: no second alert, and the taken-over monitors checked on
  await Bun.sleep(2 * INTERVAL_MS);
  const to = Date.now() - 2 * FLUSH_MS;
  await Promise.all(instances.slice(0, 2).map((instance) => instance.stop()));

  expect(receiver.requests).toHaveLength(1);
  expect(JSON.parse(receiver.only().body)).toMatchObject({ event: "down", monitor: { id: downId } });
  expect(store.events.list(downId, 10).map((e) => `${e.fromStatus}→${e.toStatus}`)).toEqual(["up→down", "pending→up"]);

  let longest = 0;
  const twice: string[] = [];
  for (const m of store.monitors.active()) {
    const checkedAt = store.checks.list(m.seq, 100).map((c) => c.checkedAt).reverse();
    longest = Math.max(longest, ...gapsOf(checkedAt, from, to));
    if (gapsOf(checkedAt, from, to).slice(1, -1).some((gap) => gap < SAME_SLOT_MS)) twice.push(`${m.name}: ${checkedAt.map((t) => t - from).join(" ")}`);
  }
  for (const [i, instance] of instances.entries()) if (instance.errors()) console.log(`instance ${i + 1} said:\n${instance.errors()}`);
  console.log(`longest time a monitor went unchecked: ${longest} ms (allowed ${LONGEST_GAP_MS} ms)`);
  expect(twice).toEqual([]);
  expect(longest).toBeLessThanOrEqual(LONGEST_GAP_MS);
}, BUILD_TIMEOUT_MS + 180_000);
