// Public badges for monitors marked is_public; any other id is a 404 that says nothing more.
import { Elysia } from "elysia";
import { errorAnswer, textAnswer } from "../api/openapi.ts";
import * as v from "valibot";
import { uptimePercent } from "../history/uptime.ts";
import { UPTIME_WINDOWS } from "../history/windows.ts";
import type { MonitorRow } from "../domain/types.ts";
import type { Store } from "../store/index.ts";
import type { Clock } from "../time.ts";
import { badgeSvg, type BadgeColor } from "./svg.ts";

const tags = ["badges"];
// a badge is an image: an unknown or private monitor is a plain 404, the same for both
const BADGE_ANSWERS = {
  200: textAnswer("The badge", "image/svg+xml"),
  400: errorAnswer("A bad label or window"),
  404: textAnswer("No public monitor has this id"),
};
const BadgeQuery = v.object({
  label: v.optional(v.pipe(v.string(), v.maxLength(60, "must be at most 60 characters"))),
  window: v.optional(v.picklist(UPTIME_WINDOWS, "must be 24h, 7d, 30d or 90d")),
});

const STATUS_COLORS: Record<MonitorRow["status"], BadgeColor> = { up: "green", down: "red", pending: "grey" };

/** The figure as uptime() gives it (already cut to 3 decimals), so the badge says what the API says. */
export const formatPercent = (percent: number): string => `${percent}%`;

const uptimeColor = (percent: number): BadgeColor => (percent >= 99 ? "green" : percent >= 95 ? "yellow" : "red");

function svgResponse(svg: string): Response {
  return new Response(svg, { headers: { "Content-Type": "image/svg+xml; charset=utf-8", "Cache-Control": "max-age=30" } });
}

const notFound = () => new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });

export const badgeRoutes = (store: Store, clock: Clock) => {
  const publicMonitor = (id: string) => {
    const monitor = store.monitors.byId(id);
    return monitor?.isPublic ? monitor : undefined;
  };
  return new Elysia({ prefix: "/badge" })
    .get("/:id/status.svg", ({ params, query }) => {
      const monitor = publicMonitor(params.id);
      if (!monitor) return notFound();
      const [message, color] = monitor.isPaused ? ["paused", "grey" as const] : [monitor.status, STATUS_COLORS[monitor.status]];
      return svgResponse(badgeSvg(query.label ?? monitor.name, message, color));
    }, { query: BadgeQuery, detail: { tags, summary: "Status badge of a public monitor (SVG)", security: [], responses: BADGE_ANSWERS } })
    .get("/:id/uptime.svg", ({ params, query }) => {
      const monitor = publicMonitor(params.id);
      if (!monitor) return notFound();
      const window = query.window ?? "24h";
      const percent = uptimePercent(store, monitor, window, clock());
      const label = query.label ?? `${monitor.name} ${window}`;
      if (percent === null) return svgResponse(badgeSvg(label, "n/a", "grey"));
      return svgResponse(badgeSvg(label, formatPercent(percent), uptimeColor(percent)));
    }, { query: BadgeQuery, detail: { tags, summary: "Uptime badge of a public monitor over ?window=24h|7d|30d|90d (SVG)", security: [], responses: BADGE_ANSWERS } });
};
