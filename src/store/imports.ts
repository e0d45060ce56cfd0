// What imports created, by source id, and the extra ping URLs (aliases) they brought along.
import { and, eq } from "drizzle-orm";
import type { Db } from "../db/open.ts";
import { importSources, pingAliases } from "../db/schema.ts";
import type { ImportsStore } from "./store.ts";

export function importsStore(db: Db): ImportsStore {
  return {
    resourceOf: (organizationId: string, source: string, externalId: string): string | undefined =>
      db.select({ id: importSources.resourceId }).from(importSources)
        .where(and(eq(importSources.organizationId, organizationId), eq(importSources.source, source), eq(importSources.externalId, externalId)))
        .get()?.id,
    record: (organizationId: string, source: string, externalId: string, resourceId: string, now: number) =>
      void db.insert(importSources).values({ organizationId, source, externalId, resourceId, importedAt: now })
        .onConflictDoUpdate({ target: [importSources.organizationId, importSources.source, importSources.externalId], set: { resourceId, importedAt: now } })
        .run(),
    aliasOwner: (alias: string): string | undefined =>
      db.select({ id: pingAliases.monitorId }).from(pingAliases).where(eq(pingAliases.alias, alias)).get()?.id,
    addAlias: (alias: string, monitorId: string) => void db.insert(pingAliases).values({ alias, monitorId }).run(),
  };
}
