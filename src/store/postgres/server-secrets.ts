import { eq } from "drizzle-orm";
import { serverSecrets } from "../../db/postgres/schema.ts";
import { first, run, type PgDb } from "../../db/postgres/session.ts";
import type { ServerSecretsStore } from "../store.ts";

export function serverSecretsStore(db: PgDb): ServerSecretsStore {
  return {
    /** The first writer wins, here or on another instance; everyone then reads the winner's. */
    getOrCreate(name: string, make: () => string, now: number): string {
      const made = first(db.insert(serverSecrets).values({ name, value: make(), createdAt: now }).onConflictDoNothing()
        .returning({ value: serverSecrets.value }));
      return made?.value ?? first(db.select({ value: serverSecrets.value }).from(serverSecrets).where(eq(serverSecrets.name, name)))!.value;
    },
  };
}
