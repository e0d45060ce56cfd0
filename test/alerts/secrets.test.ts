import { expect, test } from "bun:test";
import { maskConfig, mergeConfig } from "../../src/alerts/secrets.ts";

const SLACK_URL = "https://hooks.slack.com/services/T000/B000/XXXXabcd";

test("secrets come back as their last four characters", () => {
  expect(maskConfig("slack", { url: SLACK_URL })).toEqual({ url: "…abcd" });
  expect(maskConfig("telegram", { bot_token: "123456:ABC-DEF1234wxyz", chat_id: "-100" })).toEqual({ bot_token: "…wxyz", chat_id: "-100" });
  expect(maskConfig("email", { host: "smtp.example.org", username: "alerts", password: "correct-horse-battery" })).toEqual({
    host: "smtp.example.org", username: "alerts", password: "…tery",
  });
});

test("every value of a webhook's headers is masked, and short secrets show nothing", () => {
  const masked = maskConfig("webhook", { url: "https://example.org/in", secret: "short", headers: { Authorization: "Bearer 0123456789abcdef" } });
  expect(masked).toEqual({ url: "https://example.org/in", secret: "…", headers: { Authorization: "…cdef" } });
});

test("every chat webhook URL counts as a secret", () => {
  for (const kind of ["slack", "discord", "teams", "google_chat", "mattermost"] as const) {
    expect(maskConfig(kind, { url: SLACK_URL }).url).toBe("…abcd");
  }
});

test("the masked value sent back keeps the stored secret; a new value replaces it", () => {
  const stored = { bot_token: "123456:ABC-DEF1234wxyz", chat_id: "-100" };
  expect(mergeConfig("telegram", stored, { bot_token: "…wxyz", chat_id: "-200" })).toEqual({ bot_token: "123456:ABC-DEF1234wxyz", chat_id: "-200" });
  expect(mergeConfig("telegram", stored, { bot_token: "999:NEW-token", chat_id: "-100" })).toEqual({ bot_token: "999:NEW-token", chat_id: "-100" });
});

test("headers merge one by one: kept, changed and added", () => {
  const stored = { url: "https://example.org/in", headers: { Authorization: "Bearer 0123456789abcdef", "X-Team": "ops-team-secret" } };
  const incoming = { url: "https://example.org/in", headers: { Authorization: "…cdef", "X-Team": "new-team", "X-New": "1" } };
  expect(mergeConfig("webhook", stored, incoming).headers).toEqual({ Authorization: "Bearer 0123456789abcdef", "X-Team": "new-team", "X-New": "1" });
});
