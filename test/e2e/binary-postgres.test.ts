// The compiled executable on PostgreSQL (UPBEAT_DATABASE_URL), from an empty database: the main flow of
// binary.test.ts, its CLI beside the running server, a restart on the same data, and nothing in the data folder's file.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { readdirSync } from "node:fs";
import { apiClient, json, type Call } from "../support/http.ts";
import { postgresForStores, type PostgresForStores } from "../support/postgres-store.ts";
import { BUILD_TIMEOUT_MS, binaryWithData, runCommand, startBinary, type RunningBinary } from "./binary.ts";
import { addUserWithKey, driveMainFlow, expectMadeIntact, type Made } from "./main-flow.ts";

let postgres: PostgresForStores;
let database: { url: string; drop(): void };
let setup: ReturnType<typeof binaryWithData>;
let server: RunningBinary;
let made: Made;
const api: Call = (method, path, options) => apiClient(server.base)(method, path, options);

beforeAll(async () => {
  postgres = await postgresForStores();
  database = postgres.freshDatabase("template0"); // empty: the binary applies its own migrations
  setup = binaryWithData({ UPBEAT_DATABASE_URL: database.url });
}, BUILD_TIMEOUT_MS);

afterAll(async () => {
  if (server && server.process.exitCode === null && server.process.signalCode === null) await server.stop();
  setup.remove();
  database.drop();
  postgres.stop();
});

test("starts on an empty PostgreSQL database, migrating it, and answers /healthz", async () => {
  server = await startBinary(setup.binary, setup.env);
  expect(server.output()).toContain("created admin");
  expect((await api("GET", "/healthz")).status).toBe(200);
});

test("drives login → API key → project → monitor → list → delete over HTTP, and the monitor is checked", async () => {
  made = await driveMainFlow(api, server.base);
  const deadline = Date.now() + 20_000;
  let status = "pending";
  while (status === "pending" && Date.now() < deadline) {
    await Bun.sleep(200);
    status = (await json<{ status: string }>(await api("GET", `/api/v1/monitors/${made.keptMonitorId}`, { auth: made.key }))).status;
  }
  expect(status).toBe("up");
});

test("`upbeat user add` and `upbeat key create` write to the same database the server reads", async () => {
  await addUserWithKey(setup.binary, setup.env, api);
});

test("`upbeat migrate` finds the database up to date", () => {
  const result = runCommand(setup.binary, ["migrate"], setup.env);
  expect(result.exitCode).toBe(0);
  expect(result.stdout.trim()).toBe("database is up to date");
});

test("SIGTERM stops it with exit code 0, and no SQLite file was made in the data folder", async () => {
  const stopped = await server.stop();
  expect([stopped.exitCode, stopped.stderr]).toEqual([0, ""]);
  expect(readdirSync(setup.dataDir).filter((name) => name.startsWith("upbeat.db"))).toEqual([]);
});

test("started again on the same database, the project, monitor and key are intact and the admin is not made again", async () => {
  server = await startBinary(setup.binary, setup.env);
  await expectMadeIntact(api, made);
  expect(server.output()).not.toContain("created admin");
  expect((await server.stop()).exitCode).toBe(0);
});
