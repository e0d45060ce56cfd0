// GET /status/:slug (HTML, or JSON for `Accept: application/json`) and /status/:slug/feed.atom, from the cache.
import { Elysia } from "elysia";
import { textAnswer } from "../api/openapi.ts";
import type { Config } from "../config.ts";
import type { Services } from "../services.ts";
import type { Store } from "../store/index.ts";
import type { Clock } from "../time.ts";
import { keepFor } from "../store/cache.ts";
import { createStatusPageCache, type Answer, type Variant } from "./cache.ts";
import { statusFeedXml } from "./feed.ts";
import { createPastDays } from "./past-days.ts";
import { STATUS_PAGE_HEADERS, statusPageHtml } from "./html.ts";
import { summarize } from "./summary.ts";

export interface PublicPageParts {
  store: Store;
  clock: Clock;
  config: Config;
  services: Services;
}

const CONTENT_TYPES: Record<Variant, string> = {
  html: "text/html; charset=utf-8",
  json: "application/json; charset=utf-8",
  feed: "application/atom+xml; charset=utf-8",
};

const notFound = () =>
  new Response("No such status page", { status: 404, headers: { ...STATUS_PAGE_HEADERS, "Content-Type": "text/plain; charset=utf-8" } });

function respond(answer: Answer, variant: Variant, request: Request): Response {
  const headers: Record<string, string> = {
    ...STATUS_PAGE_HEADERS, "Content-Type": CONTENT_TYPES[variant], "Cache-Control": "max-age=30", Vary: "Accept, Accept-Encoding", ETag: answer.etag,
  };
  if (request.headers.get("if-none-match") === answer.etag) return new Response(null, { status: 304, headers });
  if (!/\bgzip\b/.test(request.headers.get("accept-encoding") ?? "")) return new Response(answer.body, { headers });
  return new Response(answer.gzipped, { headers: { ...headers, "Content-Encoding": "gzip" } });
}

type Content = Record<string, { schema: { type: "string" | "object" } }>;

const detail = (summary: string, content: Content, missing: string) => ({
  detail: {
    tags: ["status pages"], summary, security: [],
    responses: { 200: { description: "The page", content }, 304: { description: "Unchanged since the ETag given" }, 404: textAnswer(missing) },
  },
});

/**
 * On a shared store a page or monitor edited through another instance is not heard of here: pages are then as
 * fresh as UPBEAT_STATUS_PAGE_CACHE_SECONDS, and their past days' bars (a history import, a kind changed) as this.
 */
const SHARED_PAST_DAYS_MS = 5 * 60_000;

export function publicStatusPageRoutes({ store, clock, config, services }: PublicPageParts) {
  const cache = createStatusPageCache(config.statusPageCacheSeconds * 1000, clock);
  services.statusChanges.onStatusChange((change) => cache.forgetMonitor(change.monitorId));
  const pastDays = createPastDays(keepFor(store, Infinity, SHARED_PAST_DAYS_MS));
  services.monitors.onChange((change) => {
    cache.forgetMonitor(change.monitor.id);
    pastDays.forgetMonitor(change.monitor.id);
  });
  services.statusPages.onPagesChanged((pageIds) => {
    cache.forgetPages(pageIds);
    pastDays.forgetPages(pageIds);
  });

  const load = (slug: string) => {
    const page = store.statusPages.bySlug(slug);
    return page && { page, monitorIds: store.statusPages.monitorsOf(page.id).map((m) => m.id) };
  };
  const pageUrl = (slug: string, request: Request) => `${config.baseUrl ?? new URL(request.url).origin}/status/${slug}`;
  const serve = (slug: string, variant: Variant, request: Request, build: Parameters<typeof cache.answer>[3]) => {
    const answer = cache.answer(slug.toLowerCase(), variant, load, build);
    return answer ? respond(answer, variant, request) : notFound();
  };

  return new Elysia()
    .get("/status/:slug", ({ params, request }) => {
      const variant = request.headers.get("accept")?.includes("application/json") ? "json" : "html";
      return serve(params.slug, variant, request, (page) => {
        const summary = summarize(store, pastDays, page, clock());
        return variant === "json" ? JSON.stringify(summary) : statusPageHtml(summary);
      });
    }, detail("A public status page (HTML, or JSON with Accept: application/json)", {
      ...textAnswer("", "text/html").content, "application/json": { schema: { type: "object" } },
    }, "No status page has this slug"))
    .get("/status/:slug/feed.atom", ({ params, request }) =>
      serve(params.slug, "feed", request, (page) => statusFeedXml(store, page, pageUrl(page.slug, request))),
    detail("The page's incidents as an Atom feed", textAnswer("", "application/atom+xml").content, "No status page has this slug"));
}
