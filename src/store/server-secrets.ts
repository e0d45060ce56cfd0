import { eq } from "drizzle-orm";
import type { Db } from "../db/open.ts";
import { serverSecrets } from "../db/schema.ts";
import type { ServerSecretsStore } from "./store.ts";

export function serverSecretsStore(db: Db): ServerSecretsStore {
  return {
    /** The named secret; made by `make` on first use (the first writer wins, so two callers agree). */
    getOrCreate(name: string, make: () => string, now: number): string {
      db.insert(serverSecrets).values({ name, value: make(), createdAt: now }).onConflictDoNothing().run();
      return db.select().from(serverSecrets).where(eq(serverSecrets.name, name)).get()!.value;
    },
  };
}
