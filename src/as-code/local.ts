// The configuration in the local database, read and changed through the domain services as one user
// (the same access rules and checks as the API), all of an apply in one transaction.
import { channelJson, maintenanceJson, monitorJson } from "../api/json.ts";
import { groupsIn, StatusPageInput } from "../api/status-pages.ts";
import { createChannelService } from "../channels/service.ts";
import type { LiveRelay } from "../cluster/live-relay.ts";
import { createServices } from "../services.ts";
import type { Store } from "../store/index.ts";
import { parseBody } from "../validation.ts";
import type { Backend, MonitorState, State } from "./state.ts";

const ALL = 1_000_000;

/** `relay`: where the changes' live events go (the running instances, on a shared database). */
export function localBackend(store: Store, userId: string, organizationId: string, options: { withSecrets?: boolean; relay?: LiveRelay } = {}): Backend {
  const services = createServices(store, Date.now, options.relay);
  // the CLI sends nothing: a channel's test button is the server's
  const channels = createChannelService({ store, clock: Date.now, sender: { sendNow: () => Promise.reject(new Error("not sent from the CLI")) }, baseUrl: () => "" });
  const inOrganization = <T extends { organizationId: string }>(rows: T[]) => rows.filter((r) => r.organizationId === organizationId);
  const statusPageBody = (body: Record<string, unknown>) => parseBody(StatusPageInput, body);

  return {
    async read(): Promise<State> {
      const projects = store.projects.listForUser(userId, organizationId).map((r) => r.project);
      const projectIds = new Set(projects.map((p) => p.id));
      const { rows } = services.monitors.list(userId, {}, ALL, 0);
      return {
        channels: inOrganization(channels.list(userId)).map((c) => ({ ...channelJson(c), ...(options.withSecrets ? { config: c.config } : {}) })),
        projects: projects.map((p) => ({ id: p.id, name: p.name, is_default: p.isDefault, channel_ids: services.projects.channelIdsOf(p.id) })),
        monitors: rows.filter((r) => projectIds.has(r.monitor.projectId))
          .map((r) => monitorJson(r.monitor, "", { channelIds: r.channelIds, dependsOn: r.dependsOn, maintenanceId: null, escalations: r.escalations }) as MonitorState),
        status_pages: inOrganization(services.statusPages.list(userId, { limit: ALL, offset: 0 }).items)
          .map((s) => ({
            id: s.id, slug: s.slug, title: s.title, description: s.description, custom_domain: s.customDomain, monitor_ids: s.monitorIds,
            groups: s.groups.map((g) => ({ name: g.name, monitor_ids: g.monitorIds })),
          })),
        maintenance: inOrganization(services.maintenance.list(userId)).map((w) => maintenanceJson(w, Date.now())),
      };
    },

    async create(resource, body) {
      switch (resource) {
        case "channels": return channels.create(userId, { ...body, organization_id: organizationId }).id;
        case "projects": return services.projects.create(userId, { name: body.name as string, organizationId, channelIds: body.channel_ids as string[] }).id;
        case "monitors": return services.monitors.create(userId, body).id;
        case "maintenance": return services.maintenance.create(userId, { ...body, organization_id: organizationId }).id;
        case "status_pages": {
          const page = statusPageBody(body);
          return services.statusPages.create(userId, {
            slug: page.slug, title: page.title, description: page.description ?? null, customDomain: page.custom_domain ?? null,
            organizationId, monitorIds: page.monitor_ids, groups: groupsIn(page.groups),
          }).id;
        }
      }
    },

    async update(resource, id, body) {
      switch (resource) {
        case "channels": return void channels.update(id, userId, body);
        case "monitors": return void services.monitors.update(id, userId, body);
        case "maintenance": return void services.maintenance.update(id, userId, body);
        case "projects":
          if (body.channel_ids) services.projects.setChannels(id, userId, body.channel_ids as string[]);
          return void services.projects.rename(id, userId, body.name as string | undefined);
        case "status_pages": {
          const { monitor_ids: monitorIds, groups, custom_domain: customDomain, organization_id: _, ...fields } = statusPageBody(body);
          return void services.statusPages.update(id, userId, {
            ...fields, description: fields.description ?? null, customDomain: customDomain ?? null, monitorIds, groups: groupsIn(groups),
          });
        }
      }
    },

    async remove(resource, id) {
      const service = { channels, projects: services.projects, monitors: services.monitors, status_pages: services.statusPages, maintenance: services.maintenance }[resource];
      service.delete(id, userId);
    },
  };
}
