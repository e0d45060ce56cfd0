// valibot pieces shared by the routes (query strings arrive as text).
import * as v from "valibot";
import { docSchema } from "./json-schema.ts";
import { MONITOR_STATUSES, PLANS, ROLES, SCOPES } from "../enums.ts";
import { EmailAddress } from "../accounts/email.ts";
import { isTimeZone, TIME_ZONE_MESSAGE } from "../time.ts";

/** An OpenAPI request body for routes that validate in the domain rather than in Elysia. */
export const jsonBody = (schema: v.GenericSchema) => ({
  required: true,
  content: { "application/json": { schema: docSchema(schema) } },
});

/** An optional whole-number query parameter within [min, max]. */
export const intQuery = (min: number, max: number) =>
  v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d+$/, `must be a whole number from ${min} to ${max}`),
      v.transform(Number),
      v.minValue(min, `must be a whole number from ${min} to ${max}`),
      v.maxValue(max, `must be a whole number from ${min} to ${max}`),
    ),
  );

/** `before`: an ISO time or the id of an item (v7 UUIDs carry their time). */
export const beforeQuery = v.optional(
  v.pipe(
    v.string(),
    v.check(
      (s) => /^[0-9a-f]{8}-[0-9a-f]{4}-7/i.test(s) || !Number.isNaN(Date.parse(s)),
      "must be an ISO 8601 time or an id from an earlier page",
    ),
  ),
);

export const Paging = { limit: intQuery(1, 1000), offset: intQuery(0, 10_000_000) };

export const HistoryQuery = v.object({ limit: intQuery(1, 100), before: beforeQuery });

export const Email = EmailAddress;
export const Password = v.pipe(v.string("must be a string"), v.minLength(8, "must be at least 8 characters"), v.maxLength(1024, "must be at most 1024 characters"));
export const Name = v.pipe(v.string("must be a string"), v.trim(), v.minLength(1, "must not be empty"), v.maxLength(200, "must be at most 200 characters"));

/** One of a fixed list, with a message naming them all: "must be a, b or c". */
const oneOf = <const T extends readonly [string, string, ...string[]]>(values: T) =>
  v.picklist(values, `must be ${values.slice(0, -1).join(", ")} or ${values.at(-1)}`);

export const PlanName = oneOf(PLANS);
export const RoleName = oneOf(ROLES);
export const ScopeName = oneOf(SCOPES);
export const MonitorStatusName = oneOf(MONITOR_STATUSES);
export const TimeZone = v.pipe(v.string("must be a string"), v.check(isTimeZone, TIME_ZONE_MESSAGE));
export const Uuid = v.pipe(v.string("must be a string"), v.uuid("must be a UUID"));

/** `ids=a,b,c` in a query string: at most 1000 monitor ids. */
export const MonitorIds = v.pipe(
  // Elysia hands a comma-separated query value over already split into an array
  v.union([v.string(), v.array(v.string())], "must be comma-separated monitor ids"),
  v.transform((value) => (Array.isArray(value) ? value : [value]).flatMap((s) => s.split(",")).filter(Boolean)),
  v.check((ids) => ids.length <= 1000 && ids.every((id) => /^[0-9a-f-]{36}$/i.test(id)), "must be at most 1000 comma-separated monitor ids"),
);
