// Every notification channel kind, by the name the API uses. Adding a kind: one file in channels/ and
// one line here; validation, masking and sending follow from its ChannelKind.
import * as v from "valibot";
import type { FieldProblem } from "../errors.ts";
import { problemsOf } from "../validation.ts";
import type { ChannelKind, SendOptions, SendOutcome } from "./channel.ts";
import { apprise } from "./channels/apprise.ts";
import { discord } from "./channels/discord.ts";
import { email } from "./channels/email.ts";
import { google_chat } from "./channels/google_chat.ts";
import { gotify } from "./channels/gotify.ts";
import { home_assistant } from "./channels/home_assistant.ts";
import { matrix } from "./channels/matrix.ts";
import { mattermost } from "./channels/mattermost.ts";
import { ntfy } from "./channels/ntfy.ts";
import { opsgenie } from "./channels/opsgenie.ts";
import { pagerduty } from "./channels/pagerduty.ts";
import { pushover } from "./channels/pushover.ts";
import { slack } from "./channels/slack.ts";
import { teams } from "./channels/teams.ts";
import { telegram } from "./channels/telegram.ts";
import { webhook } from "./channels/webhook.ts";
import type { AlertMessage } from "./message.ts";
import { TemplateRenderError } from "./template.ts";

export const channelKinds = {
  webhook, email, slack, discord, telegram, ntfy, gotify, pushover, teams, google_chat, matrix, mattermost, pagerduty, opsgenie, home_assistant, apprise,
};

export type ChannelKindName = keyof typeof channelKinds;

/** In DESIGN.md's order. */
export const CHANNEL_KINDS = Object.keys(channelKinds) as ChannelKindName[];

export const isChannelKind = (kind: string): kind is ChannelKindName => Object.hasOwn(channelKinds, kind);

/** The kind's interface without its config's exact type, for code that handles any kind. */
export const channelKind = (kind: ChannelKindName): ChannelKind => channelKinds[kind] as unknown as ChannelKind;

/** The config's field names (for forms and docs); a schema with a whole-object check has its object first in the pipe. */
export function configFields(kind: ChannelKindName): string[] {
  const schema = channelKind(kind).schema as { entries?: object; pipe?: { entries?: object }[] };
  return Object.keys(schema.entries ?? schema.pipe?.[0]?.entries ?? {});
}

export type ConfigCheck = { ok: true; config: Record<string, unknown> } | { ok: false; problems: FieldProblem[] };

/** Validates a channel's config for its kind, defaults filled in; problems name fields as "config.<field>". */
export function parseChannelConfig(kind: ChannelKindName, input: unknown): ConfigCheck {
  const result = v.safeParse(channelKind(kind).schema, input);
  if (result.success) return { ok: true, config: result.output };
  const problems = problemsOf(result.issues, "config").map((p) => (p.field === "config" ? p : { ...p, field: `config.${p.field}` }));
  return { ok: false, problems };
}

/**
 * Sends one message through one channel and never throws: a config that no longer validates or a
 * template that fails to render is a permanent failure; anything unexpected is retried.
 */
export async function sendAlert(kind: ChannelKindName, message: AlertMessage, config: unknown, options: SendOptions): Promise<SendOutcome> {
  const check = parseChannelConfig(kind, config);
  if (!check.ok) {
    const error = check.problems.map((p) => `${p.field}: ${p.message}`).join("; ");
    return { ok: false, result: "invalid config", error, permanent: true };
  }
  try {
    return await channelKind(kind).send(message, check.config, options);
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    return { ok: false, result: error instanceof TemplateRenderError ? "template error" : "error", error: text, permanent: error instanceof TemplateRenderError };
  }
}
