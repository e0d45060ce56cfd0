// A fresh, migrated store for tests that drive the services without a server: a SQLite file in a temp
// folder, or with UPBEAT_TEST_STORE=postgres a fresh PostgreSQL database (as test servers get).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../src/config.ts";
import { openStore, type OpenedStore } from "../../src/store/open.ts";
import type { Store } from "../../src/store/store.ts";
import { testDatabaseUrl } from "./postgres-store.ts";

export interface FreshStore {
  store: Store;
  /** A second connection to the same data, as another process would see it (opened once, closed with the rest). */
  another(): Store;
  close(): void;
}

export async function freshStore(): Promise<FreshStore> {
  const dataDir = mkdtempSync(join(tmpdir(), "upbeat-store-"));
  const database = await testDatabaseUrl();
  const config = loadConfig({ UPBEAT_DATA_DIR: dataDir, ...(database ? { UPBEAT_DATABASE_URL: database.url } : {}) });
  const first = openStore(config);
  let second: OpenedStore | undefined;
  return {
    store: first.store,
    another() {
      second ??= openStore(config);
      return second.store;
    },
    close() {
      second?.close();
      first.close();
      database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
