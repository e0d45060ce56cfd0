import { and, eq, gt, lte, sql } from "drizzle-orm";
import type { Db } from "../db/open.ts";
import { sessions, users } from "../db/schema.ts";

export function sessionsStore(db: Db) {
  const valid = db.select({ user: users, expiresAt: sessions.expiresAt }).from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, sql.placeholder("id")), gt(sessions.expiresAt, sql.placeholder("now"))))
    .prepare();
  return {
    insert: (row: typeof sessions.$inferInsert) => db.insert(sessions).values(row).run(),
    findValid: (id: string, now: number) => valid.get({ id, now }),
    delete: (id: string) => db.delete(sessions).where(eq(sessions.id, id)).run(),
    deleteExpired: (now: number) => db.delete(sessions).where(lte(sessions.expiresAt, now)).run(),
  };
}
