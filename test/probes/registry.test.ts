// Adding a probe kind is one file: a kind registered here is accepted by the API, shown by the form and checked
// by the scheduler, with no other change anywhere.
import { beforeAll, describe, expect, test } from "bun:test";
import * as v from "valibot";
import { defineKind, type ProbeKind } from "../../src/probes/kind.ts";
import { registerProbeKind } from "../../src/probes/registry.ts";
import { expectError, json } from "../support/http.ts";
import { useServer } from "../support/server.ts";

const echoKind = defineKind({
  name: "echo",
  label: "echo — answers what it is told",
  target: { schema: v.pipe(v.string("must be a string"), v.minLength(1, "must not be empty")), label: "Anything", example: "hello" },
  settings: {
    answer: {
      input: v.optional(v.picklist(["up", "down"], "must be up or down"), "up"),
      output: v.string(),
      form: { label: "Answer", input: "select", options: ["up", "down"] },
    },
  },
  check: ({ url, settings }) => async () =>
    ({
      isUp: settings.answer === "up", statusCode: null, responseTimeMs: 1, errorMessage: settings.answer === "up" ? null : `echo ${url}: down`,
      details: { answered: settings.answer },
    }),
});
registerProbeKind(echoKind as unknown as ProbeKind);

const server = useServer();
let key: string;
beforeAll(async () => {
  key = await server.adminKey();
});

/** Waits until the monitor has a check with this outcome (the server's own scheduler runs the checks). */
async function checkWith(id: string, isUp: boolean) {
  for (let tries = 0; tries < 100; tries++) {
    const checks = await json<{ is_up: boolean; error_message: string | null }[]>(await server.call("GET", `/api/v1/monitors/${id}/checks`, { auth: key }));
    const found = checks.find((c) => c.is_up === isUp);
    if (found) return found;
    await Bun.sleep(50);
  }
  throw new Error(`no check with is_up=${isUp}`);
}

describe("a probe kind registered from one file", () => {
  let id: string;

  test("is created through the API with its settings, and read back", async () => {
    const response = await server.call("POST", "/api/v1/monitors", { auth: key, body: { name: "echo", kind: "echo", url: "hello", answer: "down" } });
    expect(response.status).toBe(201);
    const created = await json(response);
    expect(created).toMatchObject({ kind: "echo", url: "hello", answer: "down", interval_seconds: 60 });
    id = created.id;
    const read = await json(await server.call("GET", `/api/v1/monitors/${id}`, { auth: key }));
    expect(read).toMatchObject({ id, kind: "echo", url: "hello", answer: "down" });
  });

  test("has its settings validated with its own messages", async () => {
    const refused = await expectError(await server.call("POST", "/api/v1/monitors", { auth: key, body: { name: "", kind: "echo", url: "", answer: "maybe" } }), 400);
    expect(refused.details).toEqual([
      { field: "name", message: "must not be empty" },
      { field: "url", message: "must not be empty" },
      { field: "answer", message: "must be up or down" },
    ]);
  });

  test("is checked by the scheduler, and checked again as soon as a setting changes", async () => {
    expect(await checkWith(id, false)).toMatchObject({ error_message: "echo hello: down" });
    const changed = await json(await server.call("PATCH", `/api/v1/monitors/${id}`, { auth: key, body: { answer: "up" } }));
    expect(changed).toMatchObject({ answer: "up" });
    await checkWith(id, true);
  });

  test("shows its latest check's details on the monitor, and only there", async () => {
    let monitor: { details: unknown } = { details: null };
    for (let tries = 0; tries < 100 && JSON.stringify(monitor.details) !== '{"answered":"up"}'; tries++) {
      await Bun.sleep(50);
      monitor = await json(await server.call("GET", `/api/v1/monitors/${id}`, { auth: key }));
    }
    expect(monitor.details).toEqual({ answered: "up" });
    const [latest] = await json<Record<string, unknown>[]>(await server.call("GET", `/api/v1/monitors/${id}/checks`, { auth: key }));
    expect(Object.keys(latest!)).not.toContain("details");
  });

  test("is offered by the form with its fields", async () => {
    const kinds = await json<{ name: string }[]>(await server.call("GET", "/probe-kinds.json"));
    expect(kinds.find((k) => k.name === "echo")).toMatchObject({
      label: "echo — answers what it is told",
      fields: [{ name: "answer", label: "Answer", input: "select", options: ["up", "down"], default: "up" }],
    });
  });
});
