// Assertions on what a check got back: `{source, path?, operator, value}`, all of which must hold. Each kind says which
// sources it offers and reads them from its answer; the first that fails is the check's error, with the actual value.
import type { RE2JS } from "re2js";
import * as v from "valibot";
import { parseJsonPath, readJsonPath, type JsonPath } from "./json-path.ts";

export const OPERATORS = ["==", "!=", "<", "<=", ">", ">=", "contains", "not_contains", "matches", "exists"] as const;
export type Operator = (typeof OPERATORS)[number];
/** Sources whose `path` is required: a JSON path, or a header name. */
const PATH_SOURCES = new Set(["json", "header"]);
const ORDERING = new Set<Operator>(["<", "<=", ">", ">="]);

export type Expected = string | number | boolean | null;

export interface Assertion {
  source: string;
  path?: string | null;
  operator: Operator;
  value?: Expected;
}

/** What a source reads from one answer: the value, or `undefined` when it is missing (no such header or path). */
export type Subject = (source: string, path: string | null) => unknown;

/** One assertion, ready to run: null when it holds, else why not. */
export type Rule = (subject: Subject) => string | null;

/** The first rule that fails, worded; null when all hold. */
export function firstFailure(rules: readonly Rule[], subject: Subject): string | null {
  for (const rule of rules) {
    const failure = rule(subject);
    if (failure !== null) return failure;
  }
  return null;
}

/** Linear time is still ~0.7 s a megabyte at worst in pure JS: a regex reads this much, which bounds it near 50 ms. */
export const MAX_MATCHED_CHARS = 64 * 1024;

/** Regular expressions run on RE2's linear-time engine: no pattern can backtrack for ever on a hostile body. */
export function compileRegex(pattern: string): RE2JS {
  // loaded on the first pattern: most servers have none, and RE2's tables cost memory at start
  return (require("re2js") as typeof import("re2js")).RE2JS.compile(pattern);
}

const regexProblem = (pattern: string): string | null => {
  try {
    compileRegex(pattern);
    return null;
  } catch (error) {
    return `is not a regular expression RE2 accepts: ${(error as Error).message.replace(/^error parsing regexp: /, "")}`;
  }
};

const MAX_SHOWN_CHARS = 80;

/** A value as the error shows it: strings quoted and cut, lists and objects as JSON. */
export function shown(value: unknown): string {
  const text = typeof value === "string" || value === undefined ? JSON.stringify(value ?? "") : JSON.stringify(value) ?? String(value);
  return text.length > MAX_SHOWN_CHARS ? `${text.slice(0, MAX_SHOWN_CHARS - 1)}…` : text;
}

const asNumber = (value: unknown): number | null => {
  if (typeof value === "number") return value;
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) return Number(value);
  return null;
};

/** A list compares as its items joined, so one DNS answer equals its value. */
const asText = (value: unknown): string =>
  Array.isArray(value) ? value.map(asText).join(", ") : typeof value === "string" ? value : JSON.stringify(value);

function equal(actual: unknown, expected: Expected): boolean {
  if (expected === null) return actual === null;
  const number = asNumber(actual);
  if (typeof expected === "number") return number === expected;
  if (typeof expected === "boolean") return actual === expected || asText(actual) === String(expected);
  return asText(actual) === expected;
}

/** A list contains an item equal to the value; text contains it as a substring. */
const contains = (actual: unknown, expected: Expected): boolean =>
  Array.isArray(actual) ? actual.some((item) => equal(item, expected)) : asText(actual).includes(String(expected));

function compare(operator: Operator, actual: number, expected: number): boolean {
  switch (operator) {
    case "<": return actual < expected;
    case "<=": return actual <= expected;
    case ">": return actual > expected;
    default: return actual >= expected;
  }
}

/** What the assertion reads, as its error names it: `$.status`, `header content-type`, `response_time_ms`. */
const labelOf = (a: Assertion) => (a.source === "json" ? a.path! : a.source === "header" ? `header ${a.path}` : a.source);

function expectation(a: Assertion): string {
  switch (a.operator) {
    case "==": return shown(a.value);
    case "!=": return `not ${shown(a.value)}`;
    case "contains": return `to contain ${shown(a.value)}`;
    case "not_contains": return `not to contain ${shown(a.value)}`;
    case "matches": return `to match /${a.value}/`;
    case "exists": return "it to exist";
    default: return `${a.operator} ${a.value}`;
  }
}

