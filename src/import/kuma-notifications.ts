// Uptime Kuma notification configs → upbeat channel configs, for every kind both have. The result is
// validated later by the channel kind's own schema (alerts/registry.ts), like a channel sent to the API.
type KumaConfig = Record<string, unknown>;

export interface MappedChannel {
  kind: string;
  config: Record<string, unknown>;
  notes: string[];
}

/** A non-empty string setting, else undefined (Kuma keeps cleared fields as ""). */
const str = (value: unknown): string | undefined => (typeof value === "string" && value.trim() !== "" ? value.trim() : typeof value === "number" ? String(value) : undefined);
const num = (value: unknown): number | undefined => (str(value) === undefined || Number.isNaN(Number(value)) ? undefined : Number(value));

/** Only the fields that are set: the channel schema's defaults apply to the others. */
const defined = (config: Record<string, unknown>) => Object.fromEntries(Object.entries(config).filter(([, value]) => value !== undefined));

const originOf = (url: string | undefined) => (url && URL.canParse(url) ? new URL(url).origin : undefined);

function headersOf(text: unknown, notes: string[]): Record<string, string> | undefined {
  if (str(text) === undefined) return undefined;
  try {
    const parsed = JSON.parse(String(text));
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, String(v)]));
  } catch {
    // reported below
  }
  notes.push("its additional headers are not a JSON object and were left out");
  return undefined;
}

type Mapper = (c: KumaConfig, notes: string[]) => { kind: string; config: Record<string, unknown> };

const MAPPERS: Record<string, Mapper> = {
  webhook(c, notes) {
    if (c.webhookContentType === "custom") notes.push("Kuma's custom body is not kept: upbeat sends its JSON body (or a template you write)");
    if (c.webhookContentType === "form-data") notes.push("sent as JSON instead of form data");
    return { kind: "webhook", config: defined({ url: str(c.webhookURL), headers: headersOf(c.webhookAdditionalHeaders, notes) }) };
  },
  telegram(c, notes) {
    if (c.telegramSendSilently === true || c.telegramProtectContent === true) notes.push("sending silently and protected content are not kept");
    if (str(c.telegramMessageThreadID)) notes.push("the message thread (topic) is not kept");
    const base = str(c.telegramServerUrl);
    return {
      kind: "telegram",
      config: defined({ bot_token: str(c.telegramBotToken), chat_id: str(c.telegramChatID), base_url: base === "https://api.telegram.org" ? undefined : base }),
    };
  },
  smtp(c, notes) {
    const copies = [str(c.smtpCC), str(c.smtpBCC)].filter((x) => x !== undefined);
    if (copies.length > 0) notes.push("CC and BCC recipients are sent to as ordinary recipients");
    if (str(c.customSubject) || str(c.customBody)) notes.push("Kuma's custom subject and body are not kept");
    const to = [str(c.smtpTo), ...copies].filter((x) => x !== undefined).flatMap((x) => x.split(",")).map((x) => x.trim()).filter(Boolean);
    return {
      kind: "email",
      config: defined({
        host: str(c.smtpHost), port: num(c.smtpPort), security: c.smtpSecure === true ? "tls" : "starttls",
        username: str(c.smtpUsername), password: str(c.smtpPassword), from: str(c.smtpFrom), to: to.length > 0 ? to : undefined,
        ignore_tls_errors: c.smtpIgnoreTLSError === true,
      }),
    };
  },
  slack: (c) => ({ kind: "slack", config: defined({ url: str(c.slackwebhookURL) }) }),
  discord: (c) => ({ kind: "discord", config: defined({ url: str(c.discordWebhookUrl), username: str(c.discordUsername) }) }),
  teams: (c) => ({ kind: "teams", config: defined({ url: str(c.webhookUrl) }) }),
  GoogleChat: (c) => ({ kind: "google_chat", config: defined({ url: str(c.googleChatWebhookURL) }) }),
  mattermost: (c) => ({ kind: "mattermost", config: defined({ url: str(c.mattermostWebhookUrl), channel: str(c.mattermostchannel), username: str(c.mattermostusername) }) }),
  ntfy(c, notes) {
    if (c.ntfyAuthenticationMethod === "usernamePassword") notes.push("ntfy user name and password are not kept: give the channel an access token");
    return {
      kind: "ntfy",
      config: defined({ topic: str(c.ntfytopic), base_url: str(c.ntfyserverurl), priority: num(c.ntfyPriority), token: str(c.ntfyaccesstoken) }),
    };
  },
  gotify: (c) => ({ kind: "gotify", config: defined({ base_url: str(c.gotifyserverurl), token: str(c.gotifyapplicationToken), priority: num(c.gotifyPriority) }) }),
  pushover(c, notes) {
    let priority = num(c.pushoverpriority);
    if (priority === 2) {
      notes.push("emergency priority (2) is sent as high (1)");
      priority = 1;
    }
    return { kind: "pushover", config: defined({ token: str(c.pushoverapptoken), user: str(c.pushoveruserkey), priority, device: str(c.pushoverdevice) }) };
  },
  matrix: (c) => ({ kind: "matrix", config: defined({ base_url: str(c.homeserverUrl), room_id: str(c.internalRoomId), access_token: str(c.accessToken) }) }),
  PagerDuty: (c) => ({
    kind: "pagerduty",
    config: defined({ routing_key: str(c.pagerdutyIntegrationKey), severity: str(c.pagerdutyPriority), base_url: originOf(str(c.pagerdutyIntegrationUrl)) }),
  }),
  Opsgenie: (c) => ({
    kind: "opsgenie",
    config: defined({
      api_key: str(c.opsgenieApiKey), priority: num(c.opsgeniePriority) === undefined ? undefined : `P${num(c.opsgeniePriority)}`,
      base_url: c.opsgenieRegion === "eu" ? "https://api.eu.opsgenie.com" : undefined,
    }),
  }),
  HomeAssistant: (c) => ({
    kind: "home_assistant",
    config: defined({ base_url: str(c.homeAssistantUrl), access_token: str(c.longLivedAccessToken), service: str(c.notificationService)?.replace(/^notify\./, "") }),
  }),
};

/** Kinds upbeat has but cannot fill from Kuma's settings. */
const UNMAPPABLE: Record<string, string> = {
  apprise: "Kuma runs the apprise command itself, upbeat sends to an Apprise API server: add an apprise channel with its address",
};

/** The channel a Kuma notification becomes, or why it cannot become one. */
export function mapNotification(type: string, config: KumaConfig): MappedChannel | { skip: string } {
  const mapper = MAPPERS[type];
  if (!mapper) return { skip: UNMAPPABLE[type] ?? `upbeat has no ${type} channels` };
  const notes: string[] = [];
  const { kind, config: mapped } = mapper(config, notes);
  return { kind, config: mapped, notes };
}
