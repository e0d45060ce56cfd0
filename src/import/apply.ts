// Applies an import plan through the same services as the API (so the same validation and access rules), in
// one transaction: a dry run is the same run rolled back. What was imported before is found by its source id.
import * as v from "valibot";
import { groupsIn, StatusPageInput } from "../api/status-pages.ts";
import { Name } from "../api/schemas.ts";
import type { ChannelService } from "../channels/service.ts";
import { AppError, forbidden, invalid } from "../errors.ts";
import type { Services } from "../services.ts";
import type { Store } from "../store/index.ts";
import type { Clock } from "../time.ts";
import { parseBody } from "../validation.ts";
import { writeHistory } from "./history.ts";
import type { ImportPlan, Planned } from "./plan.ts";

export interface ImportDeps {
  store: Store;
  services: Services;
  channels: Pick<ChannelService, "create" | "update">;
  clock: Clock;
}

export type Outcome = "imported" | "approximate" | "skipped" | "existing";

export interface ReportLine {
  what: string;
  name: string;
  outcome: Outcome;
  /** what changed (approximate), why (skipped), or the earlier import (existing) */
  detail: string | null;
}

export interface ImportReport {
  source: string;
  organizationId: string;
  dryRun: boolean;
  lines: ReportLine[];
}

class DryRunDone extends Error {}

/** Imports write many things at once: only an organization's owners and admins may. */
function managedOrganization(store: Store, userId: string): string {
  const membership = store.organizations.listForUser(userId).find((m) => m.role === "owner" || m.role === "admin");
  if (!membership) throw forbidden("Only an organization's owners and admins can import into it");
  return membership.organization.id;
}

const describe = (error: AppError) => (error.details?.length ? error.details.map((d) => `${d.field}: ${d.message}`).join("; ") : error.message);

export function applyImport(deps: ImportDeps, userId: string, plan: ImportPlan, options: { dryRun: boolean; projectName?: string }): ImportReport {
  const { store, services, clock } = deps;
  const organizationId = managedOrganization(store, userId);
  const lines: ReportLine[] = [];
  const ids = new Map<string, string>();

  /** One thing: found from an earlier import, or created (in a savepoint, so a refusal leaves nothing behind). */
  function place(what: string, item: Planned, exists: (id: string) => boolean, create: () => string, extraNotes: () => string[] = () => []): string | undefined {
    const earlier = store.imports.resourceOf(organizationId, plan.source, item.ref);
    if (earlier && exists(earlier)) {
      lines.push({ what, name: item.name, outcome: "existing", detail: "imported before" });
      ids.set(item.ref, earlier);
      return earlier;
    }
    try {
      const id = store.transaction(() => {
        const created = create();
        store.imports.record(organizationId, plan.source, item.ref, created, clock());
        return created;
      });
      const notes = [...item.notes, ...extraNotes()];
      lines.push({ what, name: item.name, outcome: notes.length > 0 ? "approximate" : "imported", detail: notes.join("; ") || null });
      ids.set(item.ref, id);
      return id;
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      lines.push({ what, name: item.name, outcome: "skipped", detail: describe(error) });
      return undefined;
    }
  }

  const refsToIds = (refs: string[]) => refs.map((ref) => ids.get(ref)).filter((id): id is string => id !== undefined);

  function targetProjectId(): string {
    const name = options.projectName;
    if (name === undefined) return store.projects.defaultOf(organizationId)!.id;
    const found = store.projects.listForUser(userId, organizationId).find((r) => r.project.name === name);
    return found?.project.id ?? services.projects.create(userId, { name: parseBody(v.object({ name: Name }), { name }).name, organizationId }).id;
  }

  function run(): void {
    for (const project of plan.projects) {
      place("project", project, (id) => store.projects.byId(id) !== undefined, () => {
        const name = v.safeParse(Name, project.name);
        if (!name.success) throw invalid([{ field: "name", message: name.issues[0].message }]);
        return services.projects.create(userId, { name: name.output, organizationId }).id;
      });
    }
    const newDefaults: string[] = [];
    for (const channel of plan.channels) {
      place("channel", channel, (id) => store.channels.byId(id) !== undefined, () => {
        // a default channel joins every new monitor: made default once the imported monitors have their own links
        const row = deps.channels.create(userId, { name: channel.name, kind: channel.kind, config: channel.config, is_enabled: channel.isEnabled, organization_id: organizationId });
        if (channel.isDefault) newDefaults.push(row.id);
        return row.id;
      });
    }
    const target = targetProjectId();
    for (const monitor of plan.monitors) {
      const aliasNotes: string[] = [];
      place("monitor", monitor, (id) => store.monitors.byId(id) !== undefined, () => {
        const body = { ...monitor.body, project_id: monitor.projectRef ? ids.get(monitor.projectRef) ?? target : target, channel_ids: refsToIds(monitor.channelRefs) };
        const row = services.monitors.create(userId, body, { pingToken: monitor.pingToken });
        if (monitor.pingAlias) {
          if (store.imports.aliasOwner(monitor.pingAlias) || store.monitors.byPingToken(monitor.pingAlias)) aliasNotes.push(`the slug URL /ping/${monitor.pingAlias} is taken`);
          else store.imports.addAlias(monitor.pingAlias, row.id);
        }
        if (monitor.history) writeHistory(store, row, monitor.history, clock());
        return row.id;
      }, () => aliasNotes);
    }
    for (const id of newDefaults) deps.channels.update(id, userId, { is_default: true });
    for (const page of plan.statusPages) {
      place("status page", page, (id) => store.statusPages.getForUser(id, userId) !== undefined, () => {
        const groups = page.groups.map((g) => ({ name: g.name, monitor_ids: refsToIds(g.monitorRefs) }));
        const body = parseBody(StatusPageInput, { slug: page.slug, title: page.name, description: page.description, groups });
        return services.statusPages.create(userId, { slug: body.slug, title: body.title, description: body.description ?? null, organizationId, groups: groupsIn(body.groups) }).id;
      });
    }
    for (const window of plan.maintenance) {
      place("maintenance window", window, (id) => store.maintenance.getForUser(id, userId) !== undefined, () =>
        services.maintenance.create(userId, { ...window.body, monitor_ids: refsToIds(window.monitorRefs), organization_id: organizationId }).id);
    }
    for (const s of plan.skipped) lines.push({ what: s.what, name: s.name, outcome: "skipped", detail: s.reason });
  }

  try {
    store.transaction(() => {
      run();
      if (options.dryRun) throw new DryRunDone();
    });
  } catch (error) {
    if (!(error instanceof DryRunDone)) throw error;
  }
  return { source: plan.source, organizationId, dryRun: options.dryRun, lines };
}
