// Heartbeat: not checked but pinged. A cron job or worker calls its ping URL; it is down when a ping is late.
import * as v from "valibot";
import { Cron } from "croner";
import { isTimeZone, TIME_ZONE_MESSAGE } from "../time.ts";
import { defineKind, int, optionalOrNull, trimmed, wholeNumber } from "./kind.ts";

/** Parses, and fires at least once (`0 0 30 2 *` parses but never comes). */
export const isValidCron = (expression: string) => {
  try {
    return new Cron(expression, { paused: true }).nextRun() !== null;
  } catch {
    return false;
  }
};

export const heartbeatKind = defineKind({
  name: "heartbeat",
  label: "heartbeat — a cron job pings us",
  defaultIntervalSeconds: 86400,
  settings: {
    grace_seconds: {
      input: v.optional(int(0, 86400), 3600),
      output: wholeNumber,
      form: { label: "Grace", input: "number", help: "seconds late before it is down", min: 0, max: 86400 },
    },
    schedule: {
      input: optionalOrNull(trimmed(v.check(isValidCron, 'must be a cron expression that fires, such as "0 3 * * *"'))),
      output: v.nullable(v.string()),
      form: { label: "Schedule", input: "text", help: "cron expression, instead of the period, e.g. 0 3 * * *" },
    },
    timezone: {
      input: v.optional(v.pipe(v.string("must be a string"), v.check(isTimeZone, TIME_ZONE_MESSAGE)), "UTC"),
      output: v.string(),
      form: { label: "Time zone", input: "text", help: "for the schedule, e.g. Europe/Berlin" },
    },
  },
});
