// docs/docker-compose.cluster.yml run as `docker compose up` would run it, without a Docker engine: a real
// PostgreSQL with the file's user, password and database, started past the file's health check; the two upbeat
// services as the compiled binary with the Dockerfile's environment and then the file's, started together. What
// Docker would map is mapped here: the `postgres` host is 127.0.0.1 and the real port, each published port a free
// one, the /data volume a temp folder. Then as a new user: sign in on each, create monitors through either, stop
// one the way `docker stop` does (SIGTERM), and see every monitor still checked and one alert per outage.
// (kill -9 of an instance: test/e2e/cluster.test.ts.)
import { afterAll, beforeAll, expect, test } from "bun:test";
import { LEASE_TIMEOUT_MS } from "../../src/cluster/member.ts";
import { connectPostgres, type PgConnection } from "../../src/db/postgres/connection.ts";
import { startReceiver } from "../alerts/receiver.ts";
import { selfSignedCert } from "../support/certs.ts";
import { publishedPorts, readCompose, upbeatServices, type ComposeService } from "../support/compose.ts";
import { waitFor } from "../support/daemons.ts";
import { all, assignments, readDockerfile } from "../support/dockerfile.ts";
import { apiClient, createApiKey, json, type Call } from "../support/http.ts";
import { PG_BIN, startPostgres, type TestPostgres } from "../support/postgres.ts";
import { BUILD_TIMEOUT_MS, REPO, binaryWithData, runCommand, startBinary, type RunningBinary } from "./binary.ts";

const compose = readCompose(REPO);
const { runtime } = readDockerfile(REPO);
const upbeats = upbeatServices(compose);
const database = compose.services.postgres!.environment!;
const INTERVAL_MS = 10_000;
/** half created through each instance */
const MONITORS = 10;
/** `docker stop` sends SIGKILL this long after SIGTERM */
const DOCKER_STOP_GRACE_MS = 10_000;
/** check results are stored once a second */
const FLUSH_MS = 1_000;
/** bounds for conditions that depend on the shared machine's speed, not on upbeat's promises */
const GENEROUS_MS = 60_000;

let postgres: TestPostgres;
let connection: PgConnection;
const setups: ReturnType<typeof binaryWithData>[] = [];
const envs: Record<string, string>[] = [];
const instances: RunningBinary[] = [];
const receiver = startReceiver();
/** paths of the targets that answer 503 */
const failing = new Set<string>();
const targets = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  fetch: (request) => (failing.has(new URL(request.url).pathname) ? new Response("down", { status: 503 }) : new Response("ok")),
});

const urlOf = (name: string) => `postgres://${postgres.user}:${encodeURIComponent(postgres.password)}@127.0.0.1:${postgres.port}/${name}`;

/** The service's health check (`CMD pg_isready …`), run against this server; compose starts the upbeats once it passes. */
async function healthy(): Promise<void> {
  const [form, program, ...args] = compose.services.postgres!.healthcheck!.test;
  expect([form, program]).toEqual(["CMD", "pg_isready"]);
  const check = () => Bun.spawnSync([`${PG_BIN}/pg_isready`, ...args, "-p", String(postgres.port)]).exitCode === 0;
  await waitFor("PostgreSQL's health check", async () => check(), GENEROUS_MS);
}

/**
 * What the container's process sees: the image's ENV, then the service's environment — with what Docker maps
 * mapped: the service name `postgres` to 127.0.0.1 and its port, the published port and /data to this machine's.
 */
function environmentOf(service: ComposeService, setup: (typeof setups)[number]): Record<string, string> {
  const env = { ...assignments(all(runtime, "ENV")), ...service.environment };
  expect(publishedPorts(service).map((p) => String(p.container))).toEqual([env.UPBEAT_PORT!]);
  const url = new URL(env.UPBEAT_DATABASE_URL!);
  expect([url.hostname, url.port || "5432"]).toEqual(["postgres", "5432"]);
  url.hostname = "127.0.0.1";
  url.port = String(postgres.port);
  return { ...env, UPBEAT_DATABASE_URL: url.href, UPBEAT_HOST: "127.0.0.1", UPBEAT_PORT: setup.env.UPBEAT_PORT!, UPBEAT_DATA_DIR: setup.dataDir };
}

