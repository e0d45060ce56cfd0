// The link in an alert that acknowledges its incident without a login: the incident id and an HMAC of it under a
// key the server made for itself (kept in the database, so a restored backup's links still work). It grants one
// thing, acknowledging that incident while it is open; the incident's end is its expiry.
import { nodeCrypto } from "../node-builtins.ts";
import { trimSlash } from "../alerts/format.ts";
import { isUuid } from "../ids.ts";
import type { Store } from "../store/index.ts";
import type { Clock } from "../time.ts";

const KEY_NAME = "ack_link_hmac_key";
const PURPOSE = "upbeat incident ack v1";

export function createAckLinks(store: Store, clock: Clock) {
  let key: Buffer | undefined;
  const keyOf = () =>
    (key ??= Buffer.from(store.serverSecrets.getOrCreate(KEY_NAME, () => nodeCrypto().randomBytes(32).toString("base64url"), clock()), "base64url"));
  const signatureOf = (incidentId: string) => nodeCrypto().createHmac("sha256", keyOf()).update(`${PURPOSE}\n${incidentId}`).digest("base64url");

  return {
    tokenFor: (incidentId: string): string => `${incidentId}.${signatureOf(incidentId)}`,
    /** `<base>/ack/<token>`: UPBEAT_BASE_URL's path is kept, so a sub-path behind a proxy works. */
    urlFor(baseUrl: string, incidentId: string): string {
      return `${trimSlash(baseUrl)}/ack/${this.tokenFor(incidentId)}`;
    },
    /** The incident id the token was made for here; null when it was changed, cut or made elsewhere. */
    incidentIdOf(token: string): string | null {
      const [id, signature, ...rest] = token.split(".");
      if (!id || !signature || rest.length > 0 || !isUuid(id)) return null;
      // compared as text: decoding first would let the unused bits of the last character change unnoticed
      const given = Buffer.from(signature);
      const expected = Buffer.from(signatureOf(id));
      return given.length === expected.length && nodeCrypto().timingSafeEqual(given, expected) ? id : null;
    },
  };
}

export type AckLinks = ReturnType<typeof createAckLinks>;
