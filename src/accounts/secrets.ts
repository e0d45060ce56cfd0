// API keys and session tokens: random, shown once, stored only as sha256.
import { randomBase62, sha256Hex } from "../ids.ts";

export const API_KEY_PREFIX = "pm_";
const API_KEY_RANDOM_CHARS = 40;
const SESSION_TOKEN_CHARS = 43;
export const PING_TOKEN_CHARS = 24;

export function newApiKey(): { key: string; hash: string; prefix: string } {
  const key = API_KEY_PREFIX + randomBase62(API_KEY_RANDOM_CHARS);
  return { key, hash: sha256Hex(key), prefix: key.slice(0, 10) };
}

export const looksLikeApiKey = (value: string) => /^pm_[0-9A-Za-z]{32,}$/.test(value);

export function newSessionToken(): { token: string; hash: string } {
  const token = randomBase62(SESSION_TOKEN_CHARS);
  return { token, hash: sha256Hex(token) };
}

export const newPingToken = () => randomBase62(PING_TOKEN_CHARS);
