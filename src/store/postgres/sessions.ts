import { and, eq, gt, lte, ne } from "drizzle-orm";
import { sessions, users } from "../../db/postgres/schema.ts";
import { first, run, type PgDb } from "../../db/postgres/session.ts";
import type { SessionRow } from "../../domain/types.ts";
import type { SessionsStore } from "../store.ts";

// No cache of found sessions here (unlike SQLite's): another instance may log one out meanwhile.
export function sessionsStore(db: PgDb): SessionsStore {
  return {
    insert: (row: SessionRow) => void run(db.insert(sessions).values(row)),
    findValid: (id: string, now: number) =>
      first(db.select({ user: users, expiresAt: sessions.expiresAt }).from(sessions)
        .innerJoin(users, eq(users.id, sessions.userId))
        .where(and(eq(sessions.id, id), gt(sessions.expiresAt, now)))),
    delete: (id: string) => void run(db.delete(sessions).where(eq(sessions.id, id))),
    deleteOthersOf: (userId: string, keepId: string | undefined) =>
      void run(db.delete(sessions).where(and(eq(sessions.userId, userId), keepId === undefined ? undefined : ne(sessions.id, keepId)))),
    deleteExpired: (now: number) => void run(db.delete(sessions).where(lte(sessions.expiresAt, now))),
  };
}
