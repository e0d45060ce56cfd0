// The OpenAPI document. @elysiajs/openapi reads the routes and their valibot schemas; this completes it, in one
// place, with what the API's routes share and the generator cannot see: JSON-only bodies, the errors each operation
// can answer (from its shape: credentials, scope, ids, bodies, rate limits), the headers and the servers.
import { toOpenAPISchema } from "@elysiajs/openapi";
import * as v from "valibot";
import { convertedContent, jsonSchemaOf } from "./json-schema.ts";
import { ErrorOut } from "./responses.ts";
import { MAX_API_BODY_BYTES } from "./auth.ts";

/** Routes that are pages for people, not API: the dashboard, the UI's files, this document's page and an alert's ack link. */
const PAGES = ["/", "/*", "/api/docs", "/ack/:token"];
const API_PATH = /^\/api\/v1\//;
const METHODS = ["get", "head", "post", "put", "patch", "delete"];

const ERROR_BODY = { "application/json": { schema: { $ref: "#/components/schemas/Error" } } };
const ref = (kind: "headers" | "responses", name: string) => ({ $ref: `#/components/${kind}/${name}` });
const integer = (description: string, minimum = 0) => ({ description, schema: { type: "integer", minimum } });

const RATE_LIMIT_HEADERS = {
  "X-RateLimit-Limit": ref("headers", "X-RateLimit-Limit"),
  "X-RateLimit-Remaining": ref("headers", "X-RateLimit-Remaining"),
  "X-RateLimit-Reset": ref("headers", "X-RateLimit-Reset"),
};

/** An error answer with the contract's body: for routes outside the API, which describe their own answers. */
export const errorAnswer = (description: string) => ({ description, content: ERROR_BODY });

/** A text answer (an SVG, a page, Prometheus text): for routes outside the API. */
export const textAnswer = (description: string, mediaType = "text/plain") =>
  ({ description, content: { [mediaType]: { schema: { type: "string" as const } } } });

/** The errors of the API, by status: every API operation refers to those it can answer. */
const API_ERRORS = {
  400: ["BadRequest", "Bad input; `details` names each bad field (bad JSON, not JSON, an unknown or read-only field)"],
  401: ["Unauthorized", "No valid API key or session (or, at login, a wrong email or password)"],
  403: ["Forbidden", "The key is read-only, the session's write came from another site, or the caller's role does not allow it"],
  404: ["NotFound", "Not found, or not the caller's: the same answer either way"],
  413: ["PayloadTooLarge", `The request body is over ${MAX_API_BODY_BYTES} bytes`],
  429: ["TooManyRequests", "Over the rate limit: retry after Retry-After seconds"],
} as const;

const components = () => ({
  schemas: { Error: jsonSchemaOf(ErrorOut) },
  headers: {
    "X-RateLimit-Limit": integer("Requests per minute the caller's bucket holds"),
    "X-RateLimit-Remaining": integer("Requests left in the bucket"),
    "X-RateLimit-Reset": integer("Unix time (seconds) when the bucket is full again"),
    "X-Total-Count": integer("Items in the whole list, for paging with limit and offset"),
    "Retry-After": integer("Whole seconds to wait before the next request", 1),
  },
  responses: Object.fromEntries(Object.entries(API_ERRORS).map(([status, [name, description]]) => [name, {
    description,
    headers: { ...RATE_LIMIT_HEADERS, ...(status === "429" ? { "Retry-After": ref("headers", "Retry-After") } : {}) },
    content: ERROR_BODY,
  }])),
});

const DESCRIPTION = `Monitors, heartbeats, projects, organizations, users, keys and status pages.

Every route under \`/api/v1\` also answers under \`/v1\` (documented once, here). Request bodies are JSON
(\`Content-Type: application/json\`); a body with a field its route does not take is a 400 naming it. Every error
has the body \`{"error": {"status", "code", "message", "details"?}}\`. A method a path does not take is a 405 with
an \`Allow\` header. API answers carry \`X-RateLimit-Limit\`, \`X-RateLimit-Remaining\` and \`X-RateLimit-Reset\`.`;

const TAGS: Record<string, string> = {
  auth: "Sessions for the web UI",
  monitors: "Uptime checks and heartbeat monitors",
  projects: "Projects group monitors",
  organizations: "Organizations own projects; members have roles",
  users: "People of this instance",
  "api-keys": "Keys for scripts (`Authorization: Bearer pm_…`)",
  "status pages": "Public status pages",
  heartbeats: "Ping URLs for cron jobs and workers (no key: the token is the secret)",
  badges: "SVG badges of public monitors",
  metrics: "Prometheus scraping",
  service: "Liveness, this document and what the UI's forms are built from",
};

type Operation = Record<string, any> & { responses: Record<string, any>; parameters?: { name: string; in: string }[] };
interface Route {
  method: string;
  path: string;
  hooks: { body?: unknown; detail?: { parameters?: { name: string; in: string }[] } };
}

