import { expect, test } from "bun:test";
import { CHANNEL_KINDS, channelKind, configFields, parseChannelConfig } from "../../src/alerts/registry.ts";

const problems = (kind: Parameters<typeof parseChannelConfig>[0], input: unknown) => {
  const check = parseChannelConfig(kind, input);
  return check.ok ? [] : check.problems;
};

test("defaults are filled in, base URLs included", () => {
  expect(parseChannelConfig("ntfy", { topic: "alerts" })).toEqual({ ok: true, config: { topic: "alerts", base_url: "https://ntfy.sh", priority: 4 } });
  expect(parseChannelConfig("email", { host: "smtp.example.org", from: "a@example.org", to: ["b@example.org"] })).toMatchObject({
    ok: true, config: { port: 587, security: "starttls", ignore_tls_errors: false },
  });
});

test("problems name the field under config and say what is wrong", () => {
  expect(problems("slack", {})).toEqual([{ field: "config.url", message: "is required" }]);
  expect(problems("slack", { url: "ftp://x" })).toEqual([{ field: "config.url", message: "must be an http:// or https:// URL" }]);
  expect(problems("email", { host: "h", from: "nobody", to: ["ok@example.org", "bad"] })).toEqual([
    { field: "config.from", message: 'must be an address such as "upbeat <alerts@example.com>"' },
    { field: "config.to[1]", message: "must be an email address" },
  ]);
  expect(problems("pagerduty", { routing_key: "short" })[0]).toEqual({ field: "config.routing_key", message: "must be the 32-character integration key of an Events API v2 integration" });
});

test("apprise takes a stored key or URLs, not both", () => {
  const message = "give either key (a configuration stored on the server) or urls (Apprise URLs), not both";
  expect(problems("apprise", { base_url: "http://apprise:8000" })).toEqual([{ field: "config", message }]);
  expect(problems("apprise", { base_url: "http://apprise:8000", key: "k", urls: "json://x" })).toEqual([{ field: "config", message }]);
});

test("every kind documents itself: docs link, label, secrets that are config fields", () => {
  for (const kind of CHANNEL_KINDS) {
    const { docs, label, secrets } = channelKind(kind);
    expect(docs).toStartWith("https://");
    expect(label.length).toBeGreaterThan(0);
    expect(configFields(kind)).toContain("template");
    for (const secret of secrets) expect(configFields(kind)).toContain(secret);
  }
});
