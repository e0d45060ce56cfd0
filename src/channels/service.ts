// Notification channels: who may see and change them, their validated config, links to monitors and
// projects, and the test button, which sends through the same outbox path as a real alert.
import * as v from "valibot";
import { organizationForNew, requireWriter } from "../accounts/roles.ts";
import { CHANNEL_KINDS, configFields, isChannelKind, parseChannelConfig, type ChannelKindName } from "../alerts/registry.ts";
import { mergeConfig } from "../alerts/secrets.ts";
import { testMessage } from "../alerts/message.ts";
import { QuietHoursInput } from "../alerts/quiet-hours.ts";
import type { Outcome, Sender } from "../alerts/sender.ts";
import type { ChannelRow } from "../domain/types.ts";
import { invalid, notFound } from "../errors.ts";
import type { Store } from "../store/index.ts";
import { toIso, type Clock } from "../time.ts";
import { parseBody as parse, READ_ONLY_FIELD, strictBody, UNKNOWN_FIELD } from "../validation.ts";

const Name = v.pipe(v.string("must be a string"), v.trim(), v.minLength(1, "must not be empty"), v.maxLength(200, "must be at most 200 characters"));
const Kind = v.picklist(CHANNEL_KINDS, `must be one of ${CHANNEL_KINDS.join(", ")}`);
const Flag = v.optional(v.boolean("must be true or false"));

/** What a channel's answer shows that no body sets. */
const SHOWN_ONLY = ["id", "organization_id", "last_error", "last_sent_at", "created_at"];
const refusal = (field: string) => (SHOWN_ONLY.includes(field) ? READ_ONLY_FIELD : UNKNOWN_FIELD);

export const ChannelInput = strictBody({
  name: Name,
  kind: Kind,
  config: v.record(v.string(), v.unknown(), "must be a JSON object"),
  is_default: Flag,
  is_enabled: Flag,
  quiet_hours: v.optional(QuietHoursInput),
  organization_id: v.optional(v.pipe(v.string("must be a string"), v.uuid("must be a UUID"))),
}, refusal);

export const ChannelPatch = strictBody({
  name: v.optional(Name),
  kind: v.optional(Kind),
  config: v.optional(v.record(v.string(), v.unknown(), "must be a JSON object")),
  is_default: Flag,
  is_enabled: Flag,
  quiet_hours: v.optional(QuietHoursInput),
}, refusal);

/**
 * The kind's own validation; problems name fields from the body (`config.url`), and a field of the `sent` config
 * that the kind does not take too (a stored one, kept by a PATCH, is not the caller's typo).
 */
export function validConfig(kind: ChannelKindName, config: Record<string, unknown>, sent = config): Record<string, unknown> {
  const check = parseChannelConfig(kind, config);
  const fields = configFields(kind);
  const refused = Object.keys(sent).filter((key) => !fields.includes(key))
    .map((key) => ({ field: `config.${key}`, message: `${UNKNOWN_FIELD} for ${kind} channels` }));
  if (!check.ok || refused.length > 0) throw invalid([...(check.ok ? [] : check.problems), ...refused]);
  return check.config;
}

export interface ChannelServiceOptions {
  store: Store;
  clock: Clock;
  sender: Pick<Sender, "sendNow">;
  /** what a test message links to */
  baseUrl: () => string;
}

export function createChannelService({ store, clock, sender, baseUrl }: ChannelServiceOptions) {
  function get(id: string, userId: string) {
    const found = store.channels.getForUser(id, userId);
    if (!found) throw notFound("Channel");
    return found;
  }

  function getWritable(id: string, userId: string): ChannelRow {
    const found = get(id, userId);
    requireWriter(found.role);
    return found.channel;
  }

  return {
    get: (id: string, userId: string): ChannelRow => get(id, userId).channel,

    /** The channel's delivery log with every attempt, newest first. */
    deliveries: (id: string, userId: string, limit: number, beforeMs?: number) =>
      store.deliveries.listForChannel(get(id, userId).channel.id, limit, beforeMs),

    /** The caller's channels, newest first (an organization has a handful: paged by the caller). */
    list: (userId: string, beforeMs?: number): ChannelRow[] =>
      store.channels.listForUser(userId, beforeMs).map((r) => r.channel),

    create(userId: string, input: unknown): ChannelRow {
      const body = parse(ChannelInput, input);
      const organizationId = organizationForNew(store.organizations.listForUser(userId), body.organization_id);
      const config = validConfig(body.kind, body.config);
      return store.channels.insert(
        {
          organizationId, name: body.name, kind: body.kind, config, isDefault: body.is_default ?? false, isEnabled: body.is_enabled ?? true,
          quietHours: body.quiet_hours ?? null,
        },
        clock(),
      );
    },

    /** A config sent back with masked secrets keeps the stored ones; a new kind needs its whole config. */
    update(id: string, userId: string, input: unknown): ChannelRow {
      const current = getWritable(id, userId);
      const body = parse(ChannelPatch, input);
      const kind = body.kind ?? current.kind;
      const kindChanged = kind !== current.kind;
      if (kindChanged && !body.config) throw invalid([{ field: "config", message: `is required to change the kind to ${kind}` }]);
      let config: Record<string, unknown> | undefined;
      if (body.config || kindChanged) {
        // a kind removed from the registry since: only a change of kind (with its config) can repair the channel
        const sameKind = !kindChanged && isChannelKind(current.kind);
        const given = sameKind ? mergeConfig(kind as ChannelKindName, current.config, body.config!) : body.config!;
        config = validConfig(kind as ChannelKindName, given, body.config);
      }
      return store.channels.update(id, {
        ...(body.name === undefined ? {} : { name: body.name }),
        ...(kindChanged ? { kind } : {}),
        ...(config ? { config } : {}),
        ...(body.is_default === undefined ? {} : { isDefault: body.is_default }),
        ...(body.is_enabled === undefined ? {} : { isEnabled: body.is_enabled }),
        ...(body.quiet_hours === undefined ? {} : { quietHours: body.quiet_hours }),
      }, clock());
    },

    delete(id: string, userId: string): void {
      getWritable(id, userId);
      store.channels.delete(id);
    },

    /** Links the channel to every monitor its organization has now; returns how many links were new. */
    linkAll(id: string, userId: string): number {
      const channel = getWritable(id, userId);
      return store.channels.linkAll(channel.id, channel.organizationId);
    },

    /** A real test message through the channel's template and kind, logged as a delivery; never retried. */
    async test(id: string, userId: string): Promise<Outcome> {
      const channel = getWritable(id, userId);
      const now = clock();
      const message = testMessage({ id: "", at: toIso(now), time_zone: store.organizations.timeZoneOf(channel.organizationId), base_url: baseUrl() });
      const { id: _, ...stored } = message;
      const [deliveryId] = store.deliveries.enqueue(
        [{ channelId: channel.id, monitorId: null, incidentId: null, event: "test", message: stored as unknown as Record<string, unknown> }],
        now,
      );
      return sender.sendNow(store.deliveries.byId(deliveryId!)!, channel);
    },
  };
}

export type ChannelService = ReturnType<typeof createChannelService>;
