// Status pages: who publishes and changes them, unique slugs, and only the organization's own monitors on a page.
import { organizationForNew, visibleOr404, writableOr403 } from "../accounts/roles.ts";
import type { MonitorRow, StatusPageRow } from "../domain/types.ts";
import { conflict, invalid } from "../errors.ts";
import { pageOf, type Page, type Paging } from "../paging.ts";
import type { Store } from "../store/index.ts";
import type { StatusPageFields } from "../store/store.ts";
import type { Clock } from "../time.ts";

/** A page with its monitors' ids in the order chosen. */
export type StatusPage = StatusPageRow & { monitorIds: string[] };

export interface NewStatusPage extends StatusPageFields {
  organizationId?: string;
  monitorIds?: string[];
}

export type StatusPageChanges = Partial<StatusPageFields> & { monitorIds?: string[] };

export function createStatusPageService(store: Store, clock: Clock) {
  const withMonitors = (page: StatusPageRow): StatusPage => ({ ...page, monitorIds: store.statusPages.monitorsOf(page.id).map((m) => m.id) });
  const find = (id: string, userId: string) => store.statusPages.getForUser(id, userId);
  const visible = (id: string, userId: string) => visibleOr404(find(id, userId), "Status page");
  const writable = (id: string, userId: string) => writableOr403(find(id, userId), "Status page").page;

  /** A page may show only monitors of its own organization; name the ones that are not. */
  const checkMonitors = (organizationId: string, ids: string[] | undefined) => {
    if (!ids) return;
    const unique = [...new Set(ids)];
    const known = store.statusPages.monitorIdsInOrganization(organizationId, unique);
    const unknown = unique.filter((id) => !known.has(id));
    if (unknown.length > 0) throw invalid([{ field: "monitor_ids", message: `not monitors of this organization: ${unknown.join(", ")}` }]);
    return unique;
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
      const monitorIds = checkMonitors(organizationId, input.monitorIds) ?? [];
      checkSlug(input.slug);
      const fields = { slug: input.slug, title: input.title, description: input.description };
      return withMonitors(store.statusPages.create(organizationId, fields, monitorIds, clock()));
    },

    update(id: string, userId: string, changes: StatusPageChanges): StatusPage {
      const page = writable(id, userId);
      const { monitorIds: wanted, ...fields } = changes;
      const monitorIds = checkMonitors(page.organizationId, wanted);
      checkSlug(fields.slug, page.id);
      store.statusPages.update(page.id, fields, monitorIds, clock());
      return withMonitors(visible(page.id, userId).page);
    },

    delete(id: string, userId: string): void {
      store.statusPages.delete(writable(id, userId).id);
    },

    /** A monitor moved into another organization no longer shows on the old one's pages. */
    monitorSaved(monitor: MonitorRow): void {
      const organizationId = store.projects.organizationOf(monitor.projectId);
      if (organizationId) store.statusPages.removeMonitorOutside(monitor.id, organizationId);
    },
  };
}

export type StatusPageService = ReturnType<typeof createStatusPageService>;
