import { asc, count, eq, sql } from "drizzle-orm";
import type { Db } from "../db/open.ts";
import { users } from "../db/schema.ts";
import type { UserRow } from "../domain/types.ts";
import type { Plan } from "../enums.ts";
import { newId } from "../ids.ts";
import type { NewUser, UsersStore } from "./store.ts";

export function usersStore(db: Db): UsersStore {
  const byId = db.select().from(users).where(eq(users.id, sql.placeholder("id"))).prepare();
  const countUsers = (): number => db.select({ n: count() }).from(users).get()!.n;
  return {
    create(input: NewUser, now: number): UserRow {
      const row = { id: newId(), ...input, email: input.email.toLowerCase(), createdAt: now, updatedAt: now };
      db.insert(users).values(row).run();
      return row;
    },
    byId: (id: string): UserRow | undefined => byId.get({ id }),
    byEmail: (email: string): UserRow | undefined =>
      db.select().from(users).where(eq(users.email, email.toLowerCase())).get(),
    list: (limit: number, offset: number): UserRow[] =>
      db.select().from(users).orderBy(asc(users.createdAt)).limit(limit).offset(offset).all(),
    setPassword: (id: string, passwordHash: string, now: number) =>
      db.update(users).set({ passwordHash, updatedAt: now }).where(eq(users.id, id)).run(),
    count: countUsers,
    // one process owns the file, and a transaction runs to its end before any other starts
    countLocked: countUsers,
  };
}
