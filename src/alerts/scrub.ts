// Error texts come from providers and from fetch, which may quote a URL with a token in it: every
// secret of the channel's config is masked in them before they are stored or shown.
import { channelKind, isChannelKind } from "./registry.ts";
import { maskSecret } from "./secrets.ts";

function secretValues(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (typeof value === "object" && value !== null) return Object.values(value).flatMap(secretValues);
  return [];
}

export function scrubSecrets(text: string, kind: string, config: Record<string, unknown>): string {
  if (!isChannelKind(kind)) return text;
  const secrets = channelKind(kind).secrets.flatMap((field) => secretValues(config[field]))
    // longest first, so a secret that contains another is masked whole
    .filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
  return secrets.reduce((masked, secret) => masked.split(secret).join(maskSecret(secret)), text);
}
