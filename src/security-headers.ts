// Headers that keep a browser from running, framing or sniffing anything a page did not mean to hold.

export const NOSNIFF = { "X-Content-Type-Options": "nosniff" } as const;

/** Framing is refused everywhere: no page has a setting to allow it yet. */
function pageHeaders(policy: string[]): Record<string, string> {
  return {
    "Content-Security-Policy": [...policy, "base-uri 'none'", "frame-ancestors 'none'"].join("; "),
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    ...NOSNIFF,
  };
}

/** The dashboard and docs: their own scripts, styles and API calls, nothing inline, nothing from elsewhere. */
export const UI_HEADERS = pageHeaders([
  "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "connect-src 'self'", "form-action 'self'",
]);

/** A page that only confirms with a form posting back to itself (an ack link): no script, its inline style by hash. */
export function confirmPageHeaders(stylesheet: string): Record<string, string> {
  const hash = new Bun.CryptoHasher("sha256").update(stylesheet).digest("base64");
  return { ...pageHeaders(["default-src 'none'", `style-src 'sha256-${hash}'`, "form-action 'self'"]), "Cache-Control": "no-store" };
}

/** A status page has no script; its one inline stylesheet is allowed by its hash. */
export function statusPageHeaders(stylesheet: string): Record<string, string> {
  const hash = new Bun.CryptoHasher("sha256").update(stylesheet).digest("base64");
  return pageHeaders(["default-src 'none'", `style-src 'sha256-${hash}'`, "img-src 'self'", "form-action 'none'"]);
}
