// The embedded UI: files from public/, served by path; "/" is the dashboard.
import { Elysia } from "elysia";
import { notFound } from "../errors.ts";
import { assets } from "./assets.ts";

const ALIASES: Record<string, string> = { "/": "/index.html", "/api/docs": "/docs.html" };

function serveAsset(path: string): Response | undefined {
  const file = assets[ALIASES[path] ?? path];
  if (!file) return undefined;
  const blob = Bun.file(file);
  const isHtml = blob.type.startsWith("text/html");
  return new Response(blob, {
    headers: {
      "Content-Type": blob.type,
      // HTML must pick up new asset versions after an upgrade; the rest may be cached briefly
      "Cache-Control": isHtml ? "no-cache" : "public, max-age=3600",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

export const uiRoutes = () =>
  new Elysia()
    .get("/", () => serveAsset("/"))
    .get("/api/docs", ({ set }) => serveAsset("/api/docs") ?? ((set.status = 404), "Not found"))
    .get("/*", ({ path, set }) => {
      // unknown API routes get the API's JSON 404, everything else a plain one
      if (path.startsWith("/api/") || path.startsWith("/v1/")) throw notFound("Route");
      return serveAsset(path) ?? ((set.status = 404), "Not found");
    });
