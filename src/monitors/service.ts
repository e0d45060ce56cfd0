// Creating and changing monitors: access rules, defaults, and telling the scheduler at once.
import { organizationForNew, visibleOr404, writableOr403 } from "../accounts/roles.ts";
import { newPingToken } from "../accounts/secrets.ts";
import type { MonitorRow } from "../domain/types.ts";
import { conflict, invalid, notFound } from "../errors.ts";
import { BoundedCache, keepFor } from "../store/cache.ts";
import type { Store } from "../store/index.ts";
import type { MonitorFilter, NewMonitor } from "../store/store.ts";
import type { Clock } from "../time.ts";
import { isPinged, probeKind } from "../probes/registry.ts";
import { checkChannelIds } from "../channels/links.ts";
import { checkDependsOn, checkMonitorIds } from "./dependencies.ts";
import { checkEscalations } from "./escalations.ts";
import { reviewRegions } from "./regions.ts";
import { parseMonitorChanges, parseMonitorSpec, type MonitorSpec } from "./spec.ts";
import type { StatusChanges } from "./status.ts";

export type MonitorChange = { type: "saved"; monitor: MonitorRow } | { type: "deleted"; monitor: MonitorRow };
export type MonitorListener = (change: MonitorChange) => void;

/** Why an edit put a monitor back to pending: a new target or kind says nothing about the old status. */
export const SETTINGS_CHANGED = "settings changed";

/** Spec fields → row columns; the kind's settings replace the stored ones whole, so a kind change leaves nothing stale. */
function specToRow(spec: MonitorSpec): Omit<NewMonitor, "projectId"> {
  return {
    name: spec.name, kind: spec.kind, url: spec.url, intervalSeconds: spec.interval_seconds, timeoutSeconds: spec.timeout_seconds,
    retries: spec.retries, recoveryChecks: spec.recovery_checks, isPaused: spec.is_paused, isPublic: spec.is_public, remindEveryMinutes: spec.remind_every_minutes,
    flapThreshold: spec.flap_threshold, flapWindowMinutes: spec.flap_window_minutes, isCritical: spec.is_critical, settings: spec.settings,
    regions: spec.regions, minFailingRegions: spec.min_failing_regions,
  };
}

/** A stored monitor as spec input, for merging a PATCH into it (nulls dropped so defaults apply). */
function rowToSpecInput(m: MonitorRow): Record<string, unknown> {
  const input: Record<string, unknown> = {
    name: m.name, kind: m.kind, url: m.url, project_id: m.projectId, interval_seconds: m.intervalSeconds,
    timeout_seconds: m.timeoutSeconds, retries: m.retries, recovery_checks: m.recoveryChecks, is_paused: m.isPaused, is_public: m.isPublic,
    remind_every_minutes: m.remindEveryMinutes, flap_threshold: m.flapThreshold, flap_window_minutes: m.flapWindowMinutes, is_critical: m.isCritical,
    regions: m.regions, min_failing_regions: m.minFailingRegions, ...m.settings,
  };
  for (const key of Object.keys(input)) if (input[key] === null) delete input[key];
  return input;
}

/** Letters, digits, - and _: what fits in a URL path segment unescaped (Kuma tokens, UUIDs). */
const GIVEN_TOKEN = /^[A-Za-z0-9_-]{8,128}$/;

/** A given ping token if it is usable and free, else a new one. */
function checkedPingToken(store: Store, given: string | undefined): string {
  if (given === undefined) return newPingToken();
  if (!GIVEN_TOKEN.test(given)) throw invalid([{ field: "ping_token", message: "must be 8–128 letters, digits, - or _" }]);
  if (store.monitors.byPingToken(given) || store.imports.aliasOwner(given)) throw conflict("This ping token is already in use");
  return given;
}

/** A kind's settings that list monitors (a group's children): each one of the organization's, never the monitor itself. */
function checkMonitorLists(store: Store, organizationId: string, monitorId: string | null, spec: MonitorSpec): void {
  for (const field of probeKind(spec.kind)?.monitorLists ?? []) {
    const ids = (spec.settings[field] as string[] | null) ?? [];
    spec.settings[field] = checkMonitorIds(store, organizationId, monitorId, ids, field, "a monitor cannot list itself");
  }
}

