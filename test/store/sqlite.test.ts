// The store suite against SQLite: a fresh migrated file per test.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { closeDatabase, migrate, openDatabase } from "../../src/db/open.ts";
import { createStore } from "../../src/store/index.ts";
import { describeStore } from "./suite.ts";

describeStore("sqlite", () => {
  const dir = mkdtempSync(join(tmpdir(), "upbeat-store-"));
  const db = openDatabase(join(dir, "upbeat.db"));
  migrate(db);
  return {
    store: createStore(db),
    close() {
      closeDatabase(db);
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
