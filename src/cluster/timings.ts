// How often an instance beats, and how long a silent one keeps its leases (see member.ts).
export const BEAT_MS = 2_000;
export const LEASE_TIMEOUT_MS = 15_000;
