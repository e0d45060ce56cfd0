// One validated spec for a monitor's settings, derived from the probe kinds' registry. POST validates it
// directly; PATCH merges the stored monitor with the changes and validates the result, so both share every rule.
import * as v from "valibot";
import { maskSecret } from "../alerts/secrets.ts";
import { invalid } from "../errors.ts";
import { DEFAULT_INTERVAL_SECONDS, int, type FormField, type ProbeKind } from "../probes/kind.ts";
import { derived, KINDS, probeKind, probeKinds, type Kind } from "../probes/registry.ts";
import { issuesOf, problemsOf, READ_ONLY_FIELD, strictBody, UNKNOWN_FIELD } from "../validation.ts";
import { ChannelIds } from "../channels/links.ts";
import { MonitorIds } from "./dependencies.ts";
import { EscalationSteps } from "./escalations.ts";
import { REGION_LABEL, REGION_LABEL_MESSAGE } from "../config.ts";

/** More regions than this is no homelab or team setup anyone runs. */
export const MAX_REGIONS = 16;

const RegionLabels = v.pipe(
  v.array(v.pipe(v.string("must be region labels"), v.regex(REGION_LABEL, `each ${REGION_LABEL_MESSAGE}`)), "must be an array of region labels"),
  v.maxLength(MAX_REGIONS, `must list at most ${MAX_REGIONS} regions`),
  v.check((labels) => new Set(labels).size === labels.length, "must not list a region twice"),
);

const common = {
  name: v.pipe(v.string("must be a string"), v.trim(), v.minLength(1, "must not be empty"), v.maxLength(200, "must be at most 200 characters")),
  project_id: v.optional(v.pipe(v.string("must be a string"), v.uuid("must be a UUID"))),
  interval_seconds: v.optional(int(10, 86400), DEFAULT_INTERVAL_SECONDS),
  timeout_seconds: v.optional(int(1, 86400), 10),
  retries: v.optional(int(0, 100), 0),
  recovery_checks: v.optional(int(1, 100), 1),
  is_paused: v.optional(v.boolean("must be true or false"), false),
  is_public: v.optional(v.boolean("must be true or false"), false),
  remind_every_minutes: v.optional(int(0, 10080), 0),
  is_critical: v.optional(v.boolean("must be true or false"), false),
  channel_ids: v.optional(ChannelIds),
  depends_on: v.optional(MonitorIds),
  flap_threshold: v.optional(int(0, 100), 6),
  flap_window_minutes: v.optional(int(1, 1440), 30),
  escalations: v.optional(EscalationSteps),
  regions: v.optional(RegionLabels, []),
  min_failing_regions: v.optional(int(1, MAX_REGIONS), 1),
};

/**
 * How the form shows the shared fields, in its order: the kind and its target first, then these, the kind's own
 * settings, and last the ones marked afterKind (alerts and sharing).
 * A shared field missing here is left to the API; is_paused has its own buttons.
 */
