// Maintenance windows: who may see and change them, their validated timing, and which window (if any)
// holds a monitor's alerts back right now.
import * as v from "valibot";
import { organizationForNew, visibleOr404, writableOr403 } from "../accounts/roles.ts";
import type { MaintenanceRow, MonitorRow } from "../domain/types.ts";
import { invalid, type FieldProblem } from "../errors.ts";
import { isValidCron } from "../probes/heartbeat.ts";
import { coarseNow, keepFor } from "../store/cache.ts";
import type { MaintenanceWithLinks } from "../store/maintenance.ts";
import type { Store } from "../store/index.ts";
import { isTimeZone, TIME_ZONE_MESSAGE, toIsoOrNull, type Clock } from "../time.ts";
import { parseBody, READ_ONLY_FIELD, strictBody, UNKNOWN_FIELD } from "../validation.ts";
import { occurrenceAt } from "./windows.ts";

const Ids = (what: string) => v.optional(v.pipe(
  v.array(v.pipe(v.string(`must be ${what} ids`), v.uuid(`must be ${what} ids`)), `must be a list of ${what} ids`),
  v.maxLength(1000, `must list at most 1000 ${what}s`),
), []);
const Time = v.nullish(v.pipe(v.string("must be an ISO 8601 time"), v.isoTimestamp("must be an ISO 8601 time such as 2026-03-01T02:00:00Z")));

/** What a window's answer shows that no body sets. */
const SHOWN_ONLY = ["id", "occurrence", "created_at"];

/** A whole window, as POST takes it and as a PATCH merged over the stored one is checked. */
export const MaintenanceInput = strictBody({
  title: v.pipe(v.string("must be a string"), v.trim(), v.minLength(1, "must not be empty"), v.maxLength(200, "must be at most 200 characters")),
  monitor_ids: Ids("monitor"),
  project_ids: Ids("project"),
  starts_at: Time,
  ends_at: Time,
  schedule: v.nullish(v.pipe(v.string("must be a string"), v.trim(), v.check(isValidCron, 'must be a cron expression that fires, such as "0 3 * * 0"'))),
  duration_minutes: v.nullish(v.pipe(v.number("must be a whole number"), v.integer("must be a whole number"), v.minValue(1, "must be from 1 to 10080"), v.maxValue(10080, "must be from 1 to 10080"))),
  timezone: v.optional(v.pipe(v.string("must be a string"), v.check(isTimeZone, TIME_ZONE_MESSAGE)), "UTC"),
  is_active: v.optional(v.boolean("must be true or false"), true),
  organization_id: v.optional(v.pipe(v.string("must be a string"), v.uuid("must be a UUID"))),
}, (field) => (SHOWN_ONLY.includes(field) ? READ_ONLY_FIELD : UNKNOWN_FIELD));
type Input = v.InferOutput<typeof MaintenanceInput>;

/** One-off or recurring, never half of each: the problems, named by field. */
export function timingProblems(w: Input): FieldProblem[] {
  const oneOff = w.starts_at != null || w.ends_at != null;
  const recurring = w.schedule != null || w.duration_minutes != null;
  if (oneOff && recurring) return [{ field: "schedule", message: "a window is either one-off (starts_at, ends_at) or recurring (schedule, duration_minutes), not both" }];
  if (recurring) {
    if (w.schedule == null) return [{ field: "schedule", message: "is required with duration_minutes" }];
    if (w.duration_minutes == null) return [{ field: "duration_minutes", message: "is required with schedule" }];
    return [];
  }
  if (w.starts_at == null) return [{ field: "starts_at", message: "is required (or schedule and duration_minutes)" }];
  if (w.ends_at == null) return [{ field: "ends_at", message: "is required with starts_at" }];
  return Date.parse(w.ends_at) > Date.parse(w.starts_at) ? [] : [{ field: "ends_at", message: "must be after starts_at" }];
}

function rowToInput(w: MaintenanceWithLinks): Record<string, unknown> {
  return {
    title: w.title, monitor_ids: w.monitorIds, project_ids: w.projectIds, starts_at: toIsoOrNull(w.startsAt), ends_at: toIsoOrNull(w.endsAt),
    schedule: w.schedule, duration_minutes: w.durationMinutes, timezone: w.timezone, is_active: w.isActive,
  };
}

/** The first active window that covers the monitor and is on at `at`. */
export function windowOf(store: Store, monitor: Pick<MonitorRow, "id" | "projectId">, at: number): MaintenanceRow | null {
  return store.maintenance.covering(monitor.id, monitor.projectId).find((w) => occurrenceAt(w, at)) ?? null;
}

const msOrNull = (iso: string | null | undefined) => (iso == null ? null : Date.parse(iso));

