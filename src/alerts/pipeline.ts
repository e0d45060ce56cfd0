// The alert pipeline wired together: the outbox hears every flip inside its transaction, the sender
// drains the outbox in the background (and sweeps reminders, escalations, the ends of maintenance windows, of flapping
// and of quiet hours as it looks), channels are the API's way in.
import type { Config } from "../config.ts";
import { createChannelService } from "../channels/service.ts";
import type { StatusChanges } from "../monitors/status.ts";
import type { Store } from "../store/index.ts";
import type { Clock } from "../time.ts";
import { createOutbox } from "./outbox.ts";
import { createSender } from "./sender.ts";
import { sweepWindowEnds } from "../maintenance/sweep.ts";
import { createAckLinks } from "../incidents/ack-link.ts";
import { settleFlapping } from "./flapping.ts";
import { releaseQuietHours } from "./gather.ts";

export interface AlertsOptions {
  store: Store;
  statusChanges: StatusChanges;
  clock: Clock;
  config: Pick<Config, "alertRetrySeconds" | "alertRetryHours" | "alertRateLimit">;
  /** where links in messages point */
  baseUrl: () => string;
  /** send timeout; 10 s unless a test needs less */
  timeoutMs?: number;
}

export function createAlerts({ store, statusChanges, clock, config, baseUrl, timeoutMs = 10_000 }: AlertsOptions) {
  const ackLinks = createAckLinks(store, clock);
  const ackUrl = (incidentId: string) => ackLinks.urlFor(baseUrl(), incidentId);
  const outbox = createOutbox({ store, statusChanges, clock, baseUrl, onQueued: () => sender.wake(), ackUrl });
  const sender = createSender({
    store,
    clock,
    settings: {
      timeoutMs,
      retryBaseMs: config.alertRetrySeconds * 1000,
      retryWindowMs: config.alertRetryHours * 3600_000,
      messagesPerMinute: config.alertRateLimit,
      maxConcurrent: 16,
    },
    beforeEachRound: () => {
      outbox.remindDue();
      outbox.escalateDue();
      outbox.releaseChildren();
      sweepWindowEnds(store, clock(), outbox.announce);
      settleFlapping(store, clock(), (monitor, facts) => outbox.announce(monitor, clock(), facts));
      releaseQuietHours(store, clock());
    },
  });
  const channels = createChannelService({ store, clock, sender, baseUrl });
  // flips are heard from the start, so none made before the sender runs is missed
  const stopListening = outbox.start();
  return {
    channels,
    sender,
    outbox,
    start: () => sender.start(),
    /** After the last flip (checks and pings stopped): the outbox stops hearing them. */
    stopListening,
  };
}

export type Alerts = ReturnType<typeof createAlerts>;
