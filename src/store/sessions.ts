import { and, eq, gt, lte, sql } from "drizzle-orm";
import type { Db } from "../db/open.ts";
import { sessions, users } from "../db/schema.ts";
import type { UserRow } from "../domain/types.ts";
import { BoundedCache } from "./cache.ts";
import type { SessionsStore } from "./store.ts";

export function sessionsStore(db: Db): SessionsStore {
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
    /** Every session of the user but `keepId`: a changed password signs the other browsers out. */
    deleteOthersOf(userId: string, keepId: string | undefined) {
      const ids = db.select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, userId)).all().map((r) => r.id);
      for (const id of ids) if (id !== keepId) this.delete(id);
    },
    deleteExpired: (now: number) => db.delete(sessions).where(lte(sessions.expiresAt, now)).run(),
  };
}
