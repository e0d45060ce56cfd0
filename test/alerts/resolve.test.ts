// Incident tools open on a down and close the same incident on the up.
import { afterEach, expect, test } from "bun:test";
import { sendAlert } from "../../src/alerts/registry.ts";
import { downMessage, upMessage } from "./messages.ts";
import { startReceiver, type Receiver } from "./receiver.ts";

const OPTIONS = { timeoutMs: 5000 };
let receiver: Receiver;
afterEach(() => receiver?.stop());

test("PagerDuty: trigger on down, resolve on up with the same dedup_key", async () => {
  receiver = startReceiver();
  receiver.answer(202, '{"status": "success"}');
  const config = { base_url: receiver.url, routing_key: "R".repeat(32) };
  await sendAlert("pagerduty", downMessage(), config, OPTIONS);
  const outcome = await sendAlert("pagerduty", upMessage(), config, OPTIONS);
  const [trigger, resolve] = receiver.requests.map((r) => JSON.parse(r.body));
  expect(trigger.event_action).toBe("trigger");
  expect(resolve).toEqual({ routing_key: "R".repeat(32), event_action: "resolve", dedup_key: trigger.dedup_key });
  expect(outcome.ok).toBe(true);
});

test("PagerDuty: the next incident of the monitor gets a new dedup_key", async () => {
  receiver = startReceiver();
  const config = { base_url: receiver.url, routing_key: "R".repeat(32) };
  await sendAlert("pagerduty", downMessage(), config, OPTIONS);
  await sendAlert("pagerduty", downMessage({ started_at: "2026-03-02T08:00:00.000Z" }), config, OPTIONS);
  const [first, second] = receiver.requests.map((r) => JSON.parse(r.body).dedup_key);
  expect(second).not.toBe(first);
});

test("Opsgenie: create on down, close by alias on up", async () => {
  receiver = startReceiver();
  receiver.answer(202, '{"result": "Request will be processed"}');
  const config = { base_url: receiver.url, api_key: "key-123456789" };
  await sendAlert("opsgenie", downMessage(), config, OPTIONS);
  await sendAlert("opsgenie", upMessage(), config, OPTIONS);
  const [create, close] = receiver.requests;
  const alias = JSON.parse(create!.body).alias;
  expect(close!.method).toBe("POST");
  expect(close!.path).toBe(`/v2/alerts/${encodeURIComponent(alias)}/close?identifierType=alias`);
  expect(close!.headers.get("authorization")).toBe("GenieKey key-123456789");
  expect(JSON.parse(close!.body).source).toBe("upbeat");
});

test("Apprise: stateless /notify carries the Apprise URLs", async () => {
  receiver = startReceiver();
  await sendAlert("apprise", upMessage(), { base_url: receiver.url, urls: "tgram://123:abc/456", tag: "ops" }, OPTIONS);
  const request = receiver.only();
  expect(request.path).toBe("/notify");
  expect(JSON.parse(request.body)).toMatchObject({ urls: "tgram://123:abc/456", tag: "ops", type: "success", title: "UP  API" });
});
