// The embedded UI: files from public/, served by path; "/" is the dashboard.
import { Elysia, NotFoundError } from "elysia";
import { UI_HEADERS } from "../security-headers.ts";
import { COMMIT } from "../version.ts";
import { assets } from "./assets.ts";
import { channelKindsForm } from "./channel-kinds.ts";
import { monitorFieldsForm, probeKindsForm } from "./probe-kinds.ts";

const json = (text: string) => new Response(text, { headers: { "Content-Type": "application/json" } });

/** The forms' field lists are public JSON the UI renders its forms from (also described in the OpenAPI document). */
const formDoc = (summary: string) => ({
  detail: {
    tags: ["service"],
    summary,
    security: [],
    responses: { 200: { description: "One entry each", content: { "application/json": { schema: { type: "array" as const, items: { type: "object" as const } } } } } },
  },
});

const ALIASES: Record<string, string> = { "/": "/index.html", "/api/docs": "/docs.html" };

/** Always revalidated (a cheap 304), so an upgrade never mixes new HTML with old scripts. */
function serveAsset(path: string, request: Request): Response | undefined {
  const file = assets[ALIASES[path] ?? path];
  if (!file) return undefined;
  const blob = Bun.file(file);
  const etag = `W/"${COMMIT}-${blob.size}-${blob.lastModified}"`;
  const headers = { ETag: etag, "Cache-Control": "no-cache", ...UI_HEADERS };
  if (request.headers.get("if-none-match") === etag) return new Response(null, { status: 304, headers });
  return new Response(blob, { headers: { ...headers, "Content-Type": blob.type } });
}

export const uiRoutes = () =>
  new Elysia()
    .get("/", ({ request }) => serveAsset("/", request))
    .get("/probe-kinds.json", () => json(probeKindsForm()), formDoc("The monitor kinds, each with its target and settings as form fields"))
    .get("/monitor-fields.json", () => json(monitorFieldsForm()), formDoc("The fields every monitor kind shares, as form fields"))
    .get("/channel-kinds.json", () => json(channelKindsForm()), formDoc("The notification channel kinds, each with its config as form fields"))
    .get("/api/docs", ({ request, set }) => serveAsset("/api/docs", request) ?? ((set.status = 404), "Not found"))
    .get("/*", ({ path, request, set }) => {
      // unknown API routes get the API's JSON 404 (or 405 for a known path), everything else a plain one
      if (path.startsWith("/api/") || path.startsWith("/v1/")) throw new NotFoundError();
      return serveAsset(path, request) ?? ((set.status = 404), "Not found");
    });
