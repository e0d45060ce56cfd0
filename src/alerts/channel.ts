// The interface every notification channel kind implements (one file per kind in channels/, listed in
// registry.ts), and what they share: the common config fields and the message body (template or default).
import * as v from "valibot";
import type { AlertMessage } from "./message.ts";
import { describeProblem, MAX_TEMPLATE_CHARS, renderTemplate, validateTemplate } from "./template.ts";
import { messageContent, renderHtml, renderText, textAsHtml, type MessageContent } from "./text.ts";

export interface SendOptions {
  /** the caller's signal (shutdown); the kind adds its own deadline of timeoutMs */
  signal?: AbortSignal;
  timeoutMs: number;
  /** HTTP client; tests and the outbox may pass their own */
  fetch?: typeof fetch;
}

export interface SendOutcome {
  ok: boolean;
  /** what the service answered: "HTTP 200", the SMTP reply, "timeout" */
  result: string;
  /** the provider's error text */
  error?: string;
  /** true when retrying cannot heal it (bad token, unknown webhook, invalid payload): stop and show last_error */
  permanent: boolean;
}

export interface ChannelKind<Schema extends v.GenericSchema<unknown, Record<string, unknown>> = v.GenericSchema<unknown, Record<string, unknown>>> {
  /** shown in the UI: "Slack" */
  label: string;
  /** the provider's documentation of the payload we send */
  docs: string;
  /** the config, validated with messages users can read; it includes `template` */
  schema: Schema;
  /** config fields that come back masked from the API; a field holding an object has each value masked */
  secrets: readonly string[];
  /** where requests go unless the config's base URL says otherwise; null when the config holds the whole URL */
  defaultBaseUrl: string | null;
  send(message: AlertMessage, config: v.InferOutput<Schema>, options: SendOptions): Promise<SendOutcome>;
}

/** Checks the config's types against the schema where the kind is declared. */
export const defineChannel = <Schema extends v.GenericSchema<unknown, Record<string, unknown>>>(kind: ChannelKind<Schema>) => kind;

// ---- config pieces shared by the kinds ----

// messages name no field: the API reports them as {field: "config.<name>", message}
export const text = (max = 2000) =>
  v.pipe(v.string("must be a string"), v.trim(), v.minLength(1, "must not be empty"), v.maxLength(max, `must be at most ${max} characters`));

export const httpUrl = () => v.pipe(text(), v.url("must be an http:// or https:// URL"), v.regex(/^https?:\/\//i, "must be an http:// or https:// URL"));

export const baseUrl = (defaultUrl: string) => v.optional(httpUrl(), defaultUrl);

export const int = (min: number, max: number) =>
  v.pipe(v.number("must be a number"), v.integer("must be a whole number"), v.minValue(min, `must be at least ${min}`), v.maxValue(max, `must be at most ${max}`));

/** An optional LiquidJS template, refused at save time with its line and column. */
export const template = v.optional(
  v.pipe(
    v.string("must be a string"),
    v.maxLength(MAX_TEMPLATE_CHARS, `must be at most ${MAX_TEMPLATE_CHARS} characters`),
    v.rawCheck(({ dataset, addIssue }) => {
      const problem = dataset.typed ? validateTemplate(dataset.value) : null;
      if (problem) addIssue({ message: describeProblem(problem) });
    }),
  ),
);

// ---- the body ----

export interface Body {
  content: MessageContent;
  /** the template's output, or the default text */
  text: string;
  /** simple HTML of the same */
  html: string;
  /** true when the text came from the channel's template */
  custom: boolean;
}

/** The message's text, through the channel's template when it has one. */
export async function bodyOf(message: AlertMessage, config: { template?: string }): Promise<Body> {
  const content = messageContent(message);
  if (config.template) {
    const text = await renderTemplate(config.template, message);
    return { content, text, html: textAsHtml(text), custom: true };
  }
  return { content, text: renderText(content), html: renderHtml(content), custom: false };
}

/** "https://x/" + "/api/y" → "https://x/api/y" */
export const joinUrl = (base: string, path: string): string => `${base.replace(/\/+$/, "")}/${path.replace(/^\/+/, "")}`;
