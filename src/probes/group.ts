// Group: no network; its status follows its children (a list of monitors of the same organization), down when any
// (or all, as configured) of them are down. Other monitors can depend on a group like on any monitor.
import * as v from "valibot";
import type { MonitorStatus } from "../enums.ts";
import { defineKind, type MonitorCheck } from "./kind.ts";
import { down, up } from "./result.ts";

export interface Child {
  name: string;
  status: MonitorStatus;
  isPaused: boolean;
}

// set once at start from the store, like the target guard: probes know nothing of SQL
let readChild: ((id: string) => Child | undefined) | null = null;

export function readChildrenWith(reader: ((id: string) => Child | undefined) | null): void {
  readChild = reader;
}

const DOWN_WHEN = ["any", "all"] as const;
const MAX_NAMED = 5;

/** Paused, deleted and not yet checked children count for nothing; the rest decide. */
export function groupCheck(childIds: readonly string[], downWhen: (typeof DOWN_WHEN)[number]): MonitorCheck {
  return async () => {
    const startedAt = performance.now();
    if (!readChild) return down(startedAt, "the group's children cannot be read");
    const counted = childIds.map((id) => readChild!(id)).filter((c): c is Child => c !== undefined && !c.isPaused && c.status !== "pending");
    const downNames = counted.filter((c) => c.status === "down").map((c) => c.name);
    const details = { up: counted.length - downNames.length, down: downNames.length, not_counted: childIds.length - counted.length };
    const isDown = downWhen === "any" ? downNames.length > 0 : counted.length > 0 && downNames.length === counted.length;
    if (!isDown) return { ...up(startedAt), details };
    const named = downNames.slice(0, MAX_NAMED).join(", ") + (downNames.length > MAX_NAMED ? ", …" : "");
    return { ...down(startedAt, `${downNames.length} of ${counted.length} down: ${named}`), details };
  };
}

export const groupKind = defineKind({
  name: "group",
  label: "group — down when its children are",
  monitorLists: ["children"],
  settings: {
    children: {
      input: v.pipe(
        v.array(v.pipe(v.string("must be monitor ids"), v.uuid("must be monitor ids")), "must be a list of monitor ids"),
        v.minLength(1, "must list at least one monitor"),
        v.maxLength(200, "must list at most 200 monitors"),
      ),
      output: v.array(v.string()),
      form: { label: "Children", input: "monitors", help: "the monitors this group sums up" },
    },
    down_when: {
      input: v.optional(v.picklist(DOWN_WHEN, "must be any or all"), "any"),
      output: v.string(),
      form: { label: "Down when", input: "select", options: DOWN_WHEN, help: "any child is down, or all of them" },
    },
  },
  check: ({ settings }) => groupCheck(settings.children, settings.down_when),
});
