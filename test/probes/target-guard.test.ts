import { afterEach, describe, expect, test } from "bun:test";
import {
  blockPrivateTargets, guardTargets, literalAddress, literalTargetProblem, resolveTarget,
} from "../../src/probes/target-guard.ts";

// only the decision is made for these: nothing connects to them
const PUBLIC = ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "::ffff:8.8.8.8", "64:ff9b::808:808"];

const REFUSED: [string, string][] = [
  ["127.0.0.1", "a loopback address"],
  ["127.8.9.10", "a loopback address"],
  ["::1", "a loopback address"],
  ["0.0.0.0", "an unspecified address"],
  ["::", "an unspecified address"],
  ["169.254.169.254", "a link-local address"],
  ["fe80::1", "a link-local address"],
  ["10.1.2.3", "a private address"],
  ["172.16.0.1", "a private address"],
  ["172.31.255.254", "a private address"],
  ["192.168.1.1", "a private address"],
  ["fc00::1", "a private address"],
  ["fd12:3456::1", "a private address"],
  ["100.64.0.1", "a carrier-grade NAT address"],
  ["224.0.0.1", "a multicast address"],
  ["ff02::1", "a multicast address"],
  ["255.255.255.255", "a broadcast address"],
  ["240.0.0.1", "a reserved address"],
  ["192.0.2.1", "a reserved address"],
  // IPv4 reached through IPv6 spellings
  ["::ffff:127.0.0.1", "a loopback address"],
  ["::ffff:7f00:1", "a loopback address"],
  ["::ffff:10.0.0.1", "a private address"],
  ["64:ff9b::a9fe:a9fe", "a link-local address"],
  ["::7f00:1", "a loopback address"],
];

const NUMERIC_TRICKS = ["2130706433", "0x7f.1", "0x7f000001", "0177.0.0.1", "017700000001", "127.1", "127.0.1", "0x7f.0.0.0x1"];

afterEach(() => guardTargets(null));

describe("the decision, without connecting", () => {
  const guard = blockPrivateTargets(null);

  test("ordinary public addresses are allowed", () => {
    for (const address of PUBLIC) expect([address, guard.refusal(address, 443)]).toEqual([address, null]);
  });

  test("loopback, unspecified, link-local, private, CGNAT, multicast, broadcast and reserved are refused", () => {
    for (const [address, why] of REFUSED) expect([address, guard.refusal(address, 80)]).toEqual([address, why]);
  });

  test("upbeat's own address and port is refused, other ports on it are not", () => {
    const own = blockPrivateTargets({ host: "93.184.216.34", port: 8080 });
    expect(own.refusal("93.184.216.34", 8080)).toBe("upbeat itself (port 8080)");
    expect(own.refusal("::ffff:93.184.216.34", 8080)).toBe("upbeat itself (port 8080)");
    expect(own.refusal("93.184.216.34", 443)).toBeNull();
    expect(own.refusal("8.8.8.8", 8080)).toBeNull();
  });
});

describe("numeric spellings", () => {
  test("every spelling the OS reads as 127.0.0.1 is read as 127.0.0.1", () => {
    for (const trick of NUMERIC_TRICKS) expect([trick, literalAddress(trick)]).toEqual([trick, "127.0.0.1"]);
  });

  test("brackets, a trailing dot and plain names", () => {
    expect(literalAddress("[::1]")).toBe("::1");
    expect(literalAddress("127.0.0.1.")).toBe("127.0.0.1");
    expect(literalAddress("example.com")).toBeNull();
    expect(literalAddress("localhost")).toBeNull();
  });
});

describe("resolveTarget", () => {
  test("while every target is allowed, the host is used as given", async () => {
    expect(await resolveTarget("0x7f.1", 80)).toEqual({ address: "0x7f.1" });
    expect(await resolveTarget("localhost", 80)).toEqual({ address: "localhost" });
  });

  test("with the guard on, every numeric spelling of loopback is refused", async () => {
    guardTargets(blockPrivateTargets(null));
    for (const trick of [...NUMERIC_TRICKS, "::ffff:127.0.0.1", "[::1]", "127.0.0.1."]) {
      const result = await resolveTarget(trick, 80);
      expect(result).toEqual({ failure: expect.stringMatching(/^blocked: .* a loopback address \(UPBEAT_ALLOW_PRIVATE_TARGETS=false\)$/) });
    }
    expect(await resolveTarget("2130706433", 80)).toEqual({
      failure: "blocked: 2130706433 resolves to 127.0.0.1, a loopback address (UPBEAT_ALLOW_PRIVATE_TARGETS=false)",
    });
    expect(await resolveTarget("127.0.0.1", 80)).toEqual({
      failure: "blocked: 127.0.0.1 is a loopback address (UPBEAT_ALLOW_PRIVATE_TARGETS=false)",
    });
  });

  test("with the guard on, a name is refused after resolution", async () => {
    guardTargets(blockPrivateTargets(null));
    for (const name of ["localhost", "localhost.", "LOCALHOST"]) {
      expect(await resolveTarget(name, 80)).toEqual({ failure: expect.stringMatching(/^blocked: \S+ resolves to (127\.0\.0\.1|::1), a loopback address/) });
    }
  });

  test("with the guard on, an allowed literal address is handed back in its plain form", async () => {
    guardTargets(blockPrivateTargets(null));
    expect(await resolveTarget("93.184.216.34", 443)).toEqual({ address: "93.184.216.34" });
    expect(await resolveTarget("1572395042", 443)).toEqual({ address: "93.184.216.34" });
    expect(await resolveTarget("[2606:4700:4700::1111]", 443)).toEqual({ address: "2606:4700:4700::1111" });
  });

  test("any refused address of a name refuses it", async () => {
    guardTargets({ refusal: (address) => (address === "127.0.0.1" ? "not this one" : null) });
    expect(await resolveTarget("localhost", 80)).toEqual({ failure: expect.stringContaining("not this one") });
  });
});

describe("literalTargetProblem (creating and editing monitors)", () => {
  test("nothing is refused while every target is allowed", () => {
    expect(literalTargetProblem("127.0.0.1", 80)).toBeNull();
  });

  test("with the guard on, literal and numeric addresses are refused, names wait for the check", () => {
    guardTargets(blockPrivateTargets(null));
    expect(literalTargetProblem("0x7f.1", 80)).toBe("blocked: 0x7f.1 resolves to 127.0.0.1, a loopback address (UPBEAT_ALLOW_PRIVATE_TARGETS=false)");
    expect(literalTargetProblem("169.254.169.254", 80)).toBe("blocked: 169.254.169.254 is a link-local address (UPBEAT_ALLOW_PRIVATE_TARGETS=false)");
    expect(literalTargetProblem("8.8.8.8", 53)).toBeNull();
    expect(literalTargetProblem("localhost", 80)).toBeNull();
  });
});
