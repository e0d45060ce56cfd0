// The field lists the UI's forms are built from, derived from the registries and the shared monitor spec.
import { expect, test } from "bun:test";
import { CHANNEL_KINDS, channelKind, configFields } from "../../src/alerts/registry.ts";
import { probeKinds } from "../../src/probes/registry.ts";
import { json } from "../support/http.ts";
import { useServer } from "../support/server.ts";

const server = useServer();

interface FieldOut { name: string; input: string; secret?: boolean; required?: boolean; default: unknown; options?: string[] }

test("/channel-kinds.json lists every channel kind with exactly its config fields; secrets are password inputs", async () => {
  const kinds = await json<{ name: string; label: string; fields: FieldOut[] }[]>(await server.call("GET", "/channel-kinds.json"));
  expect(kinds.map((k) => k.name)).toEqual(CHANNEL_KINDS);
  for (const kind of kinds) {
    expect([kind.name, kind.fields.map((f) => f.name)]).toEqual([kind.name, configFields(kind.name as never)]);
    for (const secret of channelKind(kind.name as never).secrets) {
      expect([kind.name, secret, kind.fields.find((f) => f.name === secret)!.secret]).toEqual([kind.name, secret, true]);
    }
  }
  const webhook = kinds.find((k) => k.name === "webhook")!;
  expect(webhook.fields).toContainEqual(expect.objectContaining({ name: "secret", input: "password", required: false }));
  expect(webhook.fields).toContainEqual(expect.objectContaining({ name: "url", input: "text", required: true }));
  expect(webhook.fields).toContainEqual(expect.objectContaining({ name: "method", input: "select", options: ["POST", "PUT", "PATCH"], default: "POST" }));
  expect(webhook.fields).toContainEqual(expect.objectContaining({ name: "headers", input: "map", secret: true }));
  const email = kinds.find((k) => k.name === "email")!;
  expect(email.fields).toContainEqual(expect.objectContaining({ name: "to", input: "list" }));
  expect(email.fields).toContainEqual(expect.objectContaining({ name: "port", input: "number", default: 587 }));
});

test("/monitor-fields.json lists the shared fields with the spec's defaults", async () => {
  const fields = await json<FieldOut[]>(await server.call("GET", "/monitor-fields.json"));
  expect(fields.map((f) => f.name)).toEqual(expect.arrayContaining(["name", "project_id", "interval_seconds", "timeout_seconds", "retries", "channel_ids", "remind_every_minutes"]));
  expect(fields.find((f) => f.name === "timeout_seconds")).toMatchObject({ input: "number", default: 10, checkedOnly: true });
  expect(fields.find((f) => f.name === "remind_every_minutes")).toMatchObject({ default: 0 });
});

test("/monitor-fields.json carries the noise settings: recovery, flapping, dependencies and escalation steps", async () => {
  const fields = await json<FieldOut[]>(await server.call("GET", "/monitor-fields.json"));
  expect(fields.find((f) => f.name === "recovery_checks")).toMatchObject({ input: "number", default: 1, checkedOnly: true });
  expect(fields.find((f) => f.name === "flap_threshold")).toMatchObject({ input: "number", default: 6 });
  expect(fields.find((f) => f.name === "flap_window_minutes")).toMatchObject({ input: "number", default: 30 });
  expect(fields.find((f) => f.name === "depends_on")).toMatchObject({ input: "monitors" });
  expect(fields.find((f) => f.name === "escalations")).toMatchObject({ input: "escalations" });
});

test("every setting of every probe kind has a form field (http's headers included)", async () => {
  const kinds = await json<{ name: string; fields: FieldOut[] }[]>(await server.call("GET", "/probe-kinds.json"));
  for (const kind of probeKinds()) {
    const listed = kinds.find((k) => k.name === kind.name)!.fields.map((f) => f.name);
    expect([kind.name, listed]).toEqual([kind.name, Object.keys(kind.settings)]);
  }
  const http = kinds.find((k) => k.name === "http")!;
  expect(http.fields.find((f) => f.name === "headers")).toMatchObject({ input: "map" });
});