beforeAll(async () => {
  // as the image's entrypoint does: POSTGRES_USER is the superuser, with POSTGRES_PASSWORD, and owns POSTGRES_DB; no TLS
  postgres = await startPostgres(selfSignedCert(30), { user: database.POSTGRES_USER, password: database.POSTGRES_PASSWORD, scratch: true });
  postgres.setTls(false);
  const admin = connectPostgres(urlOf("postgres"));
  admin.query(`CREATE DATABASE "${database.POSTGRES_DB}"`);
  admin.close();
  connection = connectPostgres(urlOf(database.POSTGRES_DB!));
  for (const [, service] of upbeats) {
    const setup = binaryWithData();
    setups.push(setup);
    envs.push(environmentOf(service, setup));
  }
}, BUILD_TIMEOUT_MS);

afterAll(() => {
  for (const instance of instances) if (instance?.process.exitCode === null) instance.process.kill("SIGKILL");
  for (const setup of setups) setup.remove();
  connection?.close();
  postgres?.remove();
  receiver.stop();
  targets.stop(true);
});

const leases = () => connection.query("SELECT monitor_id AS monitor, instance_id AS instance FROM monitor_leases") as { monitor: string; instance: string }[];
const instanceIds = () => (connection.query("SELECT id FROM instances") as { id: string }[]).map((r) => r.id);

interface MonitorOut {
  id: string;
  url: string;
  status: string;
  last_checked_at: string | null;
}

let keys: string[] = [];
const apis: Call[] = [];
const monitors = async (i: number) => json<MonitorOut[]>(await apis[i]!("GET", "/api/v1/monitors?limit=100", { auth: keys[i] }));

test("both upbeats start together once PostgreSQL is healthy: one creates the admin, and the image's health check passes on each", async () => {
  await healthy();
  await Promise.all(setups.map(async (setup, i) => (instances[i] = await startBinary(setup.binary, envs[i]!))));
  // they race for it: the other finds the admin made, rather than failing on its email
  const said = instances.map((instance) => (instance.output().includes(`created admin ${envs[0]!.UPBEAT_ADMIN_EMAIL}`) ? "created" : instance.output()));
  expect(said.sort()).toEqual(["created", expect.stringContaining("ignored: users exist already")]);
  const [healthcheck] = all(runtime, "HEALTHCHECK").map((line) => JSON.parse(/\bCMD (\[.*\])$/.exec(line)![1]!) as string[]);
  expect(healthcheck![0]).toBe("upbeat");
  for (const [i, setup] of setups.entries()) expect(runCommand(setup.binary, healthcheck!.slice(1), envs[i]!).exitCode).toBe(0);
}, GENEROUS_MS);

test("signed in on each, monitors made through either are all checked, and the two share them", async () => {
  for (const [i, instance] of instances.entries()) {
    apis[i] = apiClient(instance.base);
    keys[i] = await createApiKey(apis[i]!, envs[i]!.UPBEAT_ADMIN_EMAIL!, envs[i]!.UPBEAT_ADMIN_PASSWORD!, { scope: "write" });
  }
  // one flip, one message, at once: the organization's grouping window (10 s by default) would only add waiting here
  const [organization] = (await json<{ organizations: { id: string }[] }>(await apis[1]!("GET", "/api/v1/users/me", { auth: keys[1] }))).organizations;
  expect((await apis[1]!("PATCH", `/api/v1/organizations/${organization!.id}`, { auth: keys[1], body: { alert_group_seconds: 0 } })).status).toBe(200);
  const hook = await apis[0]!("POST", "/api/v1/channels", { auth: keys[0], body: { name: "hook", kind: "webhook", config: { url: `${receiver.url}/hook` }, is_default: true } });
  expect(hook.status).toBe(201);
  for (let m = 0; m < MONITORS; m++) {
    const through = m % 2;
    const body = { name: `site ${m} (through ${upbeats[through]![0]})`, kind: "http", url: `${targets.url}site-${m}`, interval_seconds: INTERVAL_MS / 1000, timeout_seconds: 5 };
    expect((await apis[through]!("POST", "/api/v1/monitors", { auth: keys[through], body })).status).toBe(201);
  }
  const everyUp = async (i: number) => (await monitors(i)).filter((m) => m.status === "up").length === MONITORS;
  await waitFor("every monitor checked and up, as either instance shows", async () => (await everyUp(0)) && (await everyUp(1)), GENEROUS_MS);
  const shares = () => Object.values(Object.groupBy(leases(), (l) => l.instance)).map((held) => held!.length);
  await waitFor("an even split", async () => shares().join() === "5,5", GENEROUS_MS);
}, 2 * GENEROUS_MS);

