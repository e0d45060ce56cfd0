// The one rounding of every uptime figure shown (API, status pages, badges).

/** `part` of `whole` in percent, cut (never rounded up) to 3 decimals: 99.9996 % is 99.999, never 100. */
export function percentOf(part: number, whole: number): number | null {
  // integers divided once, so the cut is exact (99.999 stays 99.999, not 99.998)
  return whole === 0 ? null : Math.floor((part * 100_000) / whole) / 1000;
}