export function createMaintenanceService(store: Store, clock: Clock) {
  const visible = (id: string, userId: string) => visibleOr404(store.maintenance.getForUser(id, userId), "Maintenance window");

  /** The whole window checked, its monitors and projects the organization's own. */
  function checked(organizationId: string, input: unknown) {
    const body = parseBody(MaintenanceInput, input);
    const problems = timingProblems(body);
    const monitorIds = [...new Set(body.monitor_ids)];
    const projectIds = [...new Set(body.project_ids)];
    const knownMonitors = store.maintenance.monitorIdsIn(organizationId, monitorIds);
    const knownProjects = store.maintenance.projectIdsIn(organizationId, projectIds);
    const unknownMonitors = monitorIds.filter((id) => !knownMonitors.has(id));
    const unknownProjects = projectIds.filter((id) => !knownProjects.has(id));
    if (unknownMonitors.length > 0) problems.push({ field: "monitor_ids", message: `not monitors of this organization: ${unknownMonitors.join(", ")}` });
    if (unknownProjects.length > 0) problems.push({ field: "project_ids", message: `not projects of this organization: ${unknownProjects.join(", ")}` });
    if (monitorIds.length + projectIds.length === 0) problems.push({ field: "monitor_ids", message: "name at least one monitor or project (project_ids)" });
    if (problems.length > 0) throw invalid(problems);
    const row = {
      title: body.title, startsAt: msOrNull(body.starts_at), endsAt: msOrNull(body.ends_at), schedule: body.schedule ?? null,
      durationMinutes: body.duration_minutes ?? null, timezone: body.timezone, isActive: body.is_active,
    };
    return { row, links: { monitorIds, projectIds } };
  }

  // every API read of a monitor asks which window holds it: the active windows (a handful) are kept in memory,
  // dropped by this service's own writes; the TTL bounds anything else (on a shared store, windows written
  // through another instance: held alerts and monitor reads here follow them within 2 s)
  const ACTIVE_TTL_MS = keepFor(store, 30_000, 2_000);
  let active: { readAt: number; windows: MaintenanceWithLinks[] } | null = null;
  const activeWindows = (): MaintenanceWithLinks[] => {
    const now = coarseNow();
    if (!active || now - active.readAt > ACTIVE_TTL_MS) active = { readAt: now, windows: store.maintenance.allActive() };
    return active.windows;
  };
  const listeners = new Set<() => void>();
  const changed = <T>(result: T): T => {
    active = null;
    for (const listener of listeners) listener();
    return result;
  };

  return {
    get: (id: string, userId: string): MaintenanceWithLinks => visible(id, userId).window,

    list: (userId: string, beforeMs?: number): MaintenanceWithLinks[] => store.maintenance.listForUser(userId, beforeMs),

    create(userId: string, input: unknown): MaintenanceWithLinks {
      const organizationId = organizationForNew(store.organizations.listForUser(userId), parseBody(MaintenanceInput, input).organization_id);
      const { row, links } = checked(organizationId, input);
      const now = clock();
      // ends before its creation are not this window's to report
      return changed(store.maintenance.insert({ ...row, organizationId, endHandledAt: now }, links, now));
    },

    update(id: string, userId: string, changes: unknown): MaintenanceWithLinks {
      const { window } = writableOr403(store.maintenance.getForUser(id, userId), "Maintenance window");
      if (typeof changes !== "object" || changes === null || Array.isArray(changes)) throw invalid([{ field: "body", message: "must be a JSON object" }]);
      const { row, links } = checked(window.organizationId, { ...rowToInput(window), ...changes });
      return changed(store.maintenance.update(id, row, links, clock()));
    },

    delete(id: string, userId: string): void {
      writableOr403(store.maintenance.getForUser(id, userId), "Maintenance window");
      changed(store.maintenance.delete(id));
    },

    /** Hears of every window created, edited or deleted through this service. */
    onChange: (listener: () => void) => void listeners.add(listener),

    /** Another instance changed a window: read the active ones again on next use. */
    changedElsewhere: () => void (active = null),

    /** The active windows on at `at`, oldest first. */
    windowsOnAt: (at: number): MaintenanceWithLinks[] => activeWindows().filter((w) => occurrenceAt(w, at)),

    windowOf: (monitor: Pick<MonitorRow, "id" | "projectId">, at: number): MaintenanceRow | null =>
      activeWindows().find((w) => (w.monitorIds.includes(monitor.id) || w.projectIds.includes(monitor.projectId)) && occurrenceAt(w, at)) ?? null,

    /** The window holding each monitor's alerts back now, for a page of monitors. */
    windowsOf(monitors: Pick<MonitorRow, "id" | "projectId">[], at: number): Map<string, string | null> {
      const on = activeWindows().filter((w) => occurrenceAt(w, at));
      return new Map(monitors.map((m) => [m.id, on.find((w) => w.monitorIds.includes(m.id) || w.projectIds.includes(m.projectId))?.id ?? null]));
    },
  };
}

export type MaintenanceService = ReturnType<typeof createMaintenanceService>;
