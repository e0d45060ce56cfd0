// Assertions through the API: saved and read back on http and dns monitors, every bad item named as assertions[i].field.
import { beforeAll, expect, test } from "bun:test";
import { expectError, json } from "../support/http.ts";
import { useServer } from "../support/server.ts";

const server = useServer();
let key: string;
beforeAll(async () => {
  key = await server.adminKey();
});

const create = (body: Record<string, unknown>) => server.call("POST", "/api/v1/monitors", { auth: key, body: { name: "api", ...body } });

test("an http monitor keeps its assertions, with path and value null where left out", async () => {
  const assertions = [{ source: "json", path: "$.status", operator: "==", value: "ok" }, { source: "response_time_ms", operator: "<", value: 300 }];
  const created = await json(await create({ kind: "http", url: "http://127.0.0.1:9/health", assertions }));
  expect(created.assertions).toEqual([assertions[0], { ...assertions[1], path: null }]);
  const read = await json(await server.call("GET", `/api/v1/monitors/${created.id}`, { auth: key }));
  expect(read.assertions).toEqual(created.assertions);
});

test("a bad assertion is a 400 naming its index and field", async () => {
  const refused = await expectError(await create({
    kind: "http", url: "http://127.0.0.1:9/", assertions: [{ source: "status", operator: "==", value: 200 }, { source: "json", path: "$.a", operator: "≈", value: 1 }],
  }), 400);
  expect(refused.details).toEqual([{ field: "assertions[1].operator", message: "must be one of ==, !=, <, <=, >, >=, contains, not_contains, matches, exists" }]);
});

test("dns monitors take assertions on their answers; http-only sources are refused there", async () => {
  const created = await json(await create({ kind: "dns", url: "example.com", assertions: [{ source: "answers", operator: "contains", value: "93.184.216.34" }] }));
  expect(created.assertions).toHaveLength(1);
  const refused = await expectError(await create({ kind: "dns", url: "example.com", assertions: [{ source: "json", path: "$.a", operator: "exists" }] }), 400);
  expect(refused.details).toEqual([{ field: "assertions[0].source", message: "must be one of answers, response_time_ms" }]);
});
