// A second connection to a test server's store (its SQLite file or PostgreSQL database), to seed history the API cannot create.
import { openStore } from "../../src/store/open.ts";
import type { Store } from "../../src/store/store.ts";
import type { TestServer } from "./server.ts";

const stores = new WeakMap<TestServer, Store>();

export function openStoreOf(server: TestServer): { store: Store } {
  let store = stores.get(server);
  if (!store) {
    store = openStore(server.config).store;
    stores.set(server, store);
  }
  return { store };
}
