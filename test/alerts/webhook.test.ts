import { afterEach, expect, test } from "bun:test";
import { createHmac } from "node:crypto";
import { sendAlert } from "../../src/alerts/registry.ts";
import { downMessage, upMessage } from "./messages.ts";
import { startReceiver, type Receiver } from "./receiver.ts";

const OPTIONS = { timeoutMs: 5000 };
let receiver: Receiver;
afterEach(() => receiver?.stop());

test("with a secret, X-Upbeat-Signature is the HMAC-SHA256 of the exact body", async () => {
  receiver = startReceiver();
  await sendAlert("webhook", downMessage(), { url: `${receiver.url}/in`, secret: "s3cret-shared-with-receiver" }, OPTIONS);
  const request = receiver.only();
  const expected = createHmac("sha256", "s3cret-shared-with-receiver").update(request.body).digest("hex");
  expect(request.headers.get("x-upbeat-signature")).toBe(`sha256=${expected}`);
});

test("without a secret there is no signature header", async () => {
  receiver = startReceiver();
  await sendAlert("webhook", downMessage(), { url: `${receiver.url}/in` }, OPTIONS);
  expect(receiver.only().headers.has("x-upbeat-signature")).toBe(false);
});

test("method and extra headers are the channel's; its content-type replaces ours", async () => {
  receiver = startReceiver();
  const headers = { Authorization: "Bearer abc", "content-type": "application/vnd.upbeat+json" };
  await sendAlert("webhook", downMessage(), { url: `${receiver.url}/in`, method: "put", headers }, OPTIONS);
  const request = receiver.only();
  expect(request.method).toBe("PUT");
  expect(request.headers.get("authorization")).toBe("Bearer abc");
  expect(request.headers.get("content-type")).toBe("application/vnd.upbeat+json");
});

test("an up carries how long the monitor was down", async () => {
  receiver = startReceiver();
  await sendAlert("webhook", upMessage(), { url: `${receiver.url}/in` }, OPTIONS);
  const body = JSON.parse(receiver.only().body);
  expect(body).toMatchObject({ event: "up", duration_seconds: 720, started_at: "2026-03-01T13:05:09.000Z", monitor: { status: "up" } });
});

test("a custom body template replaces the JSON, and is what gets signed", async () => {
  receiver = startReceiver();
  const template = '{"alert": {{ monitor.name | json }}, "state": "{{ event.type }}", "others": {{ down_monitors.size }}}';
  await sendAlert("webhook", downMessage(), { url: `${receiver.url}/in`, template, secret: "k" }, OPTIONS);
  const request = receiver.only();
  expect(JSON.parse(request.body)).toEqual({ alert: "API", state: "down", others: 2 });
  expect(request.headers.get("x-upbeat-signature")).toBe(`sha256=${createHmac("sha256", "k").update(request.body).digest("hex")}`);
});
