// What a probe kind declares: its settings (validation, defaults, the API's answer, the form field), how its
// target is validated, and how a monitor of the kind is checked. Everything else is derived from these.
import * as v from "valibot";
import type { ProbeResult } from "./result.ts";

/** One check of one monitor, with its options worked out once. */
export type MonitorCheck = (signal: AbortSignal) => Promise<ProbeResult>;

/** How the form shows a setting; the default shown comes from the setting's input schema. */
export interface FormField {
  label: string;
  /**
   * map: "Name: value" lines as an object; project, channels and monitors: chosen from the caller's own;
   * escalations: a list of steps, each minutes and channels;
   * assertions: one `source [path] operator value` per line (options: the sources offered); labels: comma-separated, as a list
   */
  input: "labels" | "text" | "password" | "textarea" | "number" | "checkbox" | "select" | "map" | "project" | "channels" | "monitors" | "escalations" | "assertions";
  /** shown for checked kinds only (a timeout means nothing to a heartbeat) */
  checkedOnly?: boolean;
  /** a shared field placed after the kind's own settings: what happens when it fails comes after what is checked */
  afterKind?: boolean;
  help?: string;
  options?: readonly string[];
  min?: number;
  max?: number;
}

export interface Setting {
  /** validation with its default and the messages users read; its output is what is stored */
  input: v.GenericSchema;
  /** the value in the API's answer */
  output: v.GenericSchema;
  /** absent: not editable in the form (it still is through the API) */
  form?: FormField;
  /** a password or the like: the API shows it masked ("…abcd") and a PATCH sending the masked form back keeps it */
  secret?: boolean;
}

export type Settings = Record<string, Setting>;
export type SettingValues<S extends Settings> = { [K in keyof S]: v.InferOutput<S[K]["input"]> };

/** What a check is built from: the monitor's shared columns and its kind's settings, defaults filled in. */
export interface CheckedMonitor<S extends Settings = Settings> {
  url: string;
  timeoutMs: number;
  settings: SettingValues<S>;
}

export interface ProbeKind<Name extends string = string, S extends Settings = Settings> {
  name: Name;
  /** the kind in the form's list, e.g. "http — a web page or API" */
  label: string;
  /** how `url` is validated and asked for; absent for kinds that are pinged (their url is their ping URL) */
  target?: { schema: v.GenericSchema<unknown, string>; label: string; example: string };
  settings: S;
  /** settings that list monitor ids: each must be a monitor of the same organization, not the monitor itself */
  monitorLists?: readonly (keyof S & string)[];
  /** default `interval_seconds` (DEFAULT_INTERVAL_SECONDS unless the kind says otherwise) */
  defaultIntervalSeconds?: number;
  /** absent: the kind is not checked but pinged (a ping token, its url is the ping URL, no timeout rule) */
  check?: (monitor: CheckedMonitor<S>) => MonitorCheck;
}

export const DEFAULT_INTERVAL_SECONDS = 60;

/** Keeps each kind's literal name and setting types while it is written. */
export const defineKind = <const Name extends string, S extends Settings>(kind: ProbeKind<Name, S>) => kind;

/** A check that fails at once with a message (a stored target its kind cannot use). */
export const unusable = (message: string): MonitorCheck => async () =>
  ({ isUp: false, statusCode: null, responseTimeMs: 0, errorMessage: message });

/** A whole number in an answer (JSON Schema "integer"). */
export const wholeNumber = v.pipe(v.number(), v.integer());

// The schemas settings are built from, worded as the API's 400s.
export const int = (min: number, max: number) =>
  v.pipe(v.number("must be a number"), v.integer("must be a whole number"), v.minValue(min, `must be at least ${min}`), v.maxValue(max, `must be at most ${max}`));

export const flag = (fallback: boolean) => v.optional(v.boolean("must be true or false"), fallback);

/** For kinds that speak TLS: a homelab's self-signed certificate should not need a CA file to be watched. */
export const ignoreTlsErrorsSetting = {
  input: flag(false),
  output: v.boolean(),
  form: { label: "Ignore TLS errors", input: "checkbox", help: "accept a self-signed, expired or wrong-name certificate" },
} satisfies Setting;

/** A value that may be left out or null (stored as null); an empty string also reads as none when `blankIsNull`. */
export const optionalOrNull = <S extends v.GenericSchema>(schema: S, blankIsNull = true) =>
  v.pipe(v.optional(v.nullable(schema), null), v.transform((value) => (blankIsNull && value === "" ? null : value)));

export const optionalText = (max: number, blankIsNull = false) =>
  optionalOrNull(v.pipe(v.string("must be a string"), v.maxLength(max, `must be at most ${max} characters`)), blankIsNull);

/** One of a few words, any case in, upper case stored. */
export const upperPicklist = <const T extends readonly string[]>(options: T, fallback: T[number]) =>
  v.optional(v.pipe(v.string(), v.toUpperCase(), v.picklist(options, `must be one of ${options.join(", ")}`)), fallback);

export const trimmed = (...checks: v.PipeItem<string, string, v.BaseIssue<unknown>>[]) =>
  v.pipe(v.string("must be a string"), v.trim(), ...checks);

const defaults = new WeakMap<ProbeKind, Record<string, unknown>>();

/** Each setting's default (null when it has none): what a stored monitor lacking a setting reads as. */
export function settingDefaults(kind: ProbeKind): Record<string, unknown> {
  let values = defaults.get(kind);
  if (!values) {
    values = Object.fromEntries(Object.entries(kind.settings).map(([key, s]) => [key, v.getDefault(s.input as v.OptionalSchema<v.GenericSchema, unknown>) ?? null]));
    defaults.set(kind, values);
  }
  return values;
}
