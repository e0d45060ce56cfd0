// On a database several instances share, the live event stream is cluster-wide: what happens on one instance (a check,
// a ping, a status flip, an edit) is told to the others with PostgreSQL's NOTIFY, and each hands it to its own streams.
// The asynchronous client (a connection of its own, LISTEN on another) keeps the synchronous store connection free.
// Check results cross over only while another instance has stream clients: nobody pays for them when nobody watches.
import { SQL } from "bun";
import { newId } from "../ids.ts";
import type { LiveEvent } from "../monitors/live.ts";

export const CHANNEL = "upbeat_live";
/** PostgreSQL refuses a NOTIFY payload of 8000 bytes or more. */
export const MAX_PAYLOAD_BYTES = 7_999;
/** Events are gathered this long and sent in as few notifications as fit: well inside a second, far fewer sends. */
const GATHER_MS = 200;
/** An instance with stream clients says so this often; the others relay check results for three times as long. */
const ANNOUNCE_EVERY_MS = 5_000;
const WATCHED_FOR_MS = 3 * ANNOUNCE_EVERY_MS;
/** A longer text (an error, a reason) is cut to this many characters, so any one event fits a notification. */
const LONG_TEXT_CHARS = 1_000;
/** Notifications waiting for a slow database; past this, new ones are dropped rather than piling up in memory. */
const MAX_PENDING_SENDS = 200;

/** An event as the other instances hear it, with the organization whose members may see it. */
export interface HeardEvent {
  organizationId: string;
  event: LiveEvent;
}

export interface RelayListener {
  events(heard: HeardEvent[]): void;
  /** A maintenance window was created, edited or deleted through another instance. */
  windowsChanged(): void;
  /** Whether this instance has stream clients now. */
  watching(): boolean;
}

/** What the live feed tells the relay. */
export interface LiveRelay {
  tell(event: LiveEvent, organizationId: string): void;
  /** Whether another instance has stream clients (check results are worth sending). */
  othersWatching(): boolean;
  /** A stream client arrived here: the others start sending check results at once. */
  watched(): void;
  windowsChanged(): void;
}

interface Message {
  from: string;
  watching?: true;
  windows?: true;
  events?: { o: string; t: LiveEvent["type"]; d: LiveEvent["data"] }[];
}

const bytesOf = (text: string) => Buffer.byteLength(text);
const cut = (value: unknown) => (typeof value === "string" && value.length > LONG_TEXT_CHARS ? `${value.slice(0, LONG_TEXT_CHARS)}…` : value);

/** One event as the notifications carry it (packed by packEvents), its long texts cut. */
export function eventJson(event: LiveEvent, organizationId: string): string {
  const data = Object.fromEntries(Object.entries(event.data).map(([name, value]) => [name, cut(value)]));
  return JSON.stringify({ o: organizationId, t: event.type, d: data });
}

/** The notification that makes the other instances read the maintenance windows again. */
export const windowsChangedJson = (from: string) => JSON.stringify({ from, windows: true } satisfies Message);

/** Events (as JSON) in as few `{from, events}` payloads as fit under `limitBytes`; an event too big alone is left out. */
export function packEvents(from: string, events: string[], limitBytes = MAX_PAYLOAD_BYTES): string[] {
  const head = `{"from":${JSON.stringify(from)},"events":[`;
  const emptyBytes = bytesOf(head) + 2; // and "]}"
  const payloads: string[] = [];
  let batch: string[] = [];
  let size = emptyBytes;
  for (const event of events) {
    const eventBytes = bytesOf(event);
    if (emptyBytes + eventBytes > limitBytes) continue;
    if (batch.length > 0 && size + 1 + eventBytes > limitBytes) {
      payloads.push(`${head}${batch.join(",")}]}`);
      batch = [];
      size = emptyBytes;
    }
    size += eventBytes + (batch.length > 0 ? 1 : 0);
    batch.push(event);
  }
  if (batch.length > 0) payloads.push(`${head}${batch.join(",")}]}`);
  return payloads;
}

export function createLiveRelay(url: string) {
  const self = newId();
  const sql = new SQL(url, { max: 1, idleTimeout: 0 });
  let listener: RelayListener | null = null;
  let subscription: SQL.ListenSubscription | null = null;
  let othersWatchingUntil = 0;
  let announcedAt = -Infinity;
  let queued: string[] = [];
  let gathering: ReturnType<typeof setTimeout> | null = null;
  let announcing: ReturnType<typeof setInterval> | null = null;
  let pendingSends = 0;
  const warned = new Set<string>();
  const warnOnce = (what: string, error?: unknown) => {
    if (warned.has(what)) return;
    warned.add(what);
    console.error(`upbeat: live stream relay: ${what}${error ? `: ${(error as Error).message ?? error}` : ""}`);
  };

  function send(payload: string): void {
    if (pendingSends >= MAX_PENDING_SENDS) return warnOnce("the database is slow to take notifications; some events were not relayed");
    pendingSends++;
    sql.notify(CHANNEL, payload).catch((error) => warnOnce("a notification failed", error)).finally(() => pendingSends--);
  }

  function flush(): void {
    gathering = null;
    const events = queued;
    queued = [];
    for (const payload of packEvents(self, events)) send(payload);
  }

  function announce(): void {
    announcedAt = performance.now();
    send(JSON.stringify({ from: self, watching: true } satisfies Message));
  }

  function hear(payload: string): void {
    let message: Message;
    try {
      message = JSON.parse(payload);
    } catch {
      return;
    }
    if (!listener || typeof message !== "object" || message === null || message.from === self) return;
    try {
      if (message.watching) othersWatchingUntil = performance.now() + WATCHED_FOR_MS;
      if (message.windows) listener.windowsChanged();
      if (Array.isArray(message.events)) {
        listener.events(message.events.map(({ o, t, d }) => ({ organizationId: o, event: { type: t, monitorId: String(d.monitor_id), data: d } })));
      }
    } catch (error) {
      warnOnce("an event from another instance could not be handed on", error);
    }
  }

  const relay: LiveRelay = {
    tell(event, organizationId) {
      queued.push(eventJson(event, organizationId));
      gathering ??= setTimeout(flush, GATHER_MS);
    },
    othersWatching: () => performance.now() < othersWatchingUntil,
    watched() {
      if (performance.now() - announcedAt > 1_000) announce();
    },
    windowsChanged: () => send(windowsChangedJson(self)),
  };

  return {
    ...relay,
    /** Hears the other instances until stop(); a database refusing LISTEN leaves the stream per instance, said once. */
    async start(heard: RelayListener): Promise<void> {
      listener = heard;
      try {
        // after a dropped connection Bun listens again; the others may have missed our clients meanwhile
        subscription = await sql.listen(CHANNEL, hear, () => heard.watching() && announce());
      } catch (error) {
        warnOnce("cannot LISTEN; the event stream shows this instance's events only", error);
      }
      announcing = setInterval(() => heard.watching() && announce(), ANNOUNCE_EVERY_MS);
    },
    async stop(): Promise<void> {
      if (announcing) clearInterval(announcing);
      if (gathering) clearTimeout(gathering);
      flush();
      listener = null;
      await subscription?.unlisten().catch(() => {});
      await sql.close({ timeout: 1 });
    },
  };
}