export const COMMON_FORM: Partial<Record<keyof typeof common, FormField>> = {
  name: { label: "Name", input: "text" },
  project_id: { label: "Project", input: "project" },
  interval_seconds: { label: "Interval", input: "number", help: "seconds between checks, or a heartbeat's expected period", min: 10, max: 86400 },
  timeout_seconds: { label: "Timeout", input: "number", help: "seconds, at most the interval", min: 1, max: 86400, checkedOnly: true },
  retries: { label: "Retries", input: "number", help: "failures in a row before it is down", min: 0, max: 100, checkedOnly: true },
  recovery_checks: { label: "Recovery checks", input: "number", help: "successes in a row before it is up again", min: 1, max: 100, checkedOnly: true },
  channel_ids: { label: "Notify", input: "channels", help: "channels alerted when it goes down or up", afterKind: true },
  remind_every_minutes: { label: "Remind every", input: "number", help: "minutes while it stays down; 0 = never", min: 0, max: 10080, afterKind: true },
  escalations: { label: "Escalations", input: "escalations", help: "more channels told when it is still down after that long and nobody acknowledged it", afterKind: true },
  depends_on: { label: "Depends on", input: "monitors", help: "while one of these is down, its own down alert is held back", afterKind: true },
  flap_threshold: { label: "Flapping after", input: "number", help: "changes within the flap window that make it flapping; 0 = never", min: 0, max: 100, afterKind: true },
  flap_window_minutes: { label: "Flap window", input: "number", help: "minutes", min: 1, max: 1440, afterKind: true },
  is_critical: { label: "Critical", input: "checkbox", help: "its alerts go out even in a channel's quiet hours", afterKind: true },
  regions: { label: "Regions", input: "labels", help: "comma-separated UPBEAT_REGION labels that each check it; empty = any one instance", checkedOnly: true },
  min_failing_regions: { label: "Down when failing from", input: "number", help: "regions at once (with regions)", min: 1, max: MAX_REGIONS, checkedOnly: true },
  is_public: { label: "Public badge", input: "checkbox", help: "its status and uptime badges need no login", afterKind: true },
};

/** The shared fields' defaults, as the form shows them. */
export const commonDefaults = (): Record<string, unknown> =>
  Object.fromEntries(Object.entries(common).map(([key, schema]) => [key, v.getDefault(schema as v.OptionalSchema<v.GenericSchema, unknown>) ?? null]));

const kindMessage = () => `must be one of ${KINDS.join(", ")}`;

/** Longer targets are no URL or host anyone monitors; the cap keeps a megabyte out of every list. */
export const MAX_URL_CHARS = 2048;

/** Fields the API shows for a monitor that no body sets (a pinged kind's url, its ping URL, is one too). */
const SHOWN_ONLY = ["id", "status", "status_reason", "is_flapping", "created_at", "updated_at", "last_checked_at", "details", "ping_token"];

/** The body fields a monitor of this kind takes. */
export const fieldsOf = (kind: ProbeKind): string[] =>
  ["kind", ...Object.keys(common), ...(kind.target ? ["url"] : []), ...Object.keys(kind.settings)];

/** Why a body of this kind may not carry `field`: read-only, another kind's setting, or no field at all. */
function refusal(kind: ProbeKind, field: string): string {
  if (SHOWN_ONLY.includes(field) || field === "url") return READ_ONLY_FIELD;
  const owners = probeKinds().filter((k) => field in k.settings).map((k) => k.name);
  return owners.length > 0 ? `not a field of ${kind.name} monitors (only of ${owners.join(", ")})` : UNKNOWN_FIELD;
}

const target = (kind: ProbeKind) =>
  v.pipe(v.string("must be a string"), v.maxLength(MAX_URL_CHARS, `must be at most ${MAX_URL_CHARS} characters`), kind.target!.schema as v.GenericSchema<string, string>);

/** The flat API body, one object per kind: the shared fields, the kind's target and its settings. */
export const monitorInput = derived(() =>
  v.pipe(
    v.variant(
      "kind",
      probeKinds().map((kind) =>
        strictBody({
          ...common,
          kind: v.literal(kind.name),
          ...(kind.target ? { url: target(kind) } : {}),
          ...(kind.defaultIntervalSeconds ? { interval_seconds: v.optional(int(10, 86400), kind.defaultIntervalSeconds) } : {}),
          ...Object.fromEntries(Object.entries(kind.settings).map(([key, setting]) => [key, setting.input])),
        }, (field) => refusal(kind, field)),
      ) as unknown as [v.ObjectSchema<typeof common & { kind: v.LiteralSchema<string, undefined> }, undefined>],
      kindMessage(),
    ),
    v.forward(
      // an interval that is itself out of range has its own error; do not blame the timeout for it
      v.check(
        (m) => !probeKind(m.kind)!.check || m.interval_seconds < 10 || m.timeout_seconds <= m.interval_seconds,
        "must not exceed interval_seconds",
      ),
      ["timeout_seconds"],
    ),
    v.forward(
      v.check((m) => m.min_failing_regions <= Math.max(1, m.regions.length), "must not exceed the number of regions"),
      ["min_failing_regions"],
    ),
    v.forward(
      v.check((m) => probeKind(m.kind)!.check !== undefined || m.regions.length === 0, "only checked monitors are checked from regions"),
      ["regions"],
    ),
  ),
);

