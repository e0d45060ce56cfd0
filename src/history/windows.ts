// The uptime windows the API and the badges offer.
export const UPTIME_WINDOWS_MS = { "24h": 86_400_000, "7d": 7 * 86_400_000, "30d": 30 * 86_400_000, "90d": 90 * 86_400_000 } as const;
export type UptimeWindow = keyof typeof UPTIME_WINDOWS_MS;
export const UPTIME_WINDOWS = Object.keys(UPTIME_WINDOWS_MS) as UptimeWindow[];
