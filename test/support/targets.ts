// Real targets on 127.0.0.1 for probes and the scheduler: an HTTP server with fixed routes, closed ports.
import { createServer } from "node:net";

export interface HttpTarget {
  url: string;
  port: number;
  /** requests seen, by path */
  hits: Map<string, number>;
  /** most /hold requests served at the same time */
  maxHeld(): number;
  /** make /flaky answer with this status */
  setFlakyStatus(status: number): void;
  stop(): void;
}

export function startHttpTarget(tls?: { cert: string; key: string }): HttpTarget {
  const hits = new Map<string, number>();
  let flakyStatus = 200;
  let held = 0;
  let maxHeld = 0;
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    tls,
    async fetch(request) {
      const { pathname } = new URL(request.url);
      hits.set(pathname, (hits.get(pathname) ?? 0) + 1);
      switch (pathname) {
        case "/ok":
          return new Response("all systems ok");
        case "/redirect":
          return Response.redirect("/ok", 301);
        case "/unavailable":
          return new Response("maintenance", { status: 503 });
        case "/slow":
          await Bun.sleep(3000);
          return new Response("late");
        case "/echo":
          return Response.json({ method: request.method, header: request.headers.get("x-probe"), body: await request.text() });
        case "/big":
          // the keyword sits past the first megabyte, where probes stop reading
          return new Response("x".repeat(1024 * 1024 + 10) + "needle");
        case "/hold":
          maxHeld = Math.max(maxHeld, ++held);
          await Bun.sleep(100);
          held--;
          return new Response("held");
        case "/flaky":
          return new Response("flaky", { status: flakyStatus });
        default:
          return new Response("not found", { status: 404 });
      }
    },
  });
  const scheme = tls ? "https" : "http";
  return {
    url: `${scheme}://127.0.0.1:${server.port}`,
    port: server.port!,
    hits,
    maxHeld: () => maxHeld,
    setFlakyStatus: (status) => { flakyStatus = status; },
    stop: () => server.stop(true),
  };
}

/** A port that was free a moment ago and has nothing listening now. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
