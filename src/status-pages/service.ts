// Status pages: who publishes and changes them, unique slugs, and only the organization's own monitors on a page.
import { organizationForNew, visibleOr404, writableOr403 } from "../accounts/roles.ts";
import type { MonitorRow, StatusPageRow } from "../domain/types.ts";
import { conflict, invalid, type FieldProblem } from "../errors.ts";
import { pageOf, type Page, type Paging } from "../paging.ts";
import type { Store } from "../store/index.ts";
import type { MonitorGroup, PageMonitor, StatusPageFields } from "../store/store.ts";
import type { Clock } from "../time.ts";

/** A page with its monitors' ids, in groups, in the order chosen. */
export type StatusPage = StatusPageRow & { groups: MonitorGroup[]; monitorIds: string[] };

type Choices = Omit<StatusPageFields, "customDomain"> & { customDomain?: string | null };

/** `monitorIds` is one group without a heading; `groups` names them (give one or the other). */
export interface NewStatusPage extends Choices {
  organizationId?: string;
  monitorIds?: string[];
  groups?: MonitorGroup[];
}

export type StatusPageChanges = Partial<StatusPageFields> & { monitorIds?: string[]; groups?: MonitorGroup[] };

/** Consecutive monitors of one group name form a group (names are unique on a page, so runs are too). */
export function groupsOf(monitors: PageMonitor[]): MonitorGroup[] {
  const groups: MonitorGroup[] = [];
  for (const m of monitors) {
    const last = groups.at(-1);
    if (last && last.name === m.groupName) last.monitorIds.push(m.id);
    else groups.push({ name: m.groupName, monitorIds: [m.id] });
  }
  return groups;
}

/** Each group named once and holding at least one monitor; each monitor in one group. */
export function groupProblems(groups: MonitorGroup[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const names = new Set<string>();
  const placed = new Map<string, string>();
  groups.forEach((group, i) => {
    if (names.has(group.name)) problems.push({ field: `groups[${i}].name`, message: "another group has this name" });
    names.add(group.name);
    if (group.monitorIds.length === 0) problems.push({ field: `groups[${i}].monitor_ids`, message: "must list at least one monitor" });
    for (const id of group.monitorIds) {
      const other = placed.get(id);
      if (other !== undefined) problems.push({ field: `groups[${i}].monitor_ids`, message: `${id} is already in group "${other}"` });
      placed.set(id, group.name);
    }
  });
  return problems;
}

export function createStatusPageService(store: Store, clock: Clock) {
  const changeListeners = new Set<(pageIds: string[]) => void>();
  const changed = (pageIds: string[]) => changeListeners.forEach((listener) => listener(pageIds));
  const withMonitors = (page: StatusPageRow): StatusPage => {
    const groups = groupsOf(store.statusPages.monitorsOf(page.id));
    return { ...page, groups, monitorIds: groups.flatMap((g) => g.monitorIds) };
  };
  const find = (id: string, userId: string) => store.statusPages.getForUser(id, userId);
  const visible = (id: string, userId: string) => visibleOr404(find(id, userId), "Status page");
  const writable = (id: string, userId: string) => writableOr403(find(id, userId), "Status page").page;

  /** The groups to store, or undefined to keep them; a page shows only monitors of its own organization. */
  const checkGroups = (organizationId: string, input: { monitorIds?: string[]; groups?: MonitorGroup[] }): MonitorGroup[] | undefined => {
    if (input.monitorIds && input.groups) throw invalid([{ field: "monitor_ids", message: "give either monitor_ids or groups, not both" }]);
    // a bare list is one unnamed group, a repeated id shown once
    const groups = input.groups ?? (input.monitorIds && [{ name: "", monitorIds: [...new Set(input.monitorIds)] }].filter((g) => g.monitorIds.length));
    if (!groups) return undefined;
    const problems = groupProblems(groups);
    const wanted = groups.flatMap((g) => g.monitorIds);
    const known = store.statusPages.monitorIdsInOrganization(organizationId, wanted);
    const unknown = wanted.filter((id) => !known.has(id));
    if (unknown.length > 0) problems.push({ field: input.groups ? "groups" : "monitor_ids", message: `not monitors of this organization: ${unknown.join(", ")}` });
    if (problems.length > 0) throw invalid(problems);
    return groups;
  };
  const checkSlug = (slug: string | undefined, exceptId?: string) => {
    if (slug && store.statusPages.slugTaken(slug, exceptId)) throw conflict(`The slug "${slug}" is taken`);
  };

  return {
    /** The page with the caller's role; 404 for non-members. */
    visible,
    writable,

    list(userId: string, paging: Paging): Page<StatusPage> {
      const { items, total } = pageOf(store.statusPages.listForUser(userId), paging);
      return { items: items.map((r) => withMonitors(r.page)), total };
    },

    get: (id: string, userId: string): StatusPage => withMonitors(visible(id, userId).page),

    create(userId: string, input: NewStatusPage): StatusPage {
      const organizationId = organizationForNew(store.organizations.listForUser(userId), input.organizationId);
      const groups = checkGroups(organizationId, input) ?? [];
      checkSlug(input.slug);
      const fields = { slug: input.slug, title: input.title, description: input.description, customDomain: input.customDomain ?? null };
      return withMonitors(store.statusPages.create(organizationId, fields, groups, clock()));
    },

    update(id: string, userId: string, changes: StatusPageChanges): StatusPage {
      const page = writable(id, userId);
      const { monitorIds, groups: wanted, ...fields } = changes;
      const groups = checkGroups(page.organizationId, { monitorIds, groups: wanted });
      checkSlug(fields.slug, page.id);
      store.statusPages.update(page.id, fields, groups, clock());
      changed([page.id]);
      return withMonitors(visible(page.id, userId).page);
    },

    delete(id: string, userId: string): void {
      const page = writable(id, userId);
      store.statusPages.delete(page.id);
      changed([page.id]);
    },

    /** A monitor moved into another organization no longer shows on the old one's pages. */
    monitorSaved(monitor: MonitorRow): void {
      const organizationId = store.projects.organizationOf(monitor.projectId);
      if (organizationId) store.statusPages.removeMonitorOutside(monitor.id, organizationId);
    },

    /** Hears of every page whose content an edit changed (its public copy is then stale). */
    onPagesChanged(listener: (pageIds: string[]) => void): void {
      changeListeners.add(listener);
    },
  };
}

export type StatusPageService = ReturnType<typeof createStatusPageService>;
