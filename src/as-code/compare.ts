// Both sides of a diff in one comparable form: defaults filled in by the API's schemas, links as keys,
// secrets compared by their masked form (what a server shows is all `--url` mode can see).
import * as v from "valibot";
import { channelKind, isChannelKind } from "../alerts/registry.ts";
import { maskSecret } from "../alerts/secrets.ts";
import { fieldsOf, parseMonitorSpec, type MonitorSpec } from "../monitors/spec.ts";
import { probeKind } from "../probes/registry.ts";
import type { PageGroup } from "./document.ts";
import type { MonitorState } from "./state.ts";

export type Comparable = Record<string, unknown>;

/** JSON with sorted keys and no undefined, so equal values give equal text. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value).filter(([, inner]) => inner !== undefined).sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([key, inner]) => `${JSON.stringify(key)}:${stableJson(inner)}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

/** The fields whose values differ, as "field: old → new" (secret-bearing config by name only). */
export function changedFields(current: Comparable, desired: Comparable): string[] {
  const keys = [...new Set([...Object.keys(current), ...Object.keys(desired)])];
  return keys.filter((key) => stableJson(current[key]) !== stableJson(desired[key])).map((key) => {
    if (key === "config") return "config";
    const shown = (value: unknown) => { const text = stableJson(value); return text.length > 60 ? `${text.slice(0, 57)}...` : text; };
    return `${key}: ${shown(current[key])} → ${shown(desired[key])}`;
  });
}

/** Shown masked already ("…abcd", from an export or the API) or to be masked now. */
const isMasked = (value: unknown) => typeof value === "string" && value.startsWith("…");
function masked(value: unknown): unknown {
  if (typeof value === "string") return isMasked(value) ? value : maskSecret(value);
  if (typeof value === "object" && value !== null && !Array.isArray(value)) return Object.fromEntries(Object.entries(value).map(([k, inner]) => [k, masked(inner)]));
  return value;
}

const configEntries = (kind: string): Record<string, v.GenericSchema> => {
  const schema = channelKind(kind as never).schema as { entries?: object; pipe?: { entries?: object }[] };
  return (schema.entries ?? schema.pipe?.[0]?.entries ?? {}) as Record<string, v.GenericSchema>;
};

/** A secret left out of the file keeps the stored one: it is compared (and sent back) as the server shows it. */
export function withKeptSecrets(kind: string, config: Record<string, unknown>, current: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!isChannelKind(kind) || !current) return config;
  const kept = channelKind(kind).secrets.filter((field) => config[field] === undefined && current[field] !== undefined);
  return { ...config, ...Object.fromEntries(kept.map((field) => [field, current[field]])) };
}

/** Secrets left out or masked: a new channel cannot be created from them. */
export const missingSecrets = (kind: string, config: Record<string, unknown>): string[] =>
  isChannelKind(kind) ? channelKind(kind).secrets.filter((field) => field in config && isMasked(config[field])) : [];

/** Each field through its own schema (defaults filled in), secrets masked. */
export function comparableConfig(kind: string, config: Record<string, unknown>): Record<string, unknown> {
  if (!isChannelKind(kind)) return config;
  const secrets = channelKind(kind).secrets;
  const entries = configEntries(kind);
  return Object.fromEntries(Object.entries(entries).map(([field, schema]) => {
    if (secrets.includes(field)) return [field, masked(config[field])];
    const result = v.safeParse(schema, config[field]);
    return [field, result.success ? result.output : config[field]];
  }));
}

/** The whole monitor as a body: every field of its kind, defaults filled in (so a field left out means its default). */
export function monitorFields(spec: MonitorSpec): Comparable {
  const { project_id: _, channel_ids: __, depends_on: ___, escalations: ____, settings, url, ...shared } = spec;
  return { ...shared, ...(url === null ? {} : { url }), ...settings };
}

/** A stored monitor's own fields (not its links) as its body would give them. */
export function monitorStateFields(monitor: MonitorState): Comparable {
  const kind = probeKind(monitor.kind);
  if (!kind) return { name: monitor.name, kind: monitor.kind };
  const own = fieldsOf(kind).filter((field) => !LINKS.includes(field));
  return monitorFields(parseMonitorSpec(Object.fromEntries(own.filter((f) => monitor[f] !== null && monitor[f] !== undefined).map((f) => [f, monitor[f]]))));
}

/** The fields that name other resources: a file gives them as keys. */
export const LINKS = ["project_id", "channel_ids", "depends_on", "escalations"];

/** A page's monitors as the diff shows them: a plain list, or the groups' order and each group's monitors in its own field. */
export function groupFields(groups: PageGroup[]): Comparable {
  if (!groups.some((g) => g.name !== "")) return { monitors: groups.flatMap((g) => g.monitors) };
  return { groups: groups.map((g) => g.name), ...Object.fromEntries(groups.map((g) => [`group "${g.name}"`, g.monitors])) };
}

export const isoOrNull = (time: unknown) => (typeof time === "string" ? new Date(time).toISOString() : null);
