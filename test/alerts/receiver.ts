// A local HTTP server standing in for a chat or push service: records every request and answers
// as told (a status and body, or never).

export interface ReceivedRequest {
  method: string;
  /** path and query, as sent: "/bot123:abc/sendMessage" */
  path: string;
  query: URLSearchParams;
  headers: Headers;
  body: string;
}

export interface Receiver {
  url: string;
  requests: ReceivedRequest[];
  /** the only request so far; fails the test if there were none or several */
  only(): ReceivedRequest;
  /** from now on answer with this status, body and content type */
  answer(status: number, body?: string, contentType?: string): void;
  /** from now on never answer */
  hang(): void;
  stop(): void;
}

/** `port` 0 picks a free one; a test that needs the address before the receiver runs passes its own. */
export function startReceiver(port = 0): Receiver {
  const requests: ReceivedRequest[] = [];
  let reply = { status: 200, body: "ok", contentType: "text/plain" };
  let hanging = false;
  let releaseHung = () => {};
  const hung = new Promise<void>((resolve) => (releaseHung = resolve));
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port,
    async fetch(request) {
      const url = new URL(request.url);
      requests.push({ method: request.method, path: url.pathname + url.search, query: url.searchParams, headers: request.headers, body: await request.text() });
      if (hanging) await hung;
      const body = reply.status === 204 ? null : reply.body;
      return new Response(body, { status: reply.status, headers: { "Content-Type": reply.contentType } });
    },
  });
  return {
    url: `http://127.0.0.1:${server.port}`,
    requests,
    only() {
      if (requests.length !== 1) throw new Error(`expected exactly one request, got ${requests.length}`);
      return requests[0]!;
    },
    answer(status, body = "", contentType = body.startsWith("{") ? "application/json" : "text/plain") {
      reply = { status, body, contentType };
    },
    hang() {
      hanging = true;
    },
    stop() {
      releaseHung();
      server.stop(true);
    },
  };
}
