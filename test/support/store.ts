// A second connection to a test server's SQLite file, to seed history the API cannot create.
import { openDatabase } from "../../src/db/open.ts";
import { createStore, type Store } from "../../src/store/index.ts";
import type { TestServer } from "./server.ts";

const stores = new WeakMap<TestServer, Store>();

export function openStoreOf(server: TestServer): { store: Store } {
  let store = stores.get(server);
  if (!store) {
    store = createStore(openDatabase(server.config.dbPath));
    stores.set(server, store);
  }
  return { store };
}
