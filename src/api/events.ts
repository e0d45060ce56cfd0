// GET /events: server-sent events of the caller's monitors (results, status changes, edits) as they happen.
// No replay: a client that reconnects reloads what it shows, then listens again.
import { Elysia } from "elysia";
import type { LiveEvent } from "../monitors/live.ts";
import { callerOf, type ApiDeps } from "./context.ts";

/** Below any proxy's idle timeout; each one also notices a logged-out session. */
const KEEPALIVE_MS = 15_000;

const encoder = new TextEncoder();
const frame = (event: LiveEvent) => encoder.encode(`event: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`);

const DESCRIPTION = [
  "A `text/event-stream` of the caller's monitors, as they happen; with a session cookie or an API key (read scope is enough).",
  "Events: `result` (a check, or a heartbeat's success or fail: `monitor_id, at, is_up, ms, code, error`, as in `recent.results`),",
  "`status` (a status change: `monitor_id, from, to, reason, at`) and `monitor` (saved: `monitor_id, project_id, name, is_paused, status`;",
  "deleted: `monitor_id, deleted: true`) and `maintenance` (a window began or stopped holding the monitor's alerts, as it starts or ends or is",
  "created, edited or deleted: `monitor_id, in_maintenance, maintenance_id`). A comment line (`: keep-alive`) comes every 15 s. Events carry no id and are not replayed:",
  "after a reconnect, reload the monitors.",
].join(" ");

export const eventRoutes = (deps: ApiDeps) =>
  new Elysia()
    .use(callerOf(deps))
    .get("/events", ({ principal, request, server, set }) => {
      let stop = () => {};
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          const send = (bytes: Uint8Array) => {
            try {
              controller.enqueue(bytes);
            } catch {
              stop(); // the client has gone
            }
          };
          const unsubscribe = deps.services.live.subscribe({ userId: principal.user.id, send: (event) => send(frame(event)) });
          const keepAlive = setInterval(() => {
            const sessionEnded = principal.via === "session" && !deps.store.sessions.findValid(principal.sessionId!, deps.clock());
            if (!sessionEnded) return send(encoder.encode(": keep-alive\n\n"));
            stop();
            controller.close();
          }, KEEPALIVE_MS);
          stop = () => {
            unsubscribe();
            clearInterval(keepAlive);
            request.signal.removeEventListener("abort", stop);
          };
          request.signal.addEventListener("abort", stop);
          send(encoder.encode(": connected\n\n"));
        },
        cancel: () => stop(),
      });
      // the stream stays quiet between events: Bun's idle timeout would cut it
      server?.timeout(request, 0);
      return new Response(body, {
        headers: {
          ...(set.headers as Record<string, string>),
          "Content-Type": "text/event-stream; charset=utf-8",
          "Cache-Control": "no-store",
          "X-Accel-Buffering": "no", // nginx: pass events on at once
        },
      });
    }, {
      detail: {
        tags: ["events"],
        summary: "Live results and status changes of the caller's monitors (server-sent events)",
        description: DESCRIPTION,
        responses: { 200: { description: "An event stream that stays open", content: { "text/event-stream": { schema: { type: "string" } } } } },
      },
    });
