import { and, desc, eq, sql } from "drizzle-orm";
import type { Db } from "../db/open.ts";
import { apiKeys, users } from "../db/schema.ts";
import type { ApiKeyRow, UserRow } from "../domain/types.ts";
import { sha256Hex } from "../ids.ts";
import { BoundedCache } from "./cache.ts";
import type { ApiKeysStore, KeyWithUser } from "./store.ts";

export function apiKeysStore(db: Db): ApiKeysStore {
  const byHash = db.select({ key: apiKeys, user: users }).from(apiKeys)
    .innerJoin(users, eq(users.id, apiKeys.userId))
    .where(eq(apiKeys.keyHash, sql.placeholder("hash"))).prepare();
  const touch = db.update(apiKeys).set({ lastUsedAt: sql.placeholder("now") as unknown as number })
    .where(eq(apiKeys.id, sql.placeholder("id"))).prepare();
  // every API request looks its key up, by the key as presented: no SHA-256 per request (a fifth of the gate).
  // Revocation below forgets them all at once (rare, and the map holds no hash to find one entry by).
  const byKey = new BoundedCache<string, KeyWithUser | undefined>(30_000);
  return {
    insert: (row: ApiKeyRow) => db.insert(apiKeys).values(row).run(),
    listForUser: (userId: string): ApiKeyRow[] =>
      db.select().from(apiKeys).where(eq(apiKeys.userId, userId)).orderBy(desc(apiKeys.createdAt), desc(apiKeys.id)).all(),
    /** true when the key existed and belonged to the user */
    deleteForUser(id: string, userId: string): boolean {
      const deleted = db.delete(apiKeys).where(and(eq(apiKeys.id, id), eq(apiKeys.userId, userId)))
        .returning({ id: apiKeys.id }).all();
      if (deleted.length > 0) byKey.clear();
      return deleted.length > 0;
    },
    findByHash: (hash: string): KeyWithUser | undefined => byHash.get({ hash }),
    findByKey: (key: string): KeyWithUser | undefined => byKey.get(key, () => byHash.get({ hash: sha256Hex(key) })),
    touch(key: ApiKeyRow, now: number) {
      touch.run({ id: key.id, now });
      key.lastUsedAt = now;
    },
  };
}
