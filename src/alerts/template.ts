// Per-channel templates in LiquidJS, sandboxed: no file access at all (no include, render or layout;
// an empty in-memory file map besides), only own properties, and limits on size, time and memory.
// https://liquidjs.com/tutorials/options.html
import type { Liquid as LiquidEngine } from "liquidjs";
import { formatDuration, formatTime, monitorLink } from "./format.ts";
import type { AlertMessage } from "./message.ts";
import { messageContent, renderText } from "./text.ts";

export const MAX_TEMPLATE_CHARS = 20_000;

// made on the first template seen: most servers have none, and LiquidJS costs memory at start
let engine: LiquidEngine | undefined;
function liquidjs(): typeof import("liquidjs") {
  return require("liquidjs");
}
function liquid(): LiquidEngine {
  if (engine) return engine;
  engine = new (liquidjs().Liquid)({
    templates: {},
    ownPropertyOnly: true,
    strictFilters: true,
    parseLimit: MAX_TEMPLATE_CHARS,
    renderLimit: 1000,
    memoryLimit: 10_000_000,
  });
  for (const tag of ["include", "render", "layout"]) {
    engine.registerTag(tag, {
      parse() {
        throw new Error(`the ${tag} tag is not allowed: templates cannot read files`);
      },
      render() {},
    });
  }
  return engine;
}

export interface TemplateProblem {
  message: string;
  line: number;
  column: number;
}

/** null if the template parses; else what is wrong and where (1-based), for the API to refuse it at save time. */
export function validateTemplate(text: string): TemplateProblem | null {
  try {
    liquid().parse(text);
    return null;
  } catch (error) {
    return problemOf(error);
  }
}

export const describeProblem = (problem: TemplateProblem): string => `line ${problem.line}, column ${problem.column}: ${problem.message}`;

function problemOf(error: unknown): TemplateProblem {
  if (error instanceof liquidjs().LiquidError) {
    const [line = 1, column = 1] = error.token.getPosition();
    // LiquidJS appends ", line:1, col:2" and sometimes the source excerpt; keep the sentence
    const message = error.message.split("\n")[0]!.replace(/, line:\d+, col:\d+$/, "");
    return { message, line, column };
  }
  return { message: error instanceof Error ? error.message : String(error), line: 1, column: 1 };
}

/** A template that parsed at save time but failed while rendering (a limit, a bad value): retrying will not help. */
export class TemplateRenderError extends Error {}

/** The variables every kind's template gets. */
export function templateVariables(message: AlertMessage) {
  const content = messageContent(message);
  const time = (iso: string | null) => (iso ? formatTime(iso, message.time_zone) : null);
  return {
    monitor: message.monitor && { ...message.monitor, link: monitorLink(message.base_url, message.monitor.id) },
    event: {
      type: message.event,
      status: message.monitor?.status ?? null,
      previous_status: message.previous_status,
      reason: message.reason,
      at: message.at,
      time: time(message.at),
      started_at: message.started_at,
      started_time: time(message.started_at),
      duration_seconds: message.duration_seconds,
      duration: message.duration_seconds == null ? null : formatDuration(message.duration_seconds),
      count: message.count,
    },
    links: { monitor: content.link, ack: message.ack_url, dashboard: message.base_url },
    down_monitors: message.down_monitors.map((m) => ({ ...m, link: monitorLink(message.base_url, m.id) })),
    folded: message.folded,
    flapping: message.flapping ?? null,
    escalation: message.escalation ?? null,
    // a group's or digest's monitors, all of them (the default text lists the first 50)
    monitors: (message.monitors ?? []).map((m) => ({ ...m, link: monitorLink(message.base_url, m.id), down_time: time(m.down_at), up_time: time(m.up_at) })),
    headline: content.headline,
    text: renderText(content),
  };
}

export async function renderTemplate(text: string, message: AlertMessage): Promise<string> {
  try {
    return await liquid().parseAndRender(text, templateVariables(message));
  } catch (error) {
    throw new TemplateRenderError(`template: ${describeProblem(problemOf(error))}`);
  }
}
