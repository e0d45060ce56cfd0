// valibot issues → the field list of a 400.
import * as v from "valibot";
import type { FieldProblem } from "./errors.ts";

export function problemsOf(issues: readonly v.BaseIssue<unknown>[], root = "body"): FieldProblem[] {
  const seen = new Set<string>();
  const problems: FieldProblem[] = [];
  for (const issue of issues) {
    const field = issue.path?.map((p) => String(p.key)).join(".") || root;
    // valibot words a missing key as "Invalid key: Expected …"; say it plainly
    const message = issue.kind === "schema" && issue.received === "undefined" && issue.path?.length ? "is required" : issue.message;
    if (seen.has(field + message)) continue;
    seen.add(field + message);
    problems.push({ field, message });
  }
  return problems;
}
