// The configuration file: YAML (or JSON, which YAML reads too) → a checked document. Every problem is named as
// `file:line: field: message`, with the line of the YAML node the valibot issue's path leads to.
import { LineCounter, parseDocument, type Document } from "yaml";
import * as v from "valibot";
import { UserError } from "../errors.ts";
import { problemsOf, strictBody } from "../validation.ts";

/** A reference to a monitor: its project's key and its own, as "project/monitor". */
export const monitorRef = (projectKey: string, monitorKey: string) => `${projectKey}/${monitorKey}`;

const KeyList = (what: string) => v.array(v.string(`must be ${what} keys`), `must be a list of ${what} keys`);
const Keys = (what: string) => v.optional(KeyList(what), []);
const Key = v.optional(v.pipe(v.string("must be a string"), v.minLength(1, "must not be empty")));
const Text = v.string("must be a string");

// Only what `apply` itself reads is checked here; each entry's own fields are checked by the API's schemas.
const ChannelEntry = v.looseObject({ key: Key, name: Text, kind: Text, config: v.optional(v.record(v.string(), v.unknown(), "must be an object"), {}) });
const Escalation = v.looseObject({ channels: Keys("channel") }, "must be an object with after_minutes and channels");
const MonitorEntry = v.looseObject({
  key: Key, name: Text, kind: Text, channels: Keys("channel"), depends_on: Keys("monitor"),
  escalations: v.optional(v.array(Escalation, "must be a list of steps"), []),
});
const ProjectEntry = strictBody({
  key: Key, name: Text, is_default: v.optional(v.boolean("must be true or false"), false), channels: Keys("channel"),
  monitors: v.optional(v.array(MonitorEntry, "must be a list of monitors"), []),
});
// a page lists `monitors` (one group without a heading) or `groups`, as the API takes monitor_ids or groups
const PageGroup = strictBody({ name: Text, monitors: KeyList("monitor") });
const StatusPageEntry = v.looseObject({
  key: Key, slug: Text, monitors: v.optional(KeyList("monitor")), groups: v.optional(v.array(PageGroup, "must be a list of groups")),
});
const MaintenanceEntry = v.looseObject({ key: Key, title: Text, monitors: Keys("monitor"), projects: Keys("project") });

const FileSchema = strictBody({
  version: v.optional(v.literal(1, "must be 1")),
  channels: v.optional(v.array(ChannelEntry, "must be a list of channels"), []),
  projects: v.optional(v.array(ProjectEntry, "must be a list of projects"), []),
  status_pages: v.optional(v.array(StatusPageEntry, "must be a list of status pages"), []),
  maintenance: v.optional(v.array(MaintenanceEntry, "must be a list of maintenance windows"), []),
});

type Parsed = v.InferOutput<typeof FileSchema>;
type Keyed<T> = T & { key: string };
export type ChannelEntry = Keyed<Parsed["channels"][number]>;
export type MonitorEntry = Keyed<Parsed["projects"][number]["monitors"][number]>;
export type ProjectEntry = Keyed<Omit<Parsed["projects"][number], "monitors">> & { monitors: MonitorEntry[] };
export type StatusPageEntry = Keyed<Parsed["status_pages"][number]>;
export type MaintenanceEntry = Keyed<Parsed["maintenance"][number]>;

export interface ConfigDocument {
  channels: ChannelEntry[];
  projects: ProjectEntry[];
  status_pages: StatusPageEntry[];
  maintenance: MaintenanceEntry[];
}

export type Path = (string | number)[];

export interface PageGroup { name: string; monitors: string[] }

/** A page's groups in the file's terms: a plain `monitors` list is one group without a heading, a repeat shown once (as the API does). */
export const groupsOfPage = (s: StatusPageEntry): PageGroup[] =>
  s.groups?.map((g) => ({ name: g.name.trim(), monitors: g.monitors })) ?? (s.monitors?.length ? [{ name: "", monitors: [...new Set(s.monitors)] }] : []);

/** The file's names of the API's link fields. */
const FILE_NAMES: Record<string, string> = { monitor_ids: "monitors", project_ids: "projects", channel_ids: "channels" };

/** A field of an API 400 ("groups[0].monitor_ids") as the path of the file's field under the entry's path. */
export const fieldPath = (entry: Path, field: string): Path =>
  field === "" || field === "body" ? entry : [...entry, ...field.split(/[.[\]]+/).filter(Boolean).map((p) => (/^\d+$/.test(p) ? Number(p) : FILE_NAMES[p] ?? p))];

export const pathText = (path: Path) => path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");

/** Problems in a file, one `file:line: field: message` per line (exit 2). */
export class ConfigFileError extends UserError {}

/** Where the file's parts are: names problems by the line of the nearest node their path reaches. */
export interface Located {
  fail(problems: { path: Path; message: string }[]): never;
}

function locator(file: string, doc: Document | null, lines: LineCounter): Located {
  const lineOf = (path: Path): number => {
    for (let depth = path.length; doc && depth >= 0; depth--) {
      const node = doc.getIn(path.slice(0, depth), true) as { range?: [number, number, number] } | undefined;
      if (node?.range) return lines.linePos(node.range[0]).line;
    }
    return 1;
  };
  return {
    fail(problems) {
      throw new ConfigFileError(problems.map((p) => `${file}:${lineOf(p.path)}: ${pathText(p.path) || "file"}: ${p.message}`).join("\n"));
    },
  };
}

const VARIABLE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** `${NAME}` in string values from the environment, so secrets stay out of git; an unset one is an error. */
function expand(value: unknown, env: Record<string, string | undefined>, path: Path, unset: { path: Path; message: string }[]): unknown {
  if (typeof value === "string") {
    return value.replace(VARIABLE, (whole, name: string) => {
      const found = env[name];
      if (found === undefined) unset.push({ path, message: `environment variable ${name} is not set` });
      return found ?? whole;
    });
  }
  if (Array.isArray(value)) return value.map((item, i) => expand(item, env, [...path, i], unset));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, expand(inner, env, [...path, key], unset)]));
  }
  return value;
}

const issuePath = (issue: v.BaseIssue<unknown>): Path => (issue.path ?? []).map((p) => p.key as string | number);

/** The file's text as a document with every key set (defaults: the name, the slug for status pages, the title for windows). */
export function readDocument(file: string, text: string, env: Record<string, string | undefined>): { document: ConfigDocument; located: Located } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const located = locator(file, doc, lines);
  if (doc.errors.length > 0) {
    const error = doc.errors[0]!;
    throw new ConfigFileError(`${file}:${lines.linePos(error.pos[0]).line}: file: ${error.message.split("\n")[0]}`);
  }
  const unset: { path: Path; message: string }[] = [];
  const raw = expand(doc.toJS() ?? {}, env, [], unset);
  if (unset.length > 0) located.fail(unset);
  const result = v.safeParse(FileSchema, raw);
  if (!result.success) {
    located.fail(result.issues.map((issue) => ({ path: issuePath(issue), message: problemsOf([issue])[0]!.message })));
  }
  const parsed = result.output as Parsed;
  const document: ConfigDocument = {
    channels: parsed.channels.map((c) => ({ ...c, key: c.key ?? c.name })),
    projects: parsed.projects.map((p) => ({ ...p, key: p.key ?? p.name, monitors: p.monitors.map((m) => ({ ...m, key: m.key ?? m.name })) })),
    status_pages: parsed.status_pages.map((s) => ({ ...s, key: s.key ?? s.slug })),
    maintenance: parsed.maintenance.map((w) => ({ ...w, key: w.key ?? w.title })),
  };
  return { document, located };
}
