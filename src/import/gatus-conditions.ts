// Gatus endpoint conditions → what upbeat's http settings can say. Conditions with no equivalent are returned
// as skipped; until http checks get assertions, body paths and response times are approximated.
export interface ConditionResult {
  settings: Record<string, unknown>;
  notes: string[];
  skipped: string[];
  /** [CERTIFICATE_EXPIRATION] > N: days for a separate ssl monitor */
  certificateDays?: number;
}

const DURATION_UNITS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600 };

/** Go durations ("1m30s", "48h", "500ms") → seconds; null when it is not one. */
export function durationSeconds(value: unknown): number | null {
  if (typeof value === "number") return value;
  if (typeof value !== "string" || !/^(\d+(\.\d+)?(ms|s|m|h))+$/.test(value.trim())) return null;
  let total = 0;
  for (const [, amount, unit] of value.trim().matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) total += Number(amount) * DURATION_UNITS[unit!]!;
  return total;
}

/** `[STATUS] <op> N` or `[STATUS] == any(200, 201)` → status ranges. */
function statusRanges(operator: string, value: string): string | null {
  const any = /^any\((.*)\)$/.exec(value);
  if (operator === "==" && any) return any[1]!.split(",").map((s) => s.trim()).filter((s) => /^\d{3}$/.test(s)).join(",") || null;
  if (!/^\d{3}$/.test(value)) return null;
  const n = Number(value);
  const ranges: Record<string, string> = { "==": `${n}`, "<": `100-${n - 1}`, "<=": `100-${n}`, ">": `${n + 1}-599`, ">=": `${n}-599` };
  return ranges[operator] ?? null;
}

const PATTERN = /^pat\(\*?(.*?)\*?\)$/;

export function mapConditions(conditions: string[], kind: string): ConditionResult {
  const result: ConditionResult = { settings: {}, notes: [], skipped: [] };
  for (const condition of conditions) {
    const match = /^\s*(\[[A-Z_]+\])(\.\S+)?\s*(==|!=|<=|>=|<|>)\s*(.+?)\s*$/.exec(condition);
    const [, placeholder, path, operator, value] = match ?? [];
    const keywordFree = result.settings.keyword === undefined;
    if (placeholder === "[CONNECTED]" && operator === "==" && value === "true") continue;
    if (kind === "http" && placeholder === "[STATUS]" && !path && statusRanges(operator!, value!)) {
      result.settings.expected_status = statusRanges(operator!, value!);
    } else if (kind === "http" && placeholder === "[BODY]" && !path && (operator === "==" || operator === "!=") && keywordFree) {
      const pattern = PATTERN.exec(value!);
      result.settings.keyword = pattern ? pattern[1] : value;
      result.settings.keyword_absent = operator === "!=";
      if (!pattern) result.notes.push(`${condition}: checked as the body containing "${value}", not equal to it`);
    } else if (kind === "http" && placeholder === "[BODY]" && path && operator === "==" && keywordFree && !/^(pat|any|len|has)\(/.test(value!)) {
      result.settings.keyword = value;
      result.notes.push(`${condition}: checked as the keyword "${value}" in the body`);
    } else if (kind === "dns" && placeholder === "[BODY]" && operator === "==") {
      result.settings.expected_value = value;
    } else if (kind === "dns" && placeholder === "[DNS_RCODE]" && operator === "==" && value === "NOERROR") {
      continue;
    } else if (placeholder === "[RESPONSE_TIME]" && (operator === "<" || operator === "<=") && /^\d+$/.test(value!)) {
      result.settings.timeout_seconds = Math.max(1, Math.ceil(Number(value) / 1000));
      result.notes.push(`${condition}: a slower answer is down only past the timeout of ${result.settings.timeout_seconds}s`);
    } else if (kind === "http" && placeholder === "[CERTIFICATE_EXPIRATION]" && operator === ">" && durationSeconds(value) !== null) {
      result.certificateDays = Math.max(1, Math.ceil(durationSeconds(value)! / 86_400));
    } else {
      result.skipped.push(condition);
    }
  }
  return result;
}
