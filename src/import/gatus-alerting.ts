// Gatus alerting providers → upbeat channel configs, for the kinds both have (validated later by the kind's schema).
type Config = Record<string, unknown>;

const str = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : typeof value === "number" ? String(value) : undefined);
const num = (value: unknown): number | undefined => (typeof value === "number" ? value : undefined);
const defined = (config: Config) => Object.fromEntries(Object.entries(config).filter(([, value]) => value !== undefined));
const urlOnly = (kind: string) => (c: Config) => ({ kind, config: defined({ url: str(c["webhook-url"]) }), notes: [] as string[] });

type Mapper = (c: Config) => { kind: string; config: Config; notes: string[] };

const MAPPERS: Record<string, Mapper> = {
  slack: urlOnly("slack"),
  discord: urlOnly("discord"),
  teams: urlOnly("teams"),
  "teams-workflows": urlOnly("teams"),
  googlechat: urlOnly("google_chat"),
  mattermost: (c) => ({ kind: "mattermost", config: defined({ url: str(c["webhook-url"]), channel: str(c.channel) }), notes: [] }),
  telegram: (c) => ({ kind: "telegram", config: defined({ bot_token: str(c.token), chat_id: str(c.id), base_url: str(c["api-url"]) }), notes: [] }),
  email: (c) => ({
    kind: "email",
    config: defined({
      host: str(c.host), port: num(c.port), username: str(c.username), password: str(c.password), from: str(c.from), to: str(c.to)?.split(",").map((x) => x.trim()),
      ignore_tls_errors: (c.client as Config | undefined)?.insecure === true ? true : undefined,
    }),
    notes: [],
  }),
  ntfy: (c) => ({ kind: "ntfy", config: defined({ topic: str(c.topic), base_url: str(c.url), priority: num(c.priority), token: str(c.token) }), notes: [] }),
  gotify: (c) => ({ kind: "gotify", config: defined({ base_url: str(c["server-url"]), token: str(c.token), priority: num(c.priority) }), notes: [] }),
  pushover: (c) => ({
    kind: "pushover",
    config: defined({ token: str(c["application-token"]), user: str(c["user-key"]), priority: num(c.priority) === 2 ? 1 : num(c.priority) }),
    notes: num(c.priority) === 2 ? ["emergency priority (2) is sent as high (1)"] : [],
  }),
  matrix: (c) => ({ kind: "matrix", config: defined({ base_url: str(c["server-url"]), access_token: str(c["access-token"]), room_id: str(c["internal-room-id"]) }), notes: [] }),
  pagerduty: (c) => ({ kind: "pagerduty", config: defined({ routing_key: str(c["integration-key"]) }), notes: [] }),
  opsgenie: (c) => ({ kind: "opsgenie", config: defined({ api_key: str(c["api-key"]), priority: str(c.priority) }), notes: [] }),
  custom: (c) => ({
    kind: "webhook",
    config: defined({ url: str(c.url), method: str(c.method), headers: c.headers as Config | undefined }),
    notes: c.body ? ["its body template is not kept: upbeat sends its JSON body (or a template you write)"] : [],
  }),
};

/** The channel a Gatus provider becomes, or null when upbeat has no such kind. */
export const mapProvider = (type: string, config: Config) => MAPPERS[type]?.(config) ?? null;
