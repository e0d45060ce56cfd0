// What imports created, by source id, and the extra ping URLs (aliases) they brought along.
import { and, eq } from "drizzle-orm";
import { importSources, pingAliases } from "../../db/postgres/schema.ts";
import { first, run, type PgDb } from "../../db/postgres/session.ts";
import type { ImportsStore } from "../store.ts";

export function importsStore(db: PgDb): ImportsStore {
  return {
    resourceOf: (organizationId: string, source: string, externalId: string) =>
      first(db.select({ id: importSources.resourceId }).from(importSources)
        .where(and(eq(importSources.organizationId, organizationId), eq(importSources.source, source), eq(importSources.externalId, externalId))))?.id,
    record: (organizationId: string, source: string, externalId: string, resourceId: string, now: number) =>
      void run(db.insert(importSources).values({ organizationId, source, externalId, resourceId, importedAt: now })
        .onConflictDoUpdate({ target: [importSources.organizationId, importSources.source, importSources.externalId], set: { resourceId, importedAt: now } })),
    aliasOwner: (alias: string) => first(db.select({ id: pingAliases.monitorId }).from(pingAliases).where(eq(pingAliases.alias, alias)))?.id,
    addAlias: (alias: string, monitorId: string) => void run(db.insert(pingAliases).values({ alias, monitorId })),
  };
}
