// API keys: made for their owner, shown once, listed and revoked only by that owner.
import type { ApiKeyRow } from "../domain/types.ts";
import type { Scope } from "../enums.ts";
import { notFound } from "../errors.ts";
import { newId } from "../ids.ts";
import { pageOf, type Page, type Paging } from "../paging.ts";
import type { Store } from "../store/index.ts";
import type { Clock } from "../time.ts";
import { newApiKey } from "./secrets.ts";

export function createApiKeyService(store: Store, clock: Clock) {
  return {
    /** The user's keys, newest first (their hashes, never the keys). */
    list: (userId: string, paging: Paging): Page<ApiKeyRow> => pageOf(store.apiKeys.listForUser(userId), paging),

    /** A new key; `key` exists only in this answer, the store keeps its hash. */
    create(userId: string, input: { name?: string; scope?: Scope }): { row: ApiKeyRow; key: string } {
      const { key, hash, prefix } = newApiKey();
      const row = {
        id: newId(), userId, name: input.name ?? "API key", prefix, keyHash: hash,
        scope: input.scope ?? "write", createdAt: clock(), lastUsedAt: null,
      };
      store.apiKeys.insert(row);
      return { row, key };
    },

    /** Another user's key is a 404, as a missing one. */
    revoke(id: string, userId: string): void {
      if (!store.apiKeys.deleteForUser(id, userId)) throw notFound("API key");
    },
  };
}

export type ApiKeyService = ReturnType<typeof createApiKeyService>;
