// What `apply` does: match each entry of the file to what exists (by key, then by name), compare, and order the
// creates, changes and deletes so every link names something that exists by then.
import * as v from "valibot";
import { MaintenanceInput } from "../maintenance/service.ts";
import { parseMonitorSpec } from "../monitors/spec.ts";
import { AppError } from "../errors.ts";
import { StatusPageInput } from "../api/status-pages.ts";
import { channelBody, escalationsOf, maintenanceBody, monitorBody, statusPageBody } from "./bodies.ts";
import {
  changedFields, comparableConfig, groupFields, isoOrNull, missingSecrets, monitorFields, monitorStateFields, withKeptSecrets, type Comparable,
} from "./compare.ts";
import { fieldPath, groupsOfPage, monitorRef, type ConfigDocument, type Located, type MonitorEntry, type Path } from "./document.ts";
import type { Backend, Resource, State } from "./state.ts";

export interface Change {
  action: "create" | "change" | "delete";
  label: string;
  fields: string[];
}

interface Step {
  change?: Change;
  path: Path;
  run(backend: Backend): Promise<void>;
}

export interface Plan {
  changes: Change[];
  /** what exists but the file does not list, kept without --prune */
  unlisted: string[];
  run(backend: Backend): Promise<void>;
}

/** Each desired entry paired with the existing one it stands for: the default project, then same key, then same name. */
function pair<D extends { key: string }, C>(desired: D[], current: C[], nameOf: (c: C) => string, desiredName: (d: D) => string, fixed?: (d: D) => C | undefined) {
  const matched = new Map<D, C>();
  const free = new Set(current);
  const take = (test: (d: D, c: C) => boolean) => {
    for (const d of desired) {
      if (matched.has(d)) continue;
      const found = [...free].find((c) => test(d, c));
      if (found) matched.set(d, found), free.delete(found);
    }
  };
  take((d, c) => fixed?.(d) === c);
  take((d, c) => nameOf(c) === d.key);
  take((d, c) => nameOf(c) === desiredName(d));
  return { matched, unmatched: [...free] };
}

const sorted = (keys: string[]) => [...new Set(keys)].sort();
/** Steps as the server keeps them: earliest first. */
const stepsByTime = <T extends object>(steps: T[]) => [...steps].sort((a, b) => Number((a as { after_minutes?: unknown }).after_minutes) - Number((b as { after_minutes?: unknown }).after_minutes));

