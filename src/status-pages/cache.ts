// Public status pages from memory: each answer (HTML, JSON, feed) is built once and kept, gzipped too, for a
// short time, and dropped at once when a monitor on the page changes status or is edited, or the page is.
import type { StatusPageRow } from "../domain/types.ts";

export type Variant = "html" | "json" | "feed";

export interface Answer {
  body: Uint8Array<ArrayBuffer>;
  gzipped: Uint8Array<ArrayBuffer>;
  etag: string;
}

interface Entry {
  page: StatusPageRow;
  monitorIds: Set<string>;
  expiresAt: number;
  answers: Map<Variant, Answer>;
}

export interface PageSource {
  page: StatusPageRow;
  monitorIds: string[];
}

export function answerOf(text: string): Answer {
  const body = new TextEncoder().encode(text);
  return { body, gzipped: Bun.gzipSync(body), etag: `"${Bun.hash(body).toString(36)}"` };
}

export function createStatusPageCache(ttlMs: number, now: () => number) {
  const entries = new Map<string, Entry>();
  const forgetWhere = (stale: (entry: Entry) => boolean) => {
    for (const [slug, entry] of entries) if (stale(entry)) entries.delete(slug);
  };

  return {
    /** The page's answer in this variant: kept, or built now (and kept unless the TTL is 0). Undefined: no such page. */
    answer(slug: string, variant: Variant, load: (slug: string) => PageSource | undefined, build: (page: StatusPageRow) => string): Answer | undefined {
      const at = now();
      let entry = entries.get(slug);
      if (!entry || entry.expiresAt <= at) {
        entries.delete(slug);
        const source = load(slug);
        if (!source) return undefined;
        entry = { page: source.page, monitorIds: new Set(source.monitorIds), expiresAt: at + ttlMs, answers: new Map() };
        if (ttlMs > 0) entries.set(slug, entry);
      }
      let answer = entry.answers.get(variant);
      if (!answer) {
        answer = answerOf(build(entry.page));
        entry.answers.set(variant, answer);
      }
      return answer;
    },
    /** A monitor's status or settings changed: the pages showing it are stale. */
    forgetMonitor(monitorId: string): void {
      forgetWhere((entry) => entry.monitorIds.has(monitorId));
    },
    /** Pages edited or deleted. */
    forgetPages(pageIds: string[]): void {
      const ids = new Set(pageIds);
      forgetWhere((entry) => ids.has(entry.page.id));
    },
    get size() {
      return entries.size;
    },
  };
}

export type StatusPageCache = ReturnType<typeof createStatusPageCache>;
