// Secrets in a channel's config never leave the API in full: they come back as "…abcd", and a PATCH
// that sends that masked value back keeps the stored secret.
import { channelKind, type ChannelKindName } from "./registry.ts";

/** Below this length even the last four characters would give away too much: only "…" is shown. */
const MIN_CHARS_TO_HINT = 12;

export const maskSecret = (secret: string): string => (secret.length >= MIN_CHARS_TO_HINT ? `…${secret.slice(-4)}` : "…");

type Config = Record<string, unknown>;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** A secret field holds a string, or an object (webhook headers) whose every value is secret. */
function maskValue(value: unknown): unknown {
  if (typeof value === "string") return maskSecret(value);
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, maskValue(inner)]));
  return value;
}

/** Where the masked form came back, the stored value; anything else is taken as new. */
function mergeValue(stored: unknown, incoming: unknown): unknown {
  if (typeof stored === "string" && incoming === maskSecret(stored)) return stored;
  if (isRecord(stored) && isRecord(incoming)) {
    return Object.fromEntries(Object.entries(incoming).map(([key, inner]) => [key, mergeValue(stored[key], inner)]));
  }
  return incoming;
}

/** The config as the API shows it: each secret field masked. */
export function maskConfig(kind: ChannelKindName, config: Config): Config {
  const masked = { ...config };
  for (const field of channelKind(kind).secrets) if (field in masked) masked[field] = maskValue(masked[field]);
  return masked;
}

/**
 * The config to store after a PATCH: `incoming` as given, except that secret values equal to their
 * masked form are replaced by the stored secret. Fields left out of `incoming` stay out.
 */
export function mergeConfig(kind: ChannelKindName, stored: Config, incoming: Config): Config {
  const merged = { ...incoming };
  for (const field of channelKind(kind).secrets) if (field in merged) merged[field] = mergeValue(stored[field], merged[field]);
  return merged;
}
