// What an importer reads out of another tool, in upbeat's terms, before anything is written: the API's own
// bodies for monitors, channels and windows, so applying a plan runs the same validation as the API.
import type { ImporterName } from "./names.ts";

export interface Planned {
  /** the thing's id in its source, with its type ("monitor:7"): recorded, so a second import finds it */
  ref: string;
  name: string;
  /** what differs from the source (empty: imported as it was) */
  notes: string[];
}

export type PlannedProject = Planned;

export interface PlannedChannel extends Planned {
  kind: string;
  config: Record<string, unknown>;
  isDefault: boolean;
  isEnabled: boolean;
}

export interface CheckHistory {
  checkedAt: number;
  isUp: boolean;
  statusCode: number | null;
  responseTimeMs: number;
  errorMessage: string | null;
}

export interface PulseHistory {
  receivedAt: number;
  type: "success" | "fail";
  durationMs: number | null;
  body: string | null;
}

/** One finished hour (or an older whole day, kept at its first hour) of a source's statistics. */
export interface HourHistory {
  hourStart: number;
  checks: number;
  upChecks: number;
  avgMs: number;
  minMs: number;
  maxMs: number;
}

export interface MonitorHistory {
  checks: CheckHistory[];
  pulses: PulseHistory[];
  hours: HourHistory[];
}

export interface PlannedMonitor extends Planned {
  /** the POST /monitors body, less project_id and channel_ids */
  body: Record<string, unknown>;
  /** a planned project's ref; none: the target project */
  projectRef: string | null;
  channelRefs: string[];
  /** a pinged kind's token in the source, kept so its URL keeps working */
  pingToken?: string;
  /** a second ping URL, e.g. Healthchecks' `<ping_key>/<slug>` */
  pingAlias?: string;
  history?: MonitorHistory;
}

export interface PlannedStatusPage extends Planned {
  slug: string;
  description: string | null;
  /** the page's sections in order, each with its monitors in order */
  groups: { name: string; monitorRefs: string[] }[];
}

export interface PlannedMaintenance extends Planned {
  /** the POST /maintenance body, less monitor_ids */
  body: Record<string, unknown>;
  monitorRefs: string[];
}

export interface Skipped {
  what: string;
  name: string;
  reason: string;
}

export interface ImportPlan {
  /** where it came from; with an instance where one tool may be imported from twice ("uptime-kuma:1a2b…") */
  source: string;
  projects: PlannedProject[];
  channels: PlannedChannel[];
  monitors: PlannedMonitor[];
  statusPages: PlannedStatusPage[];
  maintenance: PlannedMaintenance[];
  /** what the source has that upbeat cannot take, and why */
  skipped: Skipped[];
}

export const emptyPlan = (source: string): ImportPlan =>
  ({ source, projects: [], channels: [], monitors: [], statusPages: [], maintenance: [], skipped: [] });

export interface ImportOptions {
  withHistory: boolean;
  /** Healthchecks' project ping key: `/ping/<key>/<slug>` keeps working too */
  pingKey?: string;
  now: number;
}

/** One kind of source file, read into a plan; a file it cannot read is a UserError of one line. */
export interface Importer {
  name: ImporterName;
  /** what the help and the report call it */
  label: string;
  /** what the file is, for the help: "kuma.db" */
  file: string;
  /** the file's first bytes look like this source's (an upload that does not say where it came from) */
  recognizes(head: string): boolean;
  read(path: string, options: ImportOptions): Promise<ImportPlan>;
}