test("`docker stop` of one (SIGTERM): it exits in time, every monitor is checked on, and a target taken down gives one alert, its recovery one more", async () => {
  const held = leases();
  const before = instanceIds();
  const stopping = instances[1]!;
  const stoppedAt = Date.now();
  const stopped = await stopping.stop();
  expect(Date.now() - stoppedAt).toBeLessThan(DOCKER_STOP_GRACE_MS);
  expect([stopped.exitCode, stopped.stderr]).toEqual([0, ""]);
  // a monitor the stopped instance was checking goes down: the survivor must take it over to see it
  const gone = before.filter((id) => !instanceIds().includes(id));
  expect(gone).toHaveLength(1);
  const orphan = held.find((l) => l.instance === gone[0])!.monitor;
  const [survivor, survivorKey] = [apis[0]!, keys[0]!];
  const outage = (await monitors(0)).find((m) => m.id === orphan)!;
  failing.add(new URL(outage.url).pathname);

  const checkedSince = async () => (await monitors(0)).every((m) => m.last_checked_at !== null && Date.parse(m.last_checked_at) > stoppedAt);
  await waitFor("every monitor checked after the stop", checkedSince, GENEROUS_MS);
  const allChecked = Date.now() - stoppedAt;
  console.log(`every monitor checked again ${allChecked} ms after the stop (promised within ${INTERVAL_MS + LEASE_TIMEOUT_MS} ms + ${FLUSH_MS} ms to store)`);
  expect(allChecked).toBeLessThanOrEqual(INTERVAL_MS + LEASE_TIMEOUT_MS + FLUSH_MS);

  await waitFor("the down alert", async () => receiver.requests.length > 0, GENEROUS_MS);
  failing.clear();
  await waitFor("the up alert", async () => receiver.requests.length > 1, GENEROUS_MS);
  // every alert of the monitor sent (none left to go out late), then count what arrived
  const deliveries = async () => json<{ event: string; state: string }[]>(await survivor("GET", `/api/v1/monitors/${orphan}/deliveries`, { auth: survivorKey }));
  await waitFor("its alerts all sent", async () => (await deliveries()).every((d) => d.state === "sent"), GENEROUS_MS);
  expect((await deliveries()).map((d) => d.event)).toEqual(["up", "down"]);
  expect(receiver.requests.map((r) => JSON.parse(r.body) as { event: string; monitor: { id: string } }).map((b) => `${b.event} ${b.monitor.id}`)).toEqual([`down ${orphan}`, `up ${orphan}`]);

  // the checks ran under the file's UPBEAT_REGION, and the image's environment gave the survivor nothing to complain about
  const [latest] = await json<{ region: string | null }[]>(await survivor("GET", `/api/v1/monitors/${orphan}/checks?limit=1`, { auth: survivorKey }));
  expect(latest!.region).toBe(envs[0]!.UPBEAT_REGION!);
  expect(instances[0]!.errors()).toBe("");
}, 4 * GENEROUS_MS);