const isStandardSchema = (schema: unknown): schema is v.GenericSchema =>
  typeof schema === "object" && schema !== null && "~standard" in schema;

/** Fields of a JSON schema object, of every variant for a union. */
const fieldsOf = (schema: any): string[] =>
  [...Object.keys(schema?.properties ?? {}), ...(schema?.oneOf ?? schema?.anyOf ?? []).flatMap(fieldsOf)];

/** The errors an API operation can answer, from its shape. */
function apiErrorsOf(method: string, path: string, op: Operation): (keyof typeof API_ERRORS)[] {
  const query = (op.parameters ?? []).filter((p) => p.in === "query").map((p) => p.name);
  // JSON, or for the import route a multipart upload
  const body = op.requestBody ? fieldsOf((Object.values(op.requestBody.content)[0] as { schema?: unknown } | undefined)?.schema) : [];
  // an id in the path, or one in the body or query naming another resource, may be unknown or not the caller's
  const namesAnother = [...query, ...body].some((field) => /_ids?$/.test(field));
  return [
    ...(op.requestBody || query.length > 0 ? [400 as const] : []),
    // public routes (setup, login) answer 401 only where they say so
    ...(op.security?.length === 0 ? [] : [401 as const]),
    ...(method === "get" ? [] : [403 as const]),
    ...(path.includes("{") || namesAnother ? [404 as const] : []),
    ...(op.requestBody ? [413 as const] : []),
    429 as const,
  ];
}

/** The route's own bodies and answers as JSON Schema (new objects: the route keeps its DocSchemas). */
function convertSchemas(op: Operation): void {
  if (op.requestBody?.content) op.requestBody = { ...op.requestBody, content: convertedContent(op.requestBody.content) };
  for (const [status, response] of Object.entries(op.responses ?? {})) {
    if (response.content) op.responses[status] = { ...response, content: convertedContent(response.content) };
  }
}

function completeApiOperation(method: string, path: string, op: Operation, route: Route | undefined): void {
  // the server parses JSON only; the generator would offer forms too, or nothing
  const body = isStandardSchema(route?.hooks.body) ? jsonSchemaOf(route.hooks.body) : op.requestBody?.content?.["application/json"]?.schema;
  if (body) op.requestBody = { required: true, content: { "application/json": { schema: body } } };
  for (const status of apiErrorsOf(method, path, op)) {
    const own = op.responses[status];
    op.responses[status] = own ? { ...own, content: ERROR_BODY } : ref("responses", API_ERRORS[status][0]);
  }
  for (const [status, response] of Object.entries(op.responses)) {
    if (response.$ref) continue;
    if (Number(status) >= 400) response.content = ERROR_BODY;
    response.headers = { ...RATE_LIMIT_HEADERS, ...response.headers };
  }
  if (op.parameters?.some((p) => p.name === "offset")) op.responses["200"].headers["X-Total-Count"] = ref("headers", "X-Total-Count");
}

/** Builds the whole document from the app's routes. */
export function openApiDocument(app: any, info: { version: string; baseUrl: string | null }) {
  const { paths } = toOpenAPISchema(
    app,
    { paths: [/^\/v1\//, ...PAGES], staticFile: false },
    undefined,
    { valibot: (schema: unknown) => jsonSchemaOf(schema as v.GenericSchema) },
    "3.1.0",
  ) as unknown as { paths: Record<string, Record<string, Operation>> };
  const routes = new Map<string, Route>((app.routes as Route[]).map((r) => [`${r.method.toLowerCase()} ${r.path.replace(/:([^/]+)/g, "{$1}")}`, r]));
  const usedTags = new Set<string>();
  for (const [path, item] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!METHODS.includes(method)) continue;
      const route = routes.get(`${method} ${path}`);
      // the generator puts the path's parameters in place of those a route declares (its query)
      const declared = route?.hooks.detail?.parameters ?? [];
      op.parameters = [...(op.parameters ?? []), ...declared.filter((d) => !op.parameters?.some((p) => p.name === d.name && p.in === d.in))];
      if (op.parameters.length === 0) delete op.parameters;
      convertSchemas(op);
      if (API_PATH.test(path)) completeApiOperation(method, path, op, route);
      for (const tag of op.tags ?? []) usedTags.add(tag);
    }
  }
  return {
    openapi: "3.1.0",
    info: { title: "upbeat API", version: info.version, description: DESCRIPTION },
    servers: [{ url: info.baseUrl ?? "/", description: "this upbeat" }],
    security: [{ apiKey: [] }, { session: [] }],
    tags: [...usedTags].map((name) => ({ name, description: TAGS[name] ?? name })),
    paths,
    components: {
      ...components(),
      securitySchemes: {
        apiKey: { type: "http", scheme: "bearer", description: "pm_… API key" },
        session: { type: "apiKey", in: "cookie", name: "upbeat_session", description: "set by POST /api/v1/auth/login" },
      },
    },
  };
}
