import { and, desc, eq } from "drizzle-orm";
import { apiKeys, users } from "../../db/postgres/schema.ts";
import { first, run, type PgDb } from "../../db/postgres/session.ts";
import type { ApiKeyRow } from "../../domain/types.ts";
import { sha256Hex } from "../../ids.ts";
import type { ApiKeysStore } from "../store.ts";

// No cache of found keys here (unlike SQLite's): another instance may revoke a key meanwhile.
export function apiKeysStore(db: PgDb): ApiKeysStore {
  const findByHash = (hash: string) =>
    first(db.select({ key: apiKeys, user: users }).from(apiKeys).innerJoin(users, eq(users.id, apiKeys.userId)).where(eq(apiKeys.keyHash, hash)));
  return {
    insert: (row: ApiKeyRow) => void run(db.insert(apiKeys).values(row)),
    listForUser: (userId: string) => run(db.select().from(apiKeys).where(eq(apiKeys.userId, userId)).orderBy(desc(apiKeys.createdAt), desc(apiKeys.id))),
    deleteForUser: (id: string, userId: string) =>
      run(db.delete(apiKeys).where(and(eq(apiKeys.id, id), eq(apiKeys.userId, userId))).returning({ id: apiKeys.id })).length > 0,
    findByHash,
    findByKey: (key: string) => findByHash(sha256Hex(key)),
    touch(key: ApiKeyRow, now: number) {
      run(db.update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.id, key.id)));
      key.lastUsedAt = now;
    },
  };
}
