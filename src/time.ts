// One clock for the whole app, so tests can move time instead of waiting for it.
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();

/** An IANA zone name Intl knows, such as Europe/Berlin. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const TIME_ZONE_MESSAGE = "must be an IANA time zone such as Europe/Berlin";

export const toIso = (ms: number): string => new Date(ms).toISOString();
export const toIsoOrNull = (ms: number | null | undefined): string | null => (ms == null ? null : toIso(ms));