type CommonSpec = v.InferOutput<v.ObjectSchema<typeof common, undefined>>;

/** A valid monitor: the fields every kind shares, its target (null for pinged kinds) and its kind's settings. */
export interface MonitorSpec extends CommonSpec {
  kind: Kind;
  url: string | null;
  settings: Record<string, unknown>;
}

const CommonFields = v.object(common);

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Validates a whole monitor and names every bad field at once: with an unknown kind the
 * variant stops at `kind`, so the fields every kind shares are checked on their own too.
 */
export function parseMonitorSpec(input: unknown): MonitorSpec {
  if (!isObject(input)) throw invalid([{ field: "body", message: "must be a JSON object" }]);
  const result = v.safeParse(monitorInput(), input);
  if (!result.success) {
    const kindKnown = typeof input.kind === "string" && probeKind(input.kind) !== undefined;
    const issues = kindKnown ? issuesOf(monitorInput(), input) : [...result.issues, ...(v.safeParse(CommonFields, input).issues ?? [])];
    throw invalid(problemsOf(issues));
  }
  const parsed = result.output as CommonSpec & Record<string, unknown> & { kind: Kind };
  const kind = probeKind(parsed.kind)!;
  const settings = Object.fromEntries(Object.keys(kind.settings).map((key) => [key, parsed[key]]));
  const shared = Object.fromEntries(Object.keys(common).map((key) => [key, parsed[key]])) as CommonSpec;
  const url = kind.target ? (parsed.url as string) : null;
  return { ...shared, kind: parsed.kind, url, settings };
}

/**
 * A PATCH: the changes laid over the stored fields the (possibly new) kind takes, then validated like a new
 * monitor, so a field the body may not carry is refused and the old kind's settings are dropped.
 */
export function parseMonitorChanges(current: Record<string, unknown>, changes: unknown): MonitorSpec {
  if (!isObject(changes)) throw invalid([{ field: "body", message: "must be a JSON object" }]);
  const kind = probeKind(String(changes.kind ?? current.kind));
  const kept = kind ? Object.fromEntries(fieldsOf(kind).filter((key) => key in current).map((key) => [key, current[key]])) : current;
  return parseMonitorSpec({ ...kept, ...changes, ...(kind ? unchangedSecrets(kind, current, changes) : {}) });
}

/** Secrets sent back as the API shows them (masked, e.g. by the edit form) keep the stored values. */
function unchangedSecrets(kind: ProbeKind, current: Record<string, unknown>, changes: Record<string, unknown>): Record<string, unknown> {
  const secrets = Object.keys(kind.settings).filter((key) => kind.settings[key]!.secret);
  return Object.fromEntries(secrets
    .filter((key) => typeof current[key] === "string" && changes[key] === maskSecret(current[key] as string))
    .map((key) => [key, current[key]]));
}

/** The PATCH body as documented: any subset of any kind's fields (parseMonitorChanges does the checking). */
export const monitorPatch = derived(() =>
  v.strictObject({
    ...Object.fromEntries(Object.entries(common).map(([key, schema]) => [key, v.optional("wrapped" in schema ? schema.wrapped : schema)])),
    kind: v.optional(v.picklist(KINDS, kindMessage())),
    url: v.optional(v.pipe(v.string(), v.maxLength(MAX_URL_CHARS))),
    ...Object.fromEntries(probeKinds().flatMap((kind) => Object.entries(kind.settings).map(([key, s]) => [key, v.optional(s.output)]))),
  }),
);
