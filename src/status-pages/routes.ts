// GET /status/:slug: the page as HTML, or as JSON for `Accept: application/json`.
import { Elysia } from "elysia";
import { textAnswer } from "../api/openapi.ts";
import type { Store } from "../store/index.ts";
import type { Clock } from "../time.ts";
import { STATUS_PAGE_HEADERS, statusPageHtml } from "./html.ts";
import { summarize } from "./summary.ts";

export const publicStatusPageRoutes = (store: Store, clock: Clock) =>
  new Elysia().get("/status/:slug", ({ params, request }) => {
    const page = store.statusPages.bySlug(params.slug.toLowerCase());
    if (!page) return new Response("No such status page", { status: 404, headers: { ...STATUS_PAGE_HEADERS, "Content-Type": "text/plain; charset=utf-8" } });
    const summary = summarize(store, page, clock());
    const wantsJson = request.headers.get("accept")?.includes("application/json");
    return new Response(wantsJson ? JSON.stringify(summary) : statusPageHtml(summary), {
      headers: {
        ...STATUS_PAGE_HEADERS,
        "Content-Type": wantsJson ? "application/json; charset=utf-8" : "text/html; charset=utf-8",
        "Cache-Control": "max-age=30",
        Vary: "Accept",
      },
    });
  }, {
    detail: {
      tags: ["status pages"],
      summary: "A public status page (HTML, or JSON with Accept: application/json)",
      security: [],
      responses: {
        200: { description: "The page", content: { ...textAnswer("", "text/html").content, "application/json": { schema: { type: "object" } } } },
        404: textAnswer("No status page has this slug"),
      },
    },
  });
