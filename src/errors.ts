// Errors users can read. The API turns each into {"error": {status, code, message, details?}}.
export interface FieldProblem {
  field: string;
  message: string;
}

/** Bad input or a state the user must change (a newer database, a busy port): one line, exit code 2. */
export class UserError extends Error {}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: FieldProblem[],
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new AppError(404, "not_found", `${what} not found`);
export const conflict = (message: string) => new AppError(409, "conflict", message);
export const forbidden = (message: string) => new AppError(403, "forbidden", message);
export const unauthorized = (message: string) => new AppError(401, "unauthorized", message);
export const invalid = (details: FieldProblem[]) =>
  new AppError(400, "validation_error", `Invalid ${[...new Set(details.map((d) => d.field))].join(", ")}`, details);
