// One way to call upbeat over HTTP in tests: JSON bodies, an API key or a session cookie, parsed answers.

export interface CallOptions {
  /** sent as JSON */
  body?: unknown;
  /** an API key, a session cookie (`cookie:name=value`), or nothing */
  auth?: string;
  /** sent as it is, for bodies that are not JSON (or not valid JSON) */
  raw?: BodyInit;
  headers?: Record<string, string>;
}

export type Call = (method: string, path: string, options?: CallOptions) => Promise<Response>;

export function apiClient(base: string): Call {
  return (method, path, options = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.auth?.startsWith("cookie:")) headers.Cookie = options.auth.slice(7);
    else if (options.auth) headers.Authorization = `Bearer ${options.auth}`;
    let body = options.raw;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers["Content-Type"] ??= "application/json";
    }
    return fetch(base + path, { method, headers, body });
  };
}

/** Logs in and returns the session as an `auth` value (`cookie:upbeat_session=…`). */
export async function login(call: Call, email: string, password: string): Promise<string> {
  const response = await call("POST", "/api/v1/auth/login", { body: { email, password } });
  if (response.status !== 200) throw new Error(`login failed: ${response.status} ${await response.text()}`);
  return "cookie:" + response.headers.get("set-cookie")!.split(";")[0];
}

/** Logs in and creates an API key for that user (`fields` as POST /api-keys takes them). */
export async function createApiKey(call: Call, email: string, password: string, fields: { name?: string; scope?: "read" | "write" } = {}): Promise<string> {
  const session = await login(call, email, password);
  const response = await call("POST", "/api/v1/api-keys", { auth: session, body: fields });
  return (await json<{ key: string }>(response)).key;
}

export async function json<T = any>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

/** Asserts the contract's error body and returns it. */
export async function expectError(response: Response, status: number, code?: string) {
  const text = await response.text();
  if (response.status !== status) throw new Error(`expected ${status}, got ${response.status}: ${text}`);
  const body = JSON.parse(text) as { error: { status: number; code: string; message: string; details?: { field: string; message: string }[] } };
  if (body.error.status !== status) throw new Error(`error.status ${body.error.status} != ${status}`);
  if (typeof body.error.message !== "string" || body.error.message.length === 0) throw new Error("error.message missing");
  if (code && body.error.code !== code) throw new Error(`expected code ${code}, got ${body.error.code}`);
  if (/\bat .*\.(ts|js):\d+/.test(text)) throw new Error(`stack trace leaked: ${text}`);
  return body.error;
}
