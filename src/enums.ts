// The domain's fixed vocabularies, defined once: the database schema, the API's schemas, the config and the CLI take them from here.

/** A user's plan; it sets the API rate limit. */
export const PLANS = ["free", "pro", "team"] as const;
export type Plan = (typeof PLANS)[number];

/** A member's role in an organization, most powerful first. */
export const ROLES = ["owner", "admin", "member", "viewer"] as const;
export type Role = (typeof ROLES)[number];

/** What an API key may do: `read` refuses every unsafe method. */
export const SCOPES = ["read", "write"] as const;
export type Scope = (typeof SCOPES)[number];

/** A monitor's stored status (paused is a flag beside it, not a status). */
export const MONITOR_STATUSES = ["up", "down", "pending"] as const;
export type MonitorStatus = (typeof MONITOR_STATUSES)[number];


/**
 * The delivery log's why-not reasons, stable codes: held back (maintenance, dependency, flapping), gathered into one message
 * (grouped, rate_limited: `carried_by` names it), held for a channel's quiet hours, or dropped by a disabled channel.
 */
export const WHY_NOT_REASONS = ["maintenance", "dependency", "flapping", "grouped", "quiet_hours", "rate_limited", "channel_disabled"] as const;
export type WhyNotReason = (typeof WHY_NOT_REASONS)[number];

/** An organization's group window unless it sets one (alert_group_seconds). */
export const DEFAULT_ALERT_GROUP_SECONDS = 10;
export const MAX_ALERT_GROUP_SECONDS = 600;

/** Flips an organization's group window gathers into one message per channel. */
export const GROUPABLE_EVENTS = ["down", "late", "ssl_expiry", "up"] as const;

/** Why-not reasons of alerts held back (never sent): a channel that did not hear of a down is not told of its up either. */
export const HELD_BACK_REASONS = ["maintenance", "dependency", "flapping"] as const;

/**
 * Alert events that open an incident (a down, a late heartbeat, an ssl expiry warning) or bring it to more channels (an
 * escalation): the ones held back behind a down parent, and those whose channels hear the incident's reminders and up.
 */
export const OPENING_EVENTS = ["down", "late", "ssl_expiry", "escalation"] as const;

/** How an incident was acknowledged: by a signed-in user through the API, or through the signed link in a message. */
export const ACK_VIA = ["api", "link"] as const;
export type AckVia = (typeof ACK_VIA)[number];
