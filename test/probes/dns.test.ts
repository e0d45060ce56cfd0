import { afterAll, describe, expect, test } from "bun:test";
import { createSocket } from "node:dgram";
import { compileAssertion } from "../../src/probes/assertions.ts";
import { probeDns, type DnsProbeOptions } from "../../src/probes/dns.ts";
import { startDnsResponder } from "../support/dns-responder.ts";

const responder = await startDnsResponder({
  "app.test": {
    A: ["10.0.0.7"],
    AAAA: ["fd00::7"],
    MX: ["10 mail.app.test"],
    TXT: ["v=spf1 -all"],
    NS: ["ns1.app.test"],
  },
  "www.app.test": { CNAME: ["app.test"] },
});
afterAll(() => responder.stop());

const options = (more: Partial<DnsProbeOptions>): DnsProbeOptions => ({
  host: "app.test", recordType: "A", expectedValue: null, resolver: responder.address, timeoutMs: 2000, ...more,
});

describe("dns probe against a local resolver", () => {
  test.each([
    ["A", "10.0.0.7"],
    ["AAAA", "fd00::7"],
    ["MX", "mail.app.test"],
    ["TXT", "v=spf1 -all"],
    ["NS", "ns1.app.test."],
  ] as const)("%s record matches its expected value", async (recordType, expectedValue) => {
    const result = await probeDns(options({ recordType, expectedValue }));
    expect(result).toMatchObject({ isUp: true, statusCode: null, errorMessage: null });
  });

  test("CNAME of an alias", async () => {
    expect((await probeDns(options({ host: "www.app.test", recordType: "CNAME", expectedValue: "app.test" }))).isUp).toBe(true);
  });

  test("a different answer is down and shows what came back", async () => {
    const result = await probeDns(options({ expectedValue: "10.0.0.8" }));
    expect(result).toMatchObject({ isUp: false, errorMessage: "DNS: expected 10.0.0.8, got 10.0.0.7" });
  });

  test("assertions on the answers: the first failure with what came back", async () => {
    const rules = [
      compileAssertion({ source: "answers", operator: "matches", value: "^10\\.0\\." }),
      compileAssertion({ source: "answers", operator: "not_contains", value: "10.0.0.7" }),
    ];
    const result = await probeDns(options({ rules }));
    expect(result).toMatchObject({ isUp: false, errorMessage: 'DNS: answers was ["10.0.0.7"], expected not to contain "10.0.0.7"' });
    expect((await probeDns(options({ rules: rules.slice(0, 1) }))).isUp).toBe(true);
  });

  test("any answer is up when no value is expected", async () => {
    expect((await probeDns(options({ recordType: "MX" }))).isUp).toBe(true);
  });

  test("an unknown name is down", async () => {
    const result = await probeDns(options({ host: "missing.app.test" }));
    expect(result).toMatchObject({ isUp: false, errorMessage: "DNS: domain not found" });
  });

  test("a silent resolver times out", async () => {
    const silent = createSocket("udp4");
    await new Promise<void>((resolve) => silent.bind(0, "127.0.0.1", resolve));
    try {
      const result = await probeDns(options({ resolver: `127.0.0.1:${silent.address().port}`, timeoutMs: 300 }));
      expect(result.isUp).toBe(false);
      expect(result.errorMessage).toMatch(/^(timeout after 0.3 s|DNS: no answer from the resolver)$/);
    } finally {
      silent.close();
    }
  });
});