export function createMonitorService(store: Store, clock: Clock, statusChanges: Pick<StatusChanges, "change">) {
  // every API read of a monitor shows its depends_on; cleared by this service's writes of them (and deletes).
  // Not kept on a shared store: an edit through another instance shows in the next GET here.
  const parents = new BoundedCache<string, string[]>(keepFor(store, 30_000));
  const listeners = new Set<MonitorListener>();
  // only once committed: a change rolled back with an enclosing transaction (an import) must not reach the scheduler
  const emit = (change: MonitorChange) => store.afterCommit(() => listeners.forEach((listener) => listener(change)));

  /** The project a monitor goes into: the named one if the caller may write there, else their default. */
  function writableProjectId(userId: string, projectId: string | undefined): string {
    if (projectId) return writableOr403(store.projects.getForUser(projectId, userId), "Project").project.id;
    // the default project of the first organization they may write in (403 for a viewer, who can see it)
    const memberships = store.organizations.listForUser(userId);
    const project = memberships.length > 0 ? store.projects.defaultOf(organizationForNew(memberships, undefined)) : undefined;
    if (!project) throw notFound("Project");
    return project.id;
  }

  /** The monitor with the caller's role, if the caller's organizations hold it (cached lookups: hot path). */
  function findVisible(id: string, userId: string) {
    const monitor = store.monitors.byId(id, { cached: true });
    const organizationId = monitor && store.projects.organizationOf(monitor.projectId);
    const role = organizationId && store.organizations.roleIn(userId, organizationId);
    return role ? { monitor: monitor!, role } : undefined;
  }

  const getWritable = (id: string, userId: string): MonitorRow => writableOr403(findVisible(id, userId), "Monitor").monitor;

  function save(id: string, changes: Partial<NewMonitor>): MonitorRow {
    const monitor = store.monitors.update(id, changes, clock())!;
    emit({ type: "saved", monitor });
    return monitor;
  }

  /** Saves the changes and, in the same transaction, moves the monitor to pending through the one status change. */
  function saveAsPending(current: MonitorRow, changes: Partial<NewMonitor>): MonitorRow {
    const monitor = store.transaction(() => {
      store.monitors.update(current.id, { ...changes, failStreak: 0, successStreak: 0 }, clock());
      // a new target: no region's result says anything of it (only monitors listing regions have results)
      if (current.regions.length > 0) store.regions.keepOnly(current.seq, []);
      statusChanges.change({ monitorId: current.id, from: current.status, to: "pending", reason: SETTINGS_CHANGED, at: clock() });
      return store.monitors.byId(current.id)!;
    });
    emit({ type: "saved", monitor });
    return monitor;
  }

  /** Saves a multi-location monitor's new regions or rules; its status follows its regions in the same transaction. */
  function saveRegional(current: MonitorRow, changes: Partial<NewMonitor>): MonitorRow {
    const monitor = store.transaction(() => {
      reviewRegions(store, statusChanges, store.monitors.update(current.id, changes, clock())!, clock());
      return store.monitors.byId(current.id)!;
    });
    emit({ type: "saved", monitor });
    return monitor;
  }

  /** Whether an edit changes which regions a monitor is judged from, or how. */
  const regionsJudgedAnew = (current: MonitorRow, row: Omit<NewMonitor, "projectId">) =>
    (current.regions.length > 0 || row.regions!.length > 0) &&
    (current.regions.join() !== row.regions!.join() || current.minFailingRegions !== row.minFailingRegions ||
      current.retries !== row.retries || current.recoveryChecks !== row.recoveryChecks);

  return {
    onChange(listener: MonitorListener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    get: (id: string, userId: string) => visibleOr404(findVisible(id, userId), "Monitor"),

    /**
     * A new monitor gets the channels named and its organization's default channels. An import may bring the
     * pinged kind's token along (a Kuma push token, a Healthchecks UUID), so the job's URL keeps working.
     */
    create(userId: string, input: unknown, options: { pingToken?: string } = {}): MonitorRow {
      const spec = parseMonitorSpec(input);
      const pingToken = isPinged(spec.kind) ? checkedPingToken(store, options.pingToken) : null;
      const projectId = writableProjectId(userId, spec.project_id);
      const organizationId = store.projects.organizationOf(projectId)!;
      const channelIds = checkChannelIds(store, organizationId, [...(spec.channel_ids ?? []), ...store.channels.defaultIdsOf(organizationId)]);
      const parentIds = checkDependsOn(store, organizationId, null, spec.depends_on ?? []);
      const steps = checkEscalations(store, organizationId, spec.escalations ?? []);
      checkMonitorLists(store, organizationId, null, spec);
      const monitor = store.transaction(() => {
        const row = store.monitors.insert(
          { ...specToRow(spec), projectId, pingToken },
          clock(),
        );
        store.channels.setMonitorLinks(row.id, channelIds);
        store.dependencies.setParents(row.id, parentIds);
        store.escalations.setSteps(row.id, steps);
        parents.clear();
        return row;
      });
      emit({ type: "saved", monitor });
      return monitor;
    },

    channelIdsOf: (monitorId: string): string[] => store.channels.monitorLinks(monitorId),

    dependsOnOf: (monitorId: string): string[] => parents.get(monitorId, () => store.dependencies.parentsOf(monitorId)),

    escalationsOf: (monitorId: string) => store.escalations.stepsOf(monitorId),

    /** A page of the caller's monitors, newest first, with their channel ids and parents (one query each for the page). */
    list(userId: string, filter: MonitorFilter, limit: number, offset: number) {
      const { rows, total } = store.monitors.listForUser(userId, filter, limit, offset);
      const ids = rows.map((r) => r.monitor.id);
      const links = store.channels.monitorLinksOf(ids);
      const parents = store.dependencies.parentsOfMany(ids);
      const steps = store.escalations.stepsOfMany(ids);
      const extras = (id: string) => ({ channelIds: links.get(id)!, dependsOn: parents.get(id)!, escalations: steps.get(id)! });
      return { rows: rows.map((r) => ({ monitor: r.monitor, ...extras(r.monitor.id) })), total };
    },

    update(id: string, userId: string, changes: unknown): MonitorRow {
      const current = getWritable(id, userId);
      const spec = parseMonitorChanges(rowToSpecInput(current), changes);
      const projectId = spec.project_id === current.projectId ? current.projectId : writableProjectId(userId, spec.project_id);
      const row = specToRow(spec);
      const organizationId = store.projects.organizationOf(projectId)!;
      // moved to another organization: its old channels and parents are not this one's to use
      const moved = organizationId !== store.projects.organizationOf(current.projectId);
      const parentIds = spec.depends_on || moved ? checkDependsOn(store, organizationId, id, spec.depends_on ?? []) : null;
      checkMonitorLists(store, organizationId, id, spec);
      if (spec.channel_ids || moved) {
        store.channels.setMonitorLinks(id, checkChannelIds(store, organizationId, spec.channel_ids ?? []));
      }
      if (parentIds) {
        store.dependencies.setParents(id, parentIds);
        parents.clear();
      }
      if (spec.escalations || moved) store.escalations.setSteps(id, checkEscalations(store, organizationId, spec.escalations ?? []));
      const saved = { ...row, projectId, pingToken: isPinged(row.kind) ? (current.pingToken ?? newPingToken()) : null };
      if (row.kind !== current.kind || row.url !== current.url) return saveAsPending(current, saved);
      return regionsJudgedAnew(current, row) ? saveRegional(current, saved) : save(id, saved);
    },

    setPaused(id: string, userId: string, isPaused: boolean): MonitorRow {
      getWritable(id, userId);
      return save(id, { isPaused });
    },

    /** The monitors, or throws (404, or 403 for a viewer) unless the caller may change every one: bulk changes are all or nothing. */
    requireWritable(ids: string[], userId: string, projectId?: string): MonitorRow[] {
      const rows = ids.map((id) => getWritable(id, userId));
      if (projectId) writableProjectId(userId, projectId);
      return rows;
    },

    rotateToken(id: string, userId: string): MonitorRow {
      const current = getWritable(id, userId);
      if (!isPinged(current.kind)) throw notFound("Ping token");
      return save(id, { pingToken: newPingToken() });
    },

    delete(id: string, userId: string): void {
      const monitor = getWritable(id, userId);
      store.monitors.delete(id);
      parents.clear(); // its children no longer name it
      emit({ type: "deleted", monitor });
    },
  };
}

export type MonitorService = ReturnType<typeof createMonitorService>;
