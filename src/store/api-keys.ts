import { and, desc, eq, sql } from "drizzle-orm";
import type { Db } from "../db/open.ts";
import { apiKeys, users, type ApiKeyRow } from "../db/schema.ts";

export function apiKeysStore(db: Db) {
  const byHash = db.select({ key: apiKeys, user: users }).from(apiKeys)
    .innerJoin(users, eq(users.id, apiKeys.userId))
    .where(eq(apiKeys.keyHash, sql.placeholder("hash"))).prepare();
  const touch = db.update(apiKeys).set({ lastUsedAt: sql.placeholder("now") as unknown as number })
    .where(eq(apiKeys.id, sql.placeholder("id"))).prepare();
  return {
    insert: (row: ApiKeyRow) => db.insert(apiKeys).values(row).run(),
    listForUser: (userId: string): ApiKeyRow[] =>
      db.select().from(apiKeys).where(eq(apiKeys.userId, userId)).orderBy(desc(apiKeys.createdAt)).all(),
    /** true when the key existed and belonged to the user */
    deleteForUser: (id: string, userId: string): boolean =>
      db.delete(apiKeys).where(and(eq(apiKeys.id, id), eq(apiKeys.userId, userId))).returning({ id: apiKeys.id }).all().length > 0,
    findByHash: (hash: string) => byHash.get({ hash }),
    touch: (id: string, now: number) => touch.run({ id, now }),
  };
}
