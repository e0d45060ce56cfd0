// What every send shares: a deadline, no throw, and failures that say whether a retry can help.
import { afterEach, expect, test } from "bun:test";
import { sendAlert } from "../../src/alerts/registry.ts";
import { closedPort } from "../support/targets.ts";
import { downMessage } from "./messages.ts";
import { startReceiver, type Receiver } from "./receiver.ts";

let receiver: Receiver;
afterEach(() => receiver?.stop());

test("a receiver that never answers is cut off at timeoutMs, to be retried", async () => {
  receiver = startReceiver();
  receiver.hang();
  const started = performance.now();
  const outcome = await sendAlert("slack", downMessage(), { url: `${receiver.url}/hook` }, { timeoutMs: 300 });
  const tookMs = performance.now() - started;
  expect(outcome).toEqual({ ok: false, result: "timeout", error: "no answer within 300 ms", permanent: false });
  expect(tookMs).toBeGreaterThanOrEqual(290);
  expect(tookMs).toBeLessThan(1500);
});

test("the caller's signal cancels a send", async () => {
  receiver = startReceiver();
  receiver.hang();
  const outcome = await sendAlert("discord", downMessage(), { url: `${receiver.url}/hook` }, { timeoutMs: 5000, signal: AbortSignal.timeout(100) });
  expect(outcome).toMatchObject({ ok: false, result: "cancelled", permanent: false });
});

test("nothing listening: retried, with the connection error", async () => {
  const outcome = await sendAlert("ntfy", downMessage(), { base_url: `http://127.0.0.1:${await closedPort()}`, topic: "t" }, { timeoutMs: 2000 });
  expect(outcome).toMatchObject({ ok: false, result: "no answer", permanent: false });
  expect(outcome.error).toContain("ECONNREFUSED");
});

test("a 429 from the service is retried, not permanent", async () => {
  receiver = startReceiver();
  receiver.answer(429, '{"ok": false, "error_code": 429, "description": "Too Many Requests: retry after 5"}');
  const outcome = await sendAlert("telegram", downMessage(), { bot_token: "1:a", chat_id: "5", base_url: receiver.url }, { timeoutMs: 2000 });
  expect(outcome).toEqual({ ok: false, result: "HTTP 429", error: "Too Many Requests: retry after 5", permanent: false });
});

test("a stored config that no longer validates is a permanent failure naming the field", async () => {
  const outcome = await sendAlert("telegram", downMessage(), { bot_token: "nonsense", chat_id: "5" }, { timeoutMs: 2000 });
  expect(outcome.ok).toBe(false);
  expect(outcome.permanent).toBe(true);
  expect(outcome.error).toContain("config.bot_token: must look like 123456:ABC-DEF…");
});

test("the fetch passed in is the one used", async () => {
  const seen: string[] = [];
  const recordingFetch = (async (url: string | URL | Request) => {
    seen.push(String(url));
    return new Response("ok");
  }) as typeof fetch;
  const outcome = await sendAlert("slack", downMessage(), { url: "http://127.0.0.1:9/hook" }, { timeoutMs: 2000, fetch: recordingFetch });
  expect(outcome.ok).toBe(true);
  expect(seen).toEqual(["http://127.0.0.1:9/hook"]);
});
