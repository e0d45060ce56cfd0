// Regions through the API: monitors' regions and min_failing_regions are validated with the contract's error body,
// checks carry the region of the instance that ran them, and a monitor's answer says which regions serve it.
import { beforeAll, describe, expect, test } from "bun:test";
import { expectError, json } from "../support/http.ts";
import { useServer } from "../support/server.ts";
import { openStoreOf } from "../support/store.ts";

// this instance is in eu-1, and not paused monitors here would be checked by it
const server = useServer({ UPBEAT_REGION: "eu-1" });
let key: string;

beforeAll(async () => {
  key = await server.adminKey();
});

const create = (body: Record<string, unknown>) =>
  server.call("POST", "/api/v1/monitors", { auth: key, body: { name: "shop", kind: "http", url: "http://127.0.0.1:9/", is_paused: true, ...body } });

describe("regions and min_failing_regions", () => {
  test("default to any one instance and one failing region", async () => {
    const m = await json(await create({}));
    expect(m).toMatchObject({ regions: [], min_failing_regions: 1 });
    expect(m.region_results).toBeUndefined();
  });

  test("are stored, changed by PATCH and shown with each region's latest result", async () => {
    const m = await json(await create({ regions: ["eu-1", "us-1"], min_failing_regions: 2 }));
    expect(m).toMatchObject({ regions: ["eu-1", "us-1"], min_failing_regions: 2 });
    // eu-1 is this instance's region; nothing runs in us-1, so a typo or a missing instance shows here
    expect(m.region_results).toEqual([
      { region: "eu-1", served: true, is_up: null, checked_at: null, error_message: null },
      { region: "us-1", served: false, is_up: null, checked_at: null, error_message: null },
    ]);
    const { store } = openStoreOf(server);
    const seq = store.monitors.byId(m.id)!.seq;
    store.regions.record({ monitorSeq: seq, regionId: store.regions.idOf("us-1"), checkedAt: Date.parse("2026-01-01T00:00:00Z"), isUp: false, errorMessage: "timeout" }, { retries: 0, recoveryChecks: 1 });
    const read = await json(await server.call("GET", `/api/v1/monitors/${m.id}`, { auth: key }));
    expect(read.region_results[1]).toEqual({ region: "us-1", served: false, is_up: false, checked_at: "2026-01-01T00:00:00.000Z", error_message: "timeout" });
    const patched = await json(await server.call("PATCH", `/api/v1/monitors/${m.id}`, { auth: key, body: { regions: ["eu-1"], min_failing_regions: 1 } }));
    expect(patched.region_results.map((r: { region: string }) => r.region)).toEqual(["eu-1"]);
  });

  test("a PATCH taking off the failing region moves the status at once, and its result is gone", async () => {
    const m = await json(await create({ regions: ["eu-1", "us-1"] }));
    const { store } = openStoreOf(server);
    const seq = store.monitors.byId(m.id)!.seq;
    const now = Date.now();
    const result = (region: string, isUp: boolean) =>
      store.regions.record({ monitorSeq: seq, regionId: store.regions.idOf(region), checkedAt: now, isUp, errorMessage: isUp ? null : "timeout" }, { retries: 0, recoveryChecks: 1 });
    result("eu-1", true);
    result("us-1", false);
    store.events.transition(m.id, "pending", "down", "failing from us-1: timeout", now);
    const patched = await json(await server.call("PATCH", `/api/v1/monitors/${m.id}`, { auth: key, body: { regions: ["eu-1"] } }));
    expect(patched).toMatchObject({ status: "up", status_reason: null });
    expect(patched.region_results.map((r: { region: string }) => r.region)).toEqual(["eu-1"]);
    expect(store.regions.latestOf(seq)).toHaveLength(1);
  });

  test("a PATCH of a monitor no region checked lately leaves its status: stale results say nothing", async () => {
    const m = await json(await create({ regions: ["eu-1", "us-1"] }));
    const { store } = openStoreOf(server);
    const seq = store.monitors.byId(m.id)!.seq;
    const longAgo = Date.now() - 24 * 3600_000;
    store.regions.record({ monitorSeq: seq, regionId: store.regions.idOf("us-1"), checkedAt: longAgo, isUp: false, errorMessage: "timeout" }, { retries: 0, recoveryChecks: 1 });
    store.events.transition(m.id, "pending", "down", "failing from us-1: timeout", longAgo);
    const patched = await json(await server.call("PATCH", `/api/v1/monitors/${m.id}`, { auth: key, body: { retries: 1 } }));
    expect(patched).toMatchObject({ status: "down", status_reason: "failing from us-1: timeout" });
  });

  test("bad values are refused naming the field", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ regions: "eu-1" }, "regions"],
      [{ regions: ["eu 1"] }, "regions[0]"],
      [{ regions: ["eu-1", "eu-1"] }, "regions"],
      [{ regions: ["eu-1"], min_failing_regions: 2 }, "min_failing_regions"],
      [{ min_failing_regions: 0 }, "min_failing_regions"],
      [{ kind: "heartbeat", url: undefined, regions: ["eu-1"] }, "regions"],
    ];
    for (const [body, field] of cases) {
      const error = await expectError(await create(body), 400);
      expect({ body, fields: error.details!.map((d: { field: string }) => d.field) }).toEqual({ body, fields: [field] });
    }
  });
});

test("a check shows the region of the instance that ran it, null without one", async () => {
  const m = await json(await create({}));
  const { store } = openStoreOf(server);
  const seq = store.monitors.byId(m.id)!.seq;
  const at = Date.parse("2026-01-01T00:00:00Z");
  store.checks.insertMany([
    { monitorSeq: seq, checkedAt: at, isUp: true, statusCode: 200, responseTimeMs: 5, errorMessage: null },
    { monitorSeq: seq, checkedAt: at + 1, isUp: true, statusCode: 200, responseTimeMs: 5, errorMessage: null, regionId: store.regions.idOf("ap-2") },
  ]);
  const checks = await json<{ region: string | null; id: string }[]>(await server.call("GET", `/api/v1/monitors/${m.id}/checks`, { auth: key }));
  expect(checks.map((c) => c.region)).toEqual(["ap-2", null]);
});
