// Healthchecks.io (hosted or self-hosted): the JSON of its API v3 `GET /api/v3/checks/`. Every check becomes a
// heartbeat whose ping token is the check's UUID, so `/ping/<uuid>` (and /start, /fail, /<exit code>) keep working.
import { readFileSync } from "node:fs";
import * as v from "valibot";
import { UserError } from "../errors.ts";
import { isUuid } from "../ids.ts";
import { emptyPlan, type ImportPlan, type Importer, type PlannedMonitor } from "./plan.ts";

// Only what is read; the other documented fields (n_pings, last_ping, *_kw, update_url…) are passed over.
const Check = v.looseObject({
  name: v.optional(v.string(), ""),
  slug: v.optional(v.string(), ""),
  tags: v.optional(v.string(), ""),
  desc: v.optional(v.string(), ""),
  grace: v.number(),
  status: v.optional(v.string()),
  manual_resume: v.optional(v.boolean()),
  methods: v.optional(v.string()),
  ping_url: v.optional(v.string()),
  unique_key: v.optional(v.string()),
  timeout: v.optional(v.number()),
  schedule: v.optional(v.string()),
  tz: v.optional(v.string()),
});
const Export = v.looseObject({ checks: v.array(Check) });
type HcCheck = v.InferOutput<typeof Check>;

const MAX_SECONDS = 86_400;

/** The UUID at the end of `ping_url`; a read-only key's export has none. */
const uuidOf = (check: HcCheck): string | undefined => {
  const last = check.ping_url?.replace(/\/+$/, "").split("/").pop();
  return last && isUuid(last) ? last.toLowerCase() : undefined;
};

function seconds(value: number, what: string, notes: string[]): number {
  if (value <= MAX_SECONDS) return value;
  notes.push(`${what} of ${Math.round(value / 86_400)} days is 1 day (upbeat's longest)`);
  return MAX_SECONDS;
}

function monitorOf(check: HcCheck, pingKey: string | undefined): PlannedMonitor | { skip: string } {
  const uuid = uuidOf(check);
  if (!uuid) return { skip: "exported with a read-only API key, so its ping URL (UUID) is unknown: export with a read-write key" };
  const notes: string[] = [];
  const name = check.name || check.slug || uuid;
  const timing = check.schedule
    ? { schedule: check.schedule, timezone: check.tz ?? "UTC" }
    : { interval_seconds: seconds(check.timeout ?? 86_400, "a period", notes) };
  if (check.tags.trim()) notes.push(`tags "${check.tags.trim()}" are not kept (upbeat has no tags)`);
  if (check.desc.trim()) notes.push("its description is not kept (monitors have none)");
  if (check.methods === "POST") notes.push("GET and HEAD pings are accepted too (Healthchecks took only POST)");
  if (check.manual_resume) notes.push("a ping resumes nothing: paused monitors are resumed by hand in upbeat anyway");
  return {
    ref: `check:${uuid}`, name, notes, projectRef: null, channelRefs: [], pingToken: uuid,
    pingAlias: pingKey && check.slug ? `${pingKey}/${check.slug}` : undefined,
    body: { kind: "heartbeat", name, grace_seconds: seconds(check.grace, "a grace time", notes), is_paused: check.status === "paused", ...timing },
  };
}

function parseExport(path: string): v.InferOutput<typeof Export> {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new UserError(`${path} is not a JSON file (${(error as Error).message})`);
  }
  const parsed = v.safeParse(Export, json);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const where = issue.path?.map((p) => String(p.key)).join(".") || "the file";
    throw new UserError(`${path} is not the JSON of Healthchecks' GET /api/v3/checks/: ${where}: ${issue.message}`);
  }
  return parsed.output;
}

export const healthchecks: Importer = {
  name: "healthchecks",
  label: "Healthchecks",
  file: "checks.json",
  recognizes: (head) => /^\s*\{\s*"checks"\s*:/.test(head),
  async read(path, options) {
    const plan: ImportPlan = emptyPlan("healthchecks");
    for (const check of parseExport(path).checks) {
      const monitor = monitorOf(check, options.pingKey);
      if ("skip" in monitor) plan.skipped.push({ what: "check", name: check.name || check.slug || "(unnamed)", reason: monitor.skip });
      else plan.monitors.push(monitor);
    }
    return plan;
  },
};
