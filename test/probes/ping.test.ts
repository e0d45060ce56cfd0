import { expect, test } from "bun:test";
import { probePing } from "../../src/probes/ping.ts";

test("127.0.0.1 answers an ICMP echo", async () => {
  const result = await probePing({ host: "127.0.0.1", timeoutMs: 2000 });
  expect(result).toMatchObject({ isUp: true, statusCode: null, errorMessage: null });
  expect(result.responseTimeMs).toBeGreaterThanOrEqual(0);
});

test("an unknown name is down with a readable reason", async () => {
  const result = await probePing({ host: "no-such-host.invalid", timeoutMs: 2000 });
  expect(result.isUp).toBe(false);
  expect(result.errorMessage).toBe("host not found");
});

test("without ping on the PATH the error says what to install", async () => {
  const path = process.env.PATH;
  process.env.PATH = "/nonexistent";
  try {
    const result = await probePing({ host: "127.0.0.1", timeoutMs: 2000 });
    expect(result).toMatchObject({ isUp: false, errorMessage: "ping is not installed (install iputils-ping)" });
  } finally {
    process.env.PATH = path;
  }
});
