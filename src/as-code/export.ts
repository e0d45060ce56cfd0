// An organization's configuration as a file: keys are names (slugs for status pages, titles for windows), links are
// keys, entries are sorted so the same configuration always gives the same text.
import { stringify } from "yaml";
import { channelKind, isChannelKind } from "../alerts/registry.ts";
import { fieldsOf } from "../monitors/spec.ts";
import { probeKind } from "../probes/registry.ts";
import { LINKS } from "./compare.ts";
import { monitorRef } from "./document.ts";
import type { MonitorState, State } from "./state.ts";

const byName = <T>(nameOf: (item: T) => string) => (a: T, b: T) => nameOf(a).localeCompare(nameOf(b));
const withoutNulls = (entry: Record<string, unknown>) => Object.fromEntries(Object.entries(entry).filter(([, value]) => value !== null));

/** Every field of the monitor's kind (defaults too, so the file says what runs), links by key. */
function monitorEntry(m: MonitorState, monitorKeys: Map<string, string>, channelKeys: Map<string, string>) {
  const kind = probeKind(m.kind);
  const fields = kind ? fieldsOf(kind).filter((f) => !LINKS.includes(f)) : ["name", "kind"];
  return {
    key: m.name,
    ...Object.fromEntries(fields.map((f) => [f, m[f]])),
    channels: m.channel_ids.map((id) => channelKeys.get(id)!).sort(),
    depends_on: m.depends_on.map((id) => monitorKeys.get(id)!).sort(),
    escalations: m.escalations.map((step) => ({ after_minutes: step.after_minutes, channels: step.channel_ids.map((id) => channelKeys.get(id)!).sort() })),
  };
}

export function documentOf(state: State, options: { withSecrets: boolean }) {
  const channelKeys = new Map(state.channels.map((c) => [c.id, c.name]));
  const projectKeys = new Map(state.projects.map((p) => [p.id, p.name]));
  const monitorKeys = new Map(state.monitors.map((m) => [m.id, monitorRef(projectKeys.get(m.project_id)!, m.name)]));
  const secretsOf = (kind: string) => (isChannelKind(kind) && !options.withSecrets ? channelKind(kind).secrets : []);
  return {
    version: 1,
    channels: [...state.channels].sort(byName((c) => c.name)).map((c) => ({
      key: c.name, name: c.name, kind: c.kind,
      // without --with-secrets a secret is left out: apply keeps the stored one
      config: Object.fromEntries(Object.entries(c.config).filter(([field]) => !secretsOf(c.kind).includes(field))),
      is_default: c.is_default, is_enabled: c.is_enabled, ...(c.quiet_hours ? { quiet_hours: c.quiet_hours } : {}),
    })),
    projects: [...state.projects].sort((a, b) => Number(b.is_default) - Number(a.is_default) || a.name.localeCompare(b.name)).map((p) => ({
      key: p.name, name: p.name, ...(p.is_default ? { is_default: true } : {}),
      channels: p.channel_ids.map((id) => channelKeys.get(id)!).sort(),
      monitors: state.monitors.filter((m) => m.project_id === p.id).sort(byName((m) => m.name)).map((m) => monitorEntry(m, monitorKeys, channelKeys)),
    })),
    status_pages: [...state.status_pages].sort(byName((s) => s.slug)).map((s) => withoutNulls({
      key: s.slug, slug: s.slug, title: s.title, description: s.description, custom_domain: s.custom_domain,
      // headings only when a group has one: a plain page keeps its plain list
      ...(s.groups.some((g) => g.name !== "")
        ? { groups: s.groups.map((g) => ({ name: g.name, monitors: g.monitor_ids.map((id) => monitorKeys.get(id)!) })) }
        : { monitors: s.monitor_ids.map((id) => monitorKeys.get(id)!) }),
    })),
    maintenance: [...state.maintenance].sort(byName((w) => w.title)).map((w) => withoutNulls({
      key: w.title, title: w.title, monitors: w.monitor_ids.map((id) => monitorKeys.get(id)!).sort(), projects: w.project_ids.map((id) => projectKeys.get(id)!).sort(),
      starts_at: w.starts_at, ends_at: w.ends_at, schedule: w.schedule, duration_minutes: w.duration_minutes, timezone: w.timezone, is_active: w.is_active,
    })),
  };
}

export function formatDocument(document: ReturnType<typeof documentOf>, format: "yaml" | "json"): string {
  return format === "json" ? `${JSON.stringify(document, null, 2)}\n` : stringify(document, { lineWidth: 0 });
}