export function planApply(document: ConfigDocument, state: State, located: Located, options: { prune: boolean }): Plan {
  const steps: Step[][] = [[], [], [], [], [], []]; // channels, projects, monitors, their links, pages and windows, deletes
  const [channelSteps, projectSteps, monitorSteps, linkSteps, pageSteps, deleteSteps] = steps as [Step[], Step[], Step[], Step[], Step[], Step[]];
  const unlisted: string[] = [];
  // ids by key: the matched ones now, the created ones as they are made
  const ids = { channels: new Map<string, string>(), projects: new Map<string, string>(), monitors: new Map<string, string>() };
  // existing ids → keys of the file, so the existing side compares in the file's terms
  const keyOf = { channels: new Map<string, string>(), projects: new Map<string, string>(), monitors: new Map<string, string>() };
  const keyFor = (map: Map<string, string>, id: string) => map.get(id) ?? `(unlisted ${id})`;
  const idsFor = (map: Map<string, string>, keys: string[]) => sorted(keys).map((key) => map.get(key)!);
  const problems: { path: Path; message: string }[] = [];

  function plan(resource: Resource, label: string, path: Path, current: { id: string } | undefined, before: Comparable | undefined, after: Comparable,
    body: () => Record<string, unknown>, created?: (id: string) => void): void {
    const list = resource === "channels" ? channelSteps : resource === "projects" ? projectSteps : resource === "monitors" ? monitorSteps : pageSteps;
    if (!current) {
      list.push({
        path, change: { action: "create", label, fields: [] },
        run: async (b) => {
          const id = await b.create(resource, body());
          created?.(id);
        },
      });
      return;
    }
    const fields = changedFields(before!, after);
    if (fields.length > 0) list.push({ path, change: { action: "change", label, fields }, run: (b) => b.update(resource, current.id, body()) });
  }

  function unmatched(resource: Resource, items: { id: string }[], label: (item: never) => string): void {
    // by label, so the same state always lists them the same way
    for (const [name, item] of items.map((i) => [label(i as never), i] as const).sort(([a], [b]) => a.localeCompare(b))) {
      if (!options.prune) unlisted.push(name);
      else deleteSteps.push({ path: [], change: { action: "delete", label: name, fields: [] }, run: (b) => b.remove(resource, item.id) });
    }
  }

  // channels
  const channels = pair(document.channels, state.channels, (c) => c.name, (d) => d.name);
  for (const [d, c] of channels.matched) ids.channels.set(d.key, c.id), keyOf.channels.set(c.id, d.key);
  document.channels.forEach((d, i) => {
    const current = channels.matched.get(d);
    const config = withKeptSecrets(d.kind, d.config, current?.config);
    if (!current) for (const field of missingSecrets(d.kind, d.config)) problems.push({ path: ["channels", i, "config", field], message: "a new channel needs the secret itself (or ${VARIABLE}), not its masked form" });
    // absent in the file: the default (no quiet hours, like is_default false), so apply removes what the file leaves out
    const defaulted = (x: { name: string; is_default?: boolean; is_enabled?: boolean; quiet_hours?: unknown }) =>
      ({ is_default: x.is_default ?? false, is_enabled: x.is_enabled ?? true, quiet_hours: x.quiet_hours ?? null });
    const comparable = (x: { name: string; kind: string; config: Record<string, unknown>; is_default?: boolean; is_enabled?: boolean; quiet_hours?: unknown }) =>
      ({ name: x.name, kind: x.kind, config: comparableConfig(x.kind, x.config), ...defaulted(x) });
    plan("channels", `channel "${d.key}"`, ["channels", i], current, current && comparable(current), comparable({ ...d, config }),
      () => ({ ...channelBody(d), config, ...defaulted(d) }), (id) => ids.channels.set(d.key, id));
  });

  // projects
  const defaultProject = state.projects.find((p) => p.is_default);
  const projects = pair(document.projects, state.projects, (p) => p.name, (d) => d.name, (d) => (d.is_default ? defaultProject : undefined));
  for (const [d, p] of projects.matched) ids.projects.set(d.key, p.id), keyOf.projects.set(p.id, d.key);
  document.projects.forEach((d, i) => {
    const current = projects.matched.get(d);
    const after = { name: d.name, channels: sorted(d.channels) };
    const before = current && { name: current.name, channels: sorted(current.channel_ids.map((id) => keyFor(keyOf.channels, id))) };
    plan("projects", `project "${d.key}"`, ["projects", i], current, before, after,
      () => ({ name: d.name, channel_ids: idsFor(ids.channels, d.channels) }), (id) => ids.projects.set(d.key, id));
  });

  // monitors: matched within their project first, then anywhere by name (a move keeps its history)
  const wanted = document.projects.flatMap((p, i) => p.monitors.map((m, j) => ({ ...m, key: monitorRef(p.key, m.key), own: m, project: p.key, path: ["projects", i, "monitors", j] as Path })));
  const currentRef = (m: State["monitors"][number]) => monitorRef(keyOf.projects.get(m.project_id) ?? `(unlisted ${m.project_id})`, m.name);
  const inProject = pair(wanted, state.monitors, currentRef, (d) => monitorRef(d.project, d.name));
  const elsewhere = pair(wanted.filter((d) => !inProject.matched.has(d)), inProject.unmatched, (m) => m.name, (d) => d.name);
  const monitors = new Map([...inProject.matched, ...elsewhere.matched]);
  for (const [d, m] of monitors) ids.monitors.set(d.key, m.id), keyOf.monitors.set(m.id, d.key);
  for (const d of wanted) {
    const current = monitors.get(d);
    const fields = monitorFields(parseMonitorSpec(monitorBody(d.own as MonitorEntry)));
    const own = d.own as MonitorEntry;
    const links = () => ({
      channel_ids: idsFor(ids.channels, d.channels), depends_on: idsFor(ids.monitors, d.depends_on), escalations: escalationsOf(own, (key) => ids.channels.get(key)!),
    });
    const after = { ...fields, project: d.project, channels: sorted(d.channels), depends_on: sorted(d.depends_on), escalations: stepsByTime(escalationsOf(own, (key) => key)) };
    const before = current && {
      ...monitorStateFields(current), project: keyFor(keyOf.projects, current.project_id),
      channels: sorted(current.channel_ids.map((id) => keyFor(keyOf.channels, id))), depends_on: sorted(current.depends_on.map((id) => keyFor(keyOf.monitors, id))),
      escalations: stepsByTime(current.escalations.map((s) => ({ ...s, channel_ids: sorted(s.channel_ids.map((id) => keyFor(keyOf.channels, id))) }))),
    };
    // a new monitor also gets the organization's default channels and may name monitors made after it: links once all exist
    plan("monitors", `monitor "${d.key}"`, d.path, current, before, after,
      () => ({ ...fields, project_id: ids.projects.get(d.project), ...(current ? links() : {}) }),
      (id) => {
        ids.monitors.set(d.key, id);
        linkSteps.push({ path: d.path, run: (b) => b.update("monitors", id, links()) });
      });
  }

  // status pages, by slug
  const pages = pair(document.status_pages, state.status_pages, (s) => s.slug, (d) => d.slug);
  document.status_pages.forEach((d, i) => {
    const current = pages.matched.get(d);
    const page = v.parse(StatusPageInput, statusPageBody(d));
    const own = { slug: page.slug, title: page.title, description: page.description ?? null, custom_domain: page.custom_domain ?? null };
    const groups = groupsOfPage(d);
    const after = { ...own, ...groupFields(groups) };
    const before = current && {
      slug: current.slug, title: current.title, description: current.description, custom_domain: current.custom_domain,
      ...groupFields(current.groups.map((g) => ({ name: g.name, monitors: g.monitor_ids.map((id) => keyFor(keyOf.monitors, id)) }))),
    };
    const idsOf = (keys: string[]) => keys.map((key) => ids.monitors.get(key)!);
    plan("status_pages", `status page "${d.key}"`, ["status_pages", i], current, before, after, () => ({
      ...own,
      ...(d.groups ? { groups: groups.map((g) => ({ name: g.name, monitor_ids: idsOf(g.monitors) })) } : { monitor_ids: idsOf(groups.flatMap((g) => g.monitors)) }),
    }));
  });

  // maintenance windows: the whole window is sent, so a field left out of the file means its default
  const windows = pair(document.maintenance, state.maintenance, (w) => w.title, (d) => d.title);
  document.maintenance.forEach((d, i) => {
    const current = windows.matched.get(d);
    const body = v.parse(MaintenanceInput, { ...maintenanceBody(d), monitor_ids: [], project_ids: [] });
    const timing = (w: typeof body | State["maintenance"][number]) => ({
      title: w.title, starts_at: isoOrNull(w.starts_at), ends_at: isoOrNull(w.ends_at), schedule: w.schedule ?? null,
      duration_minutes: w.duration_minutes ?? null, timezone: w.timezone, is_active: w.is_active,
    });
    const after = { ...timing(body), monitors: sorted(d.monitors), projects: sorted(d.projects) };
    const before = current && {
      ...timing(current), monitors: sorted(current.monitor_ids.map((id) => keyFor(keyOf.monitors, id))), projects: sorted(current.project_ids.map((id) => keyFor(keyOf.projects, id))),
    };
    plan("maintenance", `maintenance "${d.key}"`, ["maintenance", i], current, before, after,
      () => ({ ...timing(body), monitor_ids: idsFor(ids.monitors, d.monitors), project_ids: idsFor(ids.projects, d.projects) }));
  });

  if (problems.length > 0) located.fail(problems);

  // deletes last, links first: windows and pages, then monitors, then the projects they emptied, then channels
  unmatched("maintenance", windows.unmatched, (w: State["maintenance"][number]) => `maintenance "${w.title}"`);
  unmatched("status_pages", pages.unmatched, (s: State["status_pages"][number]) => `status page "${s.slug}"`);
  const projectNames = new Map(state.projects.map((p) => [p.id, p.name]));
  unmatched("monitors", elsewhere.unmatched, (m: State["monitors"][number]) => `monitor "${monitorRef(projectNames.get(m.project_id)!, m.name)}"`);
  unmatched("projects", projects.unmatched.filter((p) => !p.is_default), (p: State["projects"][number]) => `project "${p.name}"`);
  unmatched("channels", channels.unmatched, (c: State["channels"][number]) => `channel "${c.name}"`);

  return {
    changes: steps.flat().flatMap((s) => (s.change ? [s.change] : [])),
    unlisted,
    async run(backend) {
      // group by group: creating monitors adds their link steps to a later group
      for (const group of steps) for (const step of group) await runStep(step, backend, located);
    },
  };
}

/** A refusal by the server or the domain names the entry it came from, by its line in the file. */
async function runStep(step: Step, backend: Backend, located: Located): Promise<void> {
  try {
    await step.run(backend);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const details = error.details ?? [{ field: "", message: error.message }];
    located.fail(details.map((d) => ({ path: fieldPath(step.path, d.field), message: d.message })));
  }
}

/** The plan as lines: "+ create …", "~ change …: field: old → new", "- delete …", and a summary. */
export function describePlan(plan: Plan): string[] {
  const mark = { create: "+", change: "~", delete: "-" } as const;
  const lines = plan.changes.map((c) => `${mark[c.action]} ${c.action} ${c.label}${c.fields.length > 0 ? `: ${c.fields.join(", ")}` : ""}`);
  if (plan.unlisted.length > 0) lines.push(`  kept, not in the file (--prune deletes them): ${plan.unlisted.join(", ")}`);
  const count = (action: Change["action"]) => plan.changes.filter((c) => c.action === action).length;
  lines.push(plan.changes.length === 0 ? "no changes" : `${count("create")} to create, ${count("change")} to change, ${count("delete")} to delete`);
  return lines;
}
