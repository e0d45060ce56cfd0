// Sends what the outbox queued: claims a due delivery with a conditional update (so it is sent by one
// sender, once), sends it through its channel kind with a deadline, records the attempt, and marks it
// sent, retries it later with exponential backoff, or gives up. One send per channel at a time and a
// global cap, so a hanging channel holds only its own queue; all of it off the check and request paths.
import { TokenBuckets } from "../api/rate-limit.ts";
import type { ChannelRow, DeliveryRow } from "../domain/types.ts";
import type { Store } from "../store/index.ts";
import type { Clock } from "../time.ts";
import type { AlertMessage } from "./message.ts";
import { createNotificationCounts } from "./metrics.ts";
import { isChannelKind, sendAlert } from "./registry.ts";
import type { SendOutcome } from "./channel.ts";
import { foldIntoSummary } from "./summary.ts";
import { groupFrom } from "./gather.ts";
import { scrubSecrets } from "./scrub.ts";

export interface SenderSettings {
  /** deadline of one send */
  timeoutMs: number;
  /** wait after the first failed attempt; each further failure doubles it */
  retryBaseMs: number;
  /** no more attempts once a delivery is this old: it is failed */
  retryWindowMs: number;
  /** per channel; sends beyond it wait, and what piles up goes out as one summary */
  messagesPerMinute: number;
  /** sends in flight over all channels */
  maxConcurrent: number;
}

/** A claim outlives the send's deadline by this much; after a crash the delivery is due again once it passes. */
const LEASE_MARGIN_MS = 5_000;
/** Longest sleep between looks at the outbox (reminders, retries falling due, a moved clock). */
const POLL_MS = 1_000;

export type Outcome = Pick<SendOutcome, "ok" | "error">;

export interface SenderOptions {
  store: Store;
  clock: Clock;
  settings: SenderSettings;
  /** work to do at every look at the outbox, before sending (the reminder sweep) */
  beforeEachRound?: () => void;
}

