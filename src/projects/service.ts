// Projects: who sees and changes them, and what keeps one from being deleted.
import { organizationForNew, requireManager, visibleOr404, writableOr403 } from "../accounts/roles.ts";
import type { ProjectRow } from "../domain/types.ts";
import { conflict } from "../errors.ts";
import { pageOf, type Page, type Paging } from "../paging.ts";
import type { Store } from "../store/index.ts";
import type { Clock } from "../time.ts";
import { checkChannelIds } from "../channels/links.ts";

export function createProjectService(store: Store, clock: Clock) {
  const visible = (id: string, userId: string) => visibleOr404(store.projects.getForUser(id, userId), "Project");
  const writable = (id: string, userId: string) => writableOr403(store.projects.getForUser(id, userId), "Project");
  const listFor = (userId: string, organizationId: string | undefined, paging: Paging): Page<ProjectRow> =>
    pageOf(store.projects.listForUser(userId, organizationId).map((r) => r.project), paging);

  return {
    visible,
    writable,

    /** The caller's projects, newest first; an organization they are not in simply has none. */
    list: listFor,

    /** One organization's projects; 404 when the caller is not a member. */
    listOfOrganization(organizationId: string, userId: string, paging: Paging): Page<ProjectRow> {
      visibleOr404(store.organizations.getForUser(organizationId, userId), "Organization");
      return listFor(userId, organizationId, paging);
    },

    /** One transaction: channel ids that are refused leave no project behind. */
    create(userId: string, input: { name: string; organizationId?: string; channelIds?: string[] }): ProjectRow {
      const organizationId = organizationForNew(store.organizations.listForUser(userId), input.organizationId);
      return store.transaction(() => {
        const project = store.projects.create({ organizationId, name: input.name }, clock());
        if (input.channelIds) store.channels.setProjectLinks(project.id, checkChannelIds(store, organizationId, input.channelIds));
        return project;
      });
    },

    /** The channels every monitor of the project alerts besides its own; each must be the organization's. */
    setChannels(id: string, userId: string, channelIds: string[]): void {
      const { project } = writable(id, userId);
      store.channels.setProjectLinks(project.id, checkChannelIds(store, project.organizationId, channelIds));
    },

    channelIdsOf: (projectId: string): string[] => store.channels.projectLinks(projectId),

    rename(id: string, userId: string, name: string | undefined): ProjectRow {
      writable(id, userId);
      if (name !== undefined) store.projects.rename(id, name, clock());
      return visible(id, userId).project;
    },

    /** Only an empty, non-default project goes, and only by an owner or admin. */
    delete(id: string, userId: string): void {
      const { project, role } = writable(id, userId);
      requireManager(role);
      if (project.isDefault) throw conflict("The default project cannot be deleted");
      const monitorCount = store.projects.countMonitors(project.id);
      if (monitorCount > 0) throw conflict(`Project still has ${monitorCount} monitor(s); delete or move them first`);
      store.projects.delete(project.id);
    },
  };
}

export type ProjectService = ReturnType<typeof createProjectService>;
