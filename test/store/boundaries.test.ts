// Only the store and the database code know how data is kept: everything else sees the Store interface
// and the domain's types, so a second backend replaces src/store/ and src/db/ alone.
import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const SRC = join(import.meta.dir, "../../src");
const STORAGE_ONLY = /^(drizzle-orm(\/.*)?|bun:sqlite|.*\/db\/schema(\.ts)?)$/;

function importsOf(source: string): string[] {
  return [...source.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)["']([^"']+)["']/g)].map((m) => m[1]!);
}

/** "file: what it should not import or touch", for every module outside src/store and src/db. */
function violations(): string[] {
  const found: string[] = [];
  for (const file of new Bun.Glob("**/*.ts").scanSync(SRC)) {
    if (/^(store|db)\//.test(file)) continue;
    const source = readFileSync(join(SRC, file), "utf8");
    for (const spec of importsOf(source)) {
      // an importer reads another tool's SQLite file (Uptime Kuma's), never upbeat's own storage
      if (file.startsWith("import/") && spec === "bun:sqlite") continue;
      if (STORAGE_ONLY.test(spec)) found.push(`${file}: imports ${spec}`);
    }
    if (/\$client\b|\bstore\.db\b/.test(source)) found.push(`${file}: reaches past the store to the database handle`);
  }
  return found;
}

test("only src/store and src/db import drizzle, bun:sqlite or the schema, or touch the database handle", () => {
  expect(violations()).toEqual([]);
});

test("the scan finds every spelling of an import", () => {
  const source = `import { eq } from "drizzle-orm";\nimport type { X } from '../db/schema.ts';\nconst m = await import("bun:sqlite");\nimport "drizzle-orm/sqlite-core";`;
  expect(importsOf(source).filter((s) => STORAGE_ONLY.test(s))).toEqual(["drizzle-orm", "../db/schema.ts", "bun:sqlite", "drizzle-orm/sqlite-core"]);
});