/** The test of one operator against one actual value (never undefined: a missing value fails before). */
function operatorTest(a: Assertion): (actual: unknown) => boolean {
  const expected = a.value ?? null;
  switch (a.operator) {
    case "==": return (actual) => equal(actual, expected);
    case "!=": return (actual) => !equal(actual, expected);
    case "contains": return (actual) => contains(actual, expected);
    case "not_contains": return (actual) => !contains(actual, expected);
    case "exists": return () => true;
    case "matches": {
      const regex = compileRegex(String(expected));
      const test = (text: string) => regex.matcher(text.length > MAX_MATCHED_CHARS ? text.slice(0, MAX_MATCHED_CHARS) : text).find();
      return (actual) => (Array.isArray(actual) ? actual.some((item) => test(asText(item))) : test(asText(actual)));
    }
    default: {
      const limit = asNumber(expected)!;
      return (actual) => {
        const number = asNumber(actual);
        return number !== null && compare(a.operator, number, limit);
      };
    }
  }
}

/**
 * An assertion as a rule. `describe` words a failure instead of the default `<label> was <actual>, expected <…>`
 * (keyword and expected_status keep the messages they always had).
 */
export function compileAssertion(a: Assertion, describe?: (actual: unknown) => string): Rule {
  const label = labelOf(a);
  const path: JsonPath | null = a.source === "json" ? parseJsonPath(a.path!) : null;
  const key = a.source === "header" ? a.path!.toLowerCase() : null;
  const test = operatorTest(a);
  const missingHolds = a.operator === "not_contains" || a.operator === "!=";
  return (subject) => {
    let actual = subject(a.source, key);
    if (path) {
      if (actual === undefined) return `the answer is not JSON, expected ${label} ${expectation(a)}`;
      actual = readJsonPath(actual, path);
    }
    if (actual === undefined) {
      if (missingHolds) return null;
      return describe ? describe(actual) : `${label} is missing, expected ${expectation(a)}`;
    }
    if (test(actual)) return null;
    return describe ? describe(actual) : `${label} was ${shown(actual)}, expected ${expectation(a)}`;
  };
}

const Value = v.nullable(v.union([v.string(), v.number(), v.boolean()], "must be a string, number, true, false or null"));

/**
 * The `assertions` setting of a kind that offers these sources: each item validated on its own, so a 400 names
 * `assertions[0].operator`; the value must suit its operator (a number to compare, a regex RE2 accepts).
 */
export function assertionsInput(sources: readonly string[]) {
  const Item = v.pipe(
    v.strictObject(
      {
        source: v.picklist(sources, `must be one of ${sources.join(", ")}`),
        path: v.optional(v.nullable(v.pipe(v.string("must be a string"), v.trim(), v.maxLength(200, "must be at most 200 characters"))), null),
        operator: v.picklist(OPERATORS, `must be one of ${OPERATORS.join(", ")}`),
        value: v.optional(Value),
      },
      (issue) => (issue.expected === "never" ? "unknown field" : "must be an object with source, operator and value"),
    ),
    v.forward(v.check((a) => !PATH_SOURCES.has(a.source) || Boolean(a.path), "is required for json and header sources"), ["path"]),
    v.forward(v.check((a) => a.source !== "json" || !a.path || parseJsonPath(a.path) !== null, 'must be a path such as $.status, $.checks[0].ok or $.items.length'), ["path"]),
    v.forward(v.check((a) => !ORDERING.has(a.operator) || asNumber(a.value) !== null, "must be a number for <, <=, > and >="), ["value"]),
    v.forward(v.check((a) => a.operator === "exists" || a.value !== undefined, "is required for this operator"), ["value"]),
    v.forward(v.check((a) => a.operator !== "matches" || typeof a.value === "string", "must be a regular expression (a string)"), ["value"]),
    v.forward(v.rawCheck(({ dataset, addIssue }) => {
      const problem = dataset.typed && dataset.value.operator === "matches" && typeof dataset.value.value === "string" ? regexProblem(dataset.value.value) : null;
      if (problem) addIssue({ message: problem });
    }), ["value"]),
    v.transform((a): Assertion & { path: string | null; value: Expected } => ({ ...a, value: a.value ?? null })),
  );
  return v.optional(v.pipe(v.nullable(v.array(Item, "must be a list of assertions")), v.transform((list) => list ?? []), v.maxLength(20, "must list at most 20 assertions")), []);
}

export const AssertionsOut = v.array(v.object({ source: v.string(), path: v.nullable(v.string()), operator: v.picklist(OPERATORS), value: v.nullable(v.union([v.string(), v.number(), v.boolean()])) }));

/** The setting a kind adds to offer assertions on `sources`; the form's help names them, with an example line that fits the kind. */
export const assertionsSetting = (sources: readonly string[], example: string) => ({
  input: assertionsInput(sources),
  output: AssertionsOut,
  form: {
    label: "Assertions", input: "assertions" as const, options: sources,
    help: `one per line: source [path] operator value, the source one of ${sources.join(", ")}; e.g. ${example}`,
  },
});
