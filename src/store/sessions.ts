import { and, eq, gt, lte, sql } from "drizzle-orm";
import type { Db } from "../db/open.ts";
import { sessions, users, type UserRow } from "../db/schema.ts";
import { BoundedCache } from "./cache.ts";

export function sessionsStore(db: Db) {
  const valid = db.select({ user: users, expiresAt: sessions.expiresAt }).from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, sql.placeholder("id")), gt(sessions.expiresAt, sql.placeholder("now"))))
    .prepare();
  // the UI's every request looks its session up; logout below clears the entry at once
  const found = new BoundedCache<string, { user: UserRow; expiresAt: number } | undefined>(30_000);
  return {
    insert: (row: typeof sessions.$inferInsert) => db.insert(sessions).values(row).run(),
    findValid(id: string, now: number) {
      const session = found.get(id, () => valid.get({ id, now }));
      return session && session.expiresAt > now ? session : undefined;
    },
    delete(id: string) {
      db.delete(sessions).where(eq(sessions.id, id)).run();
      found.delete(id);
    },
    deleteExpired: (now: number) => db.delete(sessions).where(lte(sessions.expiresAt, now)).run(),
  };
}
