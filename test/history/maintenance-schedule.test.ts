import { expect, test } from "bun:test";
import { nextRunAfter } from "../../src/history/maintenance.ts";

const at = (iso: string) => Date.parse(iso);

test("the hourly history job runs 5 minutes past each hour, UTC, strictly after the time given", () => {
  expect(nextRunAfter(at("2026-03-29T00:59:59.000Z"))).toBe(at("2026-03-29T01:05:00.000Z"));
  expect(nextRunAfter(at("2026-03-29T01:04:59.999Z"))).toBe(at("2026-03-29T01:05:00.000Z"));
  // at the run time itself: the next hour's
  expect(nextRunAfter(at("2026-03-29T01:05:00.000Z"))).toBe(at("2026-03-29T02:05:00.000Z"));
  expect(nextRunAfter(at("2026-12-31T23:30:00.000Z"))).toBe(at("2027-01-01T00:05:00.000Z"));
});
