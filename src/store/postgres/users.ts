import { asc, count, eq, sql } from "drizzle-orm";
import { first, run, type PgDb } from "../../db/postgres/session.ts";
import { users } from "../../db/postgres/schema.ts";
import type { UserRow } from "../../domain/types.ts";
import { newId } from "../../ids.ts";
import type { NewUser, UsersStore } from "../store.ts";

// any fixed number: the key of the first-admin lock among the database's advisory locks (beside migrate.ts's)
const FIRST_ADMIN_LOCK = 7_304_221_917;

export function usersStore(db: PgDb): UsersStore {
  const countUsers = () => first(db.select({ n: count() }).from(users))!.n;
  return {
    create(input: NewUser, now: number): UserRow {
      const row = { id: newId(), ...input, email: input.email.toLowerCase(), createdAt: now, updatedAt: now };
      run(db.insert(users).values(row));
      return row;
    },
    byId: (id: string) => first(db.select().from(users).where(eq(users.id, id))),
    byEmail: (email: string) => first(db.select().from(users).where(eq(users.email, email.toLowerCase()))),
    list: (limit: number, offset: number) => run(db.select().from(users).orderBy(asc(users.createdAt)).limit(limit).offset(offset)),
    setPassword: (id: string, passwordHash: string, now: number) =>
      void run(db.update(users).set({ passwordHash, updatedAt: now }).where(eq(users.id, id))),
    count: countUsers,
    countLocked() {
      // read committed: the count after the lock sees a user the previous holder committed
      run(db.execute(sql`SELECT pg_advisory_xact_lock(${FIRST_ADMIN_LOCK})`));
      return countUsers();
    },
  };
}
