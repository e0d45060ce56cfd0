// Reads GET /api/v1/events like a browser's EventSource does: frames of `event:` and `data:` lines, comments kept apart.
export interface StreamEvent {
  event: string;
  data: any;
}

export interface EventStream {
  status: number;
  headers: Headers;
  events: StreamEvent[];
  comments: string[];
  /** Resolves with the first event (seen already or still to come) that matches; rejects after `timeoutMs`. */
  next(match: (e: StreamEvent) => boolean, timeoutMs?: number): Promise<StreamEvent>;
  close(): void;
}

export async function openEventStream(url: string, headers: Record<string, string>): Promise<EventStream> {
  const abort = new AbortController();
  const response = await fetch(url, { headers, signal: abort.signal });
  const events: StreamEvent[] = [];
  const comments: string[] = [];
  const waiting = new Set<() => void>();
  void (async () => {
    if (!response.body) return;
    const decoder = new TextDecoder();
    let buffer = "";
    try {
      const reader = response.body.getReader();
      for (let read = await reader.read(); !read.done; read = await reader.read()) {
        buffer += decoder.decode(read.value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (frame.startsWith(":")) comments.push(frame.slice(1).trim());
          else {
            const field = (name: string) => frame.split("\n").find((l) => l.startsWith(name + ": "))?.slice(name.length + 2);
            events.push({ event: field("event") ?? "message", data: JSON.parse(field("data") ?? "null") });
          }
          waiting.forEach((wake) => wake());
        }
      }
    } catch {
      // aborted by close()
    }
  })();
  return {
    status: response.status,
    headers: response.headers,
    events,
    comments,
    next(match, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const look = () => {
          const found = events.find(match);
          if (!found) return;
          waiting.delete(look);
          clearTimeout(timer);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiting.delete(look);
          reject(new Error(`no matching event within ${timeoutMs} ms; got: ${JSON.stringify(events)}`));
        }, timeoutMs);
        waiting.add(look);
        look();
      });
    },
    close: () => abort.abort(),
  };
}
