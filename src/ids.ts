// Identifiers and secrets.
const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

export const newId = (): string => Bun.randomUUIDv7();

/** Uniformly random base62 string (rejection sampling keeps every character equally likely). */
export function randomBase62(length: number): string {
  let out = "";
  while (out.length < length) {
    for (const byte of crypto.getRandomValues(new Uint8Array(length * 2))) {
      if (byte < 248 && out.length < length) out += BASE62[byte % 62];
    }
  }
  return out;
}

// the one-shot hash: a CryptoHasher per call cost twice as much, and every API request hashes its key
export const sha256Hex = (value: string): string => Bun.SHA256.hash(value, "hex");

export const isUuid = (value: string): boolean =>
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);

/** A v7-shaped UUID derived from a check's key, so checks need no stored id column (region 0: the id it had before regions). */
export function checkId(monitorSeq: number, checkedAtMs: number, regionId = 0): string {
  const hex = checkedAtMs.toString(16).padStart(12, "0") + "7" + regionId.toString(16).padStart(4, "0") + monitorSeq.toString(16).padStart(15, "0");
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  const h = hex.slice(0, 16) + variant + hex.slice(17, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** The millisecond timestamp inside a v7 UUID (ours, or a check id). */
export const uuidTimeMs = (id: string): number => parseInt(id.replace(/-/g, "").slice(0, 12), 16);
