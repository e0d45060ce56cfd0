// Deadlines from a period or a cron schedule in the monitor's zone, right across DST changes.
import { describe, expect, test } from "bun:test";
import { deadlineAfterSuccess, nextExpectedAt } from "../../src/heartbeats/schedule.ts";

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();
const cron = (schedule: string, timezone: string, graceSeconds = 0) => ({ intervalSeconds: 86400, graceSeconds, schedule, timezone });

describe("period", () => {
  test("the deadline is the last success plus period plus grace", () => {
    const monitor = { intervalSeconds: 300, graceSeconds: 60, schedule: null, timezone: "UTC" };
    expect(iso(deadlineAfterSuccess(monitor, at("2025-01-01T00:00:00Z")))).toBe("2025-01-01T00:06:00.000Z");
  });
});

describe("cron in Europe/Berlin", () => {
  test("a daily 03:00 job before spring-forward is next due 23 hours later", () => {
    // 2024-03-31: 02:00 CET jumps to 03:00 CEST
    const ranAt = at("2024-03-30T02:00:00Z"); // 03:00 CET
    expect(iso(nextExpectedAt(cron("0 3 * * *", "Europe/Berlin"), ranAt))).toBe("2024-03-31T01:00:00.000Z");
  });

  test("a daily 03:00 job before fall-back is next due 25 hours later, plus grace", () => {
    // 2024-10-27: 03:00 CEST falls back to 02:00 CET
    const ranAt = at("2024-10-26T01:00:00Z"); // 03:00 CEST
    expect(iso(deadlineAfterSuccess(cron("0 3 * * *", "Europe/Berlin", 600), ranAt))).toBe("2024-10-27T02:10:00.000Z");
  });

  test("02:30, which does not exist on spring-forward day, is due when the clock jumps", () => {
    const ranAt = at("2024-03-30T01:30:00Z"); // 02:30 CET
    expect(iso(nextExpectedAt(cron("30 2 * * *", "Europe/Berlin"), ranAt))).toBe("2024-03-31T01:00:00.000Z");
  });

  test("02:30, which happens twice on fall-back day, is due once", () => {
    const first = nextExpectedAt(cron("30 2 * * *", "Europe/Berlin"), at("2024-10-26T00:30:00Z"));
    expect(iso(first)).toBe("2024-10-27T00:30:00.000Z"); // 02:30 CEST
    expect(iso(nextExpectedAt(cron("30 2 * * *", "Europe/Berlin"), first))).toBe("2024-10-28T01:30:00.000Z");
  });
});

describe("cron in America/New_York", () => {
  test("a daily 09:00 job before fall-back is next due 25 hours later", () => {
    // 2024-11-03: 02:00 EDT falls back to 01:00 EST
    expect(iso(nextExpectedAt(cron("0 9 * * *", "America/New_York"), at("2024-11-02T13:00:00Z")))).toBe("2024-11-03T14:00:00.000Z");
  });

  test("a daily 09:00 job before spring-forward is next due 23 hours later", () => {
    // 2024-03-10: 02:00 EST jumps to 03:00 EDT
    expect(iso(nextExpectedAt(cron("0 9 * * *", "America/New_York"), at("2024-03-09T14:00:00Z")))).toBe("2024-03-10T13:00:00.000Z");
  });

  test("an hourly job skips the missing hour on spring-forward night", () => {
    // 01:00 EST is 06:00Z; the next hour on the wall clock is 03:00 EDT, also 07:00Z
    expect(iso(nextExpectedAt(cron("0 * * * *", "America/New_York"), at("2024-03-10T06:00:00Z")))).toBe("2024-03-10T07:00:00.000Z");
  });

  test("the same expression in UTC is due at a different instant", () => {
    expect(iso(nextExpectedAt(cron("0 9 * * *", "UTC"), at("2024-11-02T13:00:00Z")))).toBe("2024-11-03T09:00:00.000Z");
  });
});
