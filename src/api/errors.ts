// The one place that shapes error bodies: {"error": {status, code, message, details?}}.
import * as v from "valibot";
import { AppError, invalid, type FieldProblem } from "../errors.ts";
import { NOSNIFF } from "../security-headers.ts";
import { issuesOf, problemsOf } from "../validation.ts";

export function errorResponse(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
  details?: FieldProblem[],
): Response {
  const error = details ? { status, code, message, details } : { status, code, message };
  return new Response(JSON.stringify({ error }), {
    status,
    headers: { ...headers, ...NOSNIFF, "Content-Type": "application/json; charset=utf-8" },
  });
}

export const appErrorResponse = (error: AppError, headers?: Record<string, string>) =>
  errorResponse(error.status, error.code, error.message, headers, error.details);

export const methodNotAllowed = (method: string, allowed: string[], headers?: Record<string, string>) =>
  errorResponse(405, "method_not_allowed", `${method} is not allowed here; use ${allowed.join(", ")}`, { ...headers, Allow: allowed.join(", ") });

/** Elysia's validation error → our 400 naming every bad field (validated again to get all issues). */
function validationError(error: any): AppError {
  const where: string = error.type ?? "body";
  const schema = error.validator?.schema;
  if (schema && typeof schema === "object" && "~standard" in schema) {
    const issues = issuesOf(schema as v.GenericSchema, error.value);
    if (issues.length > 0) return invalid(problemsOf(issues, where));
  }
  return invalid([{ field: where, message: "is not valid" }]);
}

/** Any thrown thing → a contract error response; never a stack trace. */
export function toErrorResponse(code: string | number, error: unknown, headers?: Record<string, string>): Response {
  if (error instanceof AppError) return appErrorResponse(error, headers);
  // Elysia wraps what a body parser throws (our 413, our 400) in its ParseError
  if (code === "PARSE" && (error as Error).cause instanceof AppError) return appErrorResponse((error as Error).cause as AppError, headers);
  switch (code) {
    case "VALIDATION":
      return appErrorResponse(validationError(error), headers);
    case "PARSE":
      return errorResponse(400, "invalid_json", "Request body is not valid JSON", headers);
    case "NOT_FOUND":
      return errorResponse(404, "not_found", "Route not found", headers);
    case "INVALID_COOKIE_SIGNATURE":
      return errorResponse(400, "bad_request", "Invalid cookie", headers);
  }
  const status = typeof (error as any)?.status === "number" ? (error as any).status : 500;
  if (status === 413) return errorResponse(413, "payload_too_large", "Request body is too large", headers);
  if (status >= 400 && status < 500) return errorResponse(status, "bad_request", "Bad request", headers);
  console.error("upbeat: internal error:", error);
  return errorResponse(500, "internal_error", "Internal server error", headers);
}
