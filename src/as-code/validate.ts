// Each entry of a document through the API's own schemas, and every key it names resolved: all problems at once.
import { StatusPageInput } from "../api/status-pages.ts";
import { Name } from "../api/schemas.ts";
import { channelKind, isChannelKind, type ChannelKindName } from "../alerts/registry.ts";
import { ChannelInput, validConfig } from "../channels/service.ts";
import { AppError } from "../errors.ts";
import { MaintenanceInput, timingProblems } from "../maintenance/service.ts";
import { parseMonitorSpec } from "../monitors/spec.ts";
import { groupProblems } from "../status-pages/service.ts";
import { parseBody } from "../validation.ts";
import * as v from "valibot";
import { fieldPath, groupsOfPage, monitorRef, type ConfigDocument, type Located, type Path } from "./document.ts";
import { channelBody, escalationsOf, maintenanceBody, monitorBody, statusPageBody } from "./bodies.ts";

const STAND_IN_ID = "00000000-0000-4000-8000-000000000000";

type Problem = { path: Path; message: string };

function collect(problems: Problem[], entry: Path, check: () => void): void {
  try {
    check();
  } catch (error) {
    if (!(error instanceof AppError) || !error.details) throw error;
    for (const d of error.details) problems.push({ path: fieldPath(entry, d.field), message: d.message });
  }
}

/** A secret left out, or shown masked ("…abcd"), keeps the stored one: its check waits for the server. */
const isKeptSecret = (kind: ChannelKindName, name: string, config: Record<string, unknown>) => {
  if (!channelKind(kind).secrets.includes(name)) return false;
  const value = config[name];
  return value === undefined || (typeof value === "string" && value.startsWith("…"));
};

function duplicates(problems: Problem[], keys: { key: string; path: Path }[], what: string): void {
  const seen = new Set<string>();
  for (const { key, path } of keys) {
    if (seen.has(key)) problems.push({ path: [...path, "key"], message: `another ${what} has the key "${key}"` });
    seen.add(key);
  }
}

function unknownKeys(problems: Problem[], refs: string[], known: Set<string>, path: Path, what: string): void {
  refs.forEach((ref, i) => known.has(ref) || problems.push({ path: [...path, i], message: `no ${what} with the key "${ref}" in this file` }));
}

export function validateDocument(document: ConfigDocument, located: Located): void {
  const problems: Problem[] = [];
  const channelKeys = new Set(document.channels.map((c) => c.key));
  const projectKeys = new Set(document.projects.map((p) => p.key));
  const monitorRefs = new Set(document.projects.flatMap((p) => p.monitors.map((m) => monitorRef(p.key, m.key))));

  document.channels.forEach((c, i) => {
    const path = ["channels", i];
    collect(problems, path, () => parseBody(ChannelInput, channelBody(c)));
    if (!isChannelKind(c.kind)) return;
    const kind = c.kind;
    const configProblems: Problem[] = [];
    collect(configProblems, path, () => validConfig(kind, c.config));
    problems.push(...configProblems.filter((p) => !isKeptSecret(kind, String(p.path[3]), c.config)));
  });
  document.projects.forEach((p, i) => {
    collect(problems, ["projects", i], () => parseBody(v.object({ name: Name }), { name: p.name }));
    unknownKeys(problems, p.channels, channelKeys, ["projects", i, "channels"], "channel");
    p.monitors.forEach((m, j) => {
      const path = ["projects", i, "monitors", j];
      // links are checked by key below; stand-in ids let the API's schema check the steps themselves
      collect(problems, path, () => parseMonitorSpec({ ...monitorBody(m), escalations: escalationsOf(m, () => STAND_IN_ID) }));
      m.escalations.forEach((step, k) => unknownKeys(problems, step.channels, channelKeys, [...path, "escalations", k, "channels"], "channel"));
      unknownKeys(problems, m.channels, channelKeys, [...path, "channels"], "channel");
      unknownKeys(problems, m.depends_on, monitorRefs, [...path, "depends_on"], "monitor");
    });
    duplicates(problems, p.monitors.map((m, j) => ({ key: m.key, path: ["projects", i, "monitors", j] })), "monitor of this project");
  });
  document.status_pages.forEach((s, i) => {
    const path = ["status_pages", i];
    // the API's schema checks the groups' names, the service's rules who is in which group (by key here)
    collect(problems, path, () => parseBody(StatusPageInput, { ...statusPageBody(s), ...(s.groups ? { groups: s.groups.map((g) => ({ name: g.name, monitor_ids: [] })) } : {}) }));
    const grouping = s.groups ? groupProblems(groupsOfPage(s).map((g) => ({ name: g.name, monitorIds: g.monitors }))) : [];
    problems.push(...grouping.map((p) => ({ path: fieldPath(path, p.field), message: p.message })));
    if (s.monitors && s.groups) problems.push({ path: [...path, "monitors"], message: "give either monitors or groups, not both" });
    unknownKeys(problems, s.monitors ?? [], monitorRefs, [...path, "monitors"], "monitor");
    s.groups?.forEach((g, j) => unknownKeys(problems, g.monitors, monitorRefs, [...path, "groups", j, "monitors"], "monitor"));
  });
  document.maintenance.forEach((w, i) => {
    const path = ["maintenance", i];
    // the links are checked by key below; stand-ins keep the "name at least one" rule out of the way
    collect(problems, path, () => {
      const body = parseBody(MaintenanceInput, { ...maintenanceBody(w), project_ids: [], monitor_ids: [] });
      const timing = timingProblems(body);
      if (timing.length > 0) throw new AppError(400, "validation_error", "", timing);
    });
    if (w.monitors.length + w.projects.length === 0) problems.push({ path: [...path, "monitors"], message: "name at least one monitor or project (projects)" });
    unknownKeys(problems, w.monitors, monitorRefs, [...path, "monitors"], "monitor");
    unknownKeys(problems, w.projects, projectKeys, [...path, "projects"], "project");
  });
  duplicates(problems, document.channels.map((c, i) => ({ key: c.key, path: ["channels", i] })), "channel");
  duplicates(problems, document.projects.map((p, i) => ({ key: p.key, path: ["projects", i] })), "project");
  duplicates(problems, document.status_pages.map((s, i) => ({ key: s.key, path: ["status_pages", i] })), "status page");
  duplicates(problems, document.maintenance.map((w, i) => ({ key: w.key, path: ["maintenance", i] })), "maintenance window");
  if (document.projects.filter((p) => p.is_default).length > 1) problems.push({ path: ["projects"], message: "only one project can be the default" });
  if (problems.length > 0) located.fail(problems);
}
