// Talks to the upbeat API with the session cookie; failures become ApiError with the contract's fields.
const BASE = "api/v1/"; // relative, so the UI works behind a reverse proxy under a sub-path

export class ApiError extends Error {
  constructor(status, code, message, details = []) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/** Sends a JSON request; resolves to { data, headers }, rejects with ApiError. */
export async function api(method, path, body) {
  const init = { method, headers: { Accept: "application/json" }, credentials: "same-origin" };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(BASE + path, init);
  } catch {
    throw new ApiError(0, "network", "Cannot reach the upbeat server. Check the connection and try again.");
  }
  if (response.status === 204) return { data: null, headers: response.headers };
  const data = await response.json().catch(() => null);
  if (response.ok) return { data, headers: response.headers };
  if (response.status === 429) {
    const seconds = response.headers.get("Retry-After") ?? "a few";
    throw new ApiError(429, "rate_limited", `Too many requests. Please wait ${seconds} seconds and try again.`);
  }
  const error = data?.error ?? {};
  // a lapsed session anywhere sends the user back to the login form
  if (response.status === 401 && path !== "auth/login") dispatchEvent(new Event("upbeat:signed-out"));
  throw new ApiError(response.status, error.code ?? "error", error.message ?? `Request failed (${response.status})`, error.details ?? []);
}