export function createSender({ store, clock, settings, beforeEachRound = () => {} }: SenderOptions) {
  const busyChannels = new Set<string>();
  const inFlight = new Set<Promise<unknown>>();
  const buckets = new TokenBuckets(clock);
  /** channels that ran out of tokens: when one comes back, whatever waits goes out as one summary */
  const overflowing = new Set<string>();
  const shutdown = new AbortController();
  const counts = createNotificationCounts();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running = false;

  async function send(delivery: DeliveryRow, channel: ChannelRow): Promise<SendOutcome> {
    const message = { ...delivery.message, id: delivery.id } as AlertMessage;
    if (!isChannelKind(channel.kind)) return { ok: false, result: "unknown kind", error: `unknown channel kind ${channel.kind}`, permanent: true };
    return sendAlert(channel.kind, message, channel.config, { signal: shutdown.signal, timeoutMs: settings.timeoutMs });
  }

  /** When a delivery that failed `attempts` times is tried next; null once its retry window is over. */
  function retryAt(delivery: DeliveryRow, attempts: number, now: number): number | null {
    const at = now + settings.retryBaseMs * 2 ** (attempts - 1);
    return at <= delivery.createdAt + settings.retryWindowMs ? at : null;
  }

  /** Sends a claimed delivery once and writes down what happened. */
  async function attempt(delivery: DeliveryRow, channel: ChannelRow, retry: boolean): Promise<Outcome> {
    const at = clock();
    const started = performance.now();
    const sent = await send(delivery, channel);
    const outcome = sent.error === undefined ? sent : { ...sent, error: scrubSecrets(sent.error, channel.kind, channel.config) };
    const durationMs = Math.round(performance.now() - started);
    const now = clock();
    let result: "sent" | "retried" | "failed";
    store.transaction(() => {
      store.deliveries.recordAttempt({ deliveryId: delivery.id, at, durationMs, result: outcome.result, error: outcome.error ?? null });
      if (outcome.ok) {
        result = "sent";
        store.deliveries.markSent(delivery.id, now);
        store.channels.recordSent(channel.id, now);
        return;
      }
      const error = outcome.error ?? outcome.result;
      // cut short by shutdown: due again at the next start, whatever its count
      if (shutdown.signal.aborted) {
        result = "retried";
        store.deliveries.markRetry(delivery.id, now);
        return;
      }
      const next = retry && !outcome.permanent ? retryAt(delivery, store.deliveries.attemptsOf(delivery.id).length, now) : null;
      if (next !== null) {
        result = "retried";
        store.deliveries.markRetry(delivery.id, next);
        return;
      }
      result = "failed";
      store.deliveries.markFailed(delivery.id, error);
      if (outcome.permanent || retry) store.channels.recordError(channel.id, error);
    });
    counts.add(channel.organizationId, channel.kind, result!);
    return { ok: outcome.ok, error: outcome.error };
  }

  /**
   * The next delivery of a channel (a group of the flips in its organization's group window, once that closed), or a
   * summary of all it has waiting when it ran out of tokens.
   */
  function nextOf(channel: ChannelRow, now: number): DeliveryRow | null {
    if (!channel.isEnabled) {
      const waiting = store.deliveries.dueOf(channel.id, now, Number.MAX_SAFE_INTEGER);
      store.deliveries.suppress(waiting.map((d) => d.id), "channel_disabled");
      waiting.forEach(() => counts.add(channel.organizationId, channel.kind, "suppressed"));
      return null;
    }
    const groupWindowMs = store.organizations.groupSecondsOf(channel.organizationId) * 1000;
    const ready = store.deliveries.readyOf(channel.id, now, now - groupWindowMs);
    if (!ready) return null;
    if (!buckets.take(channel.id, settings.messagesPerMinute).allowed) {
      overflowing.add(channel.id);
      return null;
    }
    const waiting = overflowing.has(channel.id) ? store.deliveries.dueOf(channel.id, now, Number.MAX_SAFE_INTEGER) : [ready];
    if (waiting.length <= 1) {
      overflowing.delete(channel.id);
      return groupFrom(store, ready, groupWindowMs, now);
    }
    const summary = foldIntoSummary(store, channel, waiting, now);
    waiting.forEach(() => counts.add(channel.organizationId, channel.kind, "suppressed"));
    overflowing.delete(channel.id);
    return summary;
  }

  let lastLookAt = -Infinity;
  /** The per-round work (the reminder sweep reads every open incident): at most once per poll, not after every send of a burst. */
  function lookAround(now: number): void {
    if (now - lastLookAt < POLL_MS) return;
    lastLookAt = now;
    beforeEachRound();
  }

  /** Starts a send on every idle channel with something due, up to the global cap. */
  function startDue(): void {
    lookAround(clock());
    const now = clock();
    for (const channelId of store.deliveries.dueChannels(now)) {
      if (inFlight.size >= settings.maxConcurrent) break;
      if (busyChannels.has(channelId)) continue;
      const channel = store.channels.byId(channelId);
      const delivery = channel && nextOf(channel, now);
      if (!delivery || !store.deliveries.claim(delivery.id, now, now + settings.timeoutMs + LEASE_MARGIN_MS)) continue;
      busyChannels.add(channelId);
      const sending = attempt(delivery, channel, true)
        .catch((error) => console.error(`upbeat: delivery ${delivery.id} failed to record: ${(error as Error).message}`))
        .finally(() => {
          busyChannels.delete(channelId);
          inFlight.delete(sending);
          // the channel may have more waiting: look again at once
          if (running) wake();
        });
      inFlight.add(sending);
    }
  }

  function tick(): void {
    timer = null;
    try {
      startDue();
    } catch (error) {
      console.error(`upbeat: alert sender: ${(error as Error).message}`);
    }
    if (running) timer = setTimeout(tick, POLL_MS);
  }

  function wake(): void {
    if (!running) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(tick, 0);
  }

  return {
    counts,
    start(): void {
      running = true;
      wake();
    },
    /** New deliveries were queued: look now rather than at the next poll. */
    wake,
    /** One round now, and every send it started finished and recorded (tests drive the clock). */
    async sendDue(): Promise<void> {
      startDue();
      await Promise.all([...inFlight]);
    },
    /** Sends one delivery now, outside the queue and the rate limit, without retrying it (a channel's test button). */
    async sendNow(delivery: DeliveryRow, channel: ChannelRow): Promise<Outcome> {
      const now = clock();
      if (!store.deliveries.claim(delivery.id, now, now + settings.timeoutMs + LEASE_MARGIN_MS)) return { ok: false, error: "already sent" };
      return attempt(delivery, channel, false);
    },
    /** Stops looking; sends in flight get `graceMs` to finish, then are cancelled and left due for the next start. */
    async stop(graceMs: number): Promise<void> {
      running = false;
      if (timer) clearTimeout(timer);
      timer = null;
      const all = Promise.all([...inFlight]);
      await Promise.race([all, Bun.sleep(graceMs)]);
      shutdown.abort();
      await all;
    },
  };
}

export type Sender = ReturnType<typeof createSender>;
