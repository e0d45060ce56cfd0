// valibot issues → the field list of a 400; bodies that refuse fields they do not take.
import * as v from "valibot";
import { invalid, type FieldProblem } from "./errors.ts";

export function problemsOf(issues: readonly v.BaseIssue<unknown>[], root = "body"): FieldProblem[] {
  const seen = new Set<string>();
  const problems: FieldProblem[] = [];
  for (const issue of issues) {
    // list items as `assertions[0].operator`
    const field = issue.path?.map((p) => (typeof p.key === "number" ? `[${p.key}]` : `.${String(p.key)}`)).join("").replace(/^\./, "") || root;
    // valibot words a missing key as "Invalid key: Expected …"; say it plainly
    const message = issue.kind === "schema" && issue.received === "undefined" && issue.path?.length ? "is required" : issue.message;
    if (seen.has(field + message)) continue;
    seen.add(field + message);
    problems.push({ field, message });
  }
  return problems;
}

export const UNKNOWN_FIELD = "unknown field";
export const READ_ONLY_FIELD = "read-only field";

/** A strict object's key issue (a field it does not take), as opposed to its "not an object" issue. */
const isRefusedKey = (issue: v.BaseIssue<unknown>) => issue.type === "strict_object" && issue.expected === "never";

/**
 * A JSON object that takes only `entries`; any other field is refused by name: a "read-only field" when
 * the resource's answer (`shown`) has it, such as `id`, an "unknown field" otherwise, or as `shown` words it.
 */
export function strictBody<E extends v.ObjectEntries>(entries: E, shown?: { readonly entries: v.ObjectEntries } | ((field: string) => string)) {
  const refusal = typeof shown === "function" ? shown : (field: string) => (shown && field in shown.entries ? READ_ONLY_FIELD : UNKNOWN_FIELD);
  return v.strictObject(entries, (issue) => (isRefusedKey(issue) ? refusal(String(issue.input)) : "must be a JSON object"));
}

/** Every issue of `value`, with every field a strict object refuses (valibot itself stops at the first one). */
export function issuesOf(schema: v.GenericSchema, value: unknown): v.BaseIssue<unknown>[] {
  const issues: v.BaseIssue<unknown>[] = [];
  let input = value;
  for (;;) {
    const result = v.safeParse(schema, input);
    if (result.success) return issues;
    issues.push(...result.issues);
    const refused = result.issues.find((issue) => isRefusedKey(issue) && issue.path?.length === 1)?.input;
    if (typeof refused !== "string") return issues;
    // without that field, the next refused one (or none) shows
    const { [refused]: _, ...rest } = input as Record<string, unknown>;
    input = rest;
  }
}

/** A JSON object body through a schema; a 400 naming every bad field (each refused one too). */
export function parseBody<S extends v.GenericSchema>(schema: S, input: unknown): v.InferOutput<S> {
  if (typeof input !== "object" || input === null || Array.isArray(input)) throw invalid([{ field: "body", message: "must be a JSON object" }]);
  const issues = issuesOf(schema, input);
  if (issues.length > 0) throw invalid(problemsOf(issues));
  return v.parse(schema, input);
}
