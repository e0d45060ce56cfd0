// When windows are on: croner's schedule in the window's zone, DST included, and one-off spans.
import { expect, test } from "bun:test";
import { currentOrNext, lastEndedIn, occurrenceAt, occurrencesBetween } from "../../src/maintenance/windows.ts";

const MINUTE = 60_000;
const at = (iso: string) => Date.parse(iso);
const weekly = { startsAt: null, endsAt: null, schedule: "0 3 * * 0", durationMinutes: 60, timezone: "Europe/Berlin" };
const isoOf = (o: { start: number; end: number } | null) => o && [new Date(o.start).toISOString(), new Date(o.end).toISOString()];

test("a Sunday 03:00 Berlin window stays at 03:00 local across both DST changes", () => {
  // winter (+01:00), the spring change on 29 March, summer (+02:00), the autumn change on 25 October
  expect(isoOf(currentOrNext(weekly, at("2026-03-20T00:00:00Z")))).toEqual(["2026-03-22T02:00:00.000Z", "2026-03-22T03:00:00.000Z"]);
  expect(isoOf(currentOrNext(weekly, at("2026-03-23T00:00:00Z")))).toEqual(["2026-03-29T01:00:00.000Z", "2026-03-29T02:00:00.000Z"]);
  expect(isoOf(currentOrNext(weekly, at("2026-10-19T00:00:00Z")))).toEqual(["2026-10-25T02:00:00.000Z", "2026-10-25T03:00:00.000Z"]);
});

test("occurrenceAt: start inclusive, end exclusive", () => {
  const start = at("2026-03-29T01:00:00Z");
  expect(occurrenceAt(weekly, start - 1)).toBeNull();
  expect(isoOf(occurrenceAt(weekly, start))).toEqual(["2026-03-29T01:00:00.000Z", "2026-03-29T02:00:00.000Z"]);
  expect(occurrenceAt(weekly, start + 59 * MINUTE)).not.toBeNull();
  expect(occurrenceAt(weekly, start + 60 * MINUTE)).toBeNull();
});

test("a one-off window is on between its times and has no next once over", () => {
  const once = { startsAt: at("2026-03-01T10:00:00Z"), endsAt: at("2026-03-01T11:00:00Z"), schedule: null, durationMinutes: null, timezone: "UTC" };
  expect(occurrenceAt(once, once.startsAt - 1)).toBeNull();
  expect(occurrenceAt(once, once.startsAt)).toEqual({ start: once.startsAt, end: once.endsAt });
  expect(occurrenceAt(once, once.endsAt)).toBeNull();
  expect(currentOrNext(once, once.endsAt)).toBeNull();
});

test("lastEndedIn finds the latest end in the span, and none twice", () => {
  const ended = lastEndedIn(weekly, at("2026-03-20T00:00:00Z"), at("2026-03-30T00:00:00Z"));
  expect(isoOf(ended)).toEqual(["2026-03-29T01:00:00.000Z", "2026-03-29T02:00:00.000Z"]);
  expect(lastEndedIn(weekly, at("2026-03-29T02:00:00Z"), at("2026-04-01T00:00:00Z"))).toBeNull();
});

test("back-to-back occurrences: the instant one ends, the next one holds", () => {
  const everyMinuteForAnHour = { startsAt: null, endsAt: null, schedule: "* * * * *", durationMinutes: 60, timezone: "UTC" };
  const t = at("2026-03-01T10:00:00Z");
  expect(isoOf(occurrenceAt(everyMinuteForAnHour, t))).toEqual(["2026-03-01T09:01:00.000Z", "2026-03-01T10:01:00.000Z"]);
});

test("occurrencesBetween lists each occurrence touching the span, the one in progress at its start too", () => {
  const found = occurrencesBetween(weekly, at("2026-03-22T02:30:00Z"), at("2026-04-05T01:30:00Z"));
  expect(found.map((o) => new Date(o.start).toISOString())).toEqual(["2026-03-22T02:00:00.000Z", "2026-03-29T01:00:00.000Z", "2026-04-05T01:00:00.000Z"]);
});
