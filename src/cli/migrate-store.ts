// `upbeat migrate-store --from sqlite:PATH --to postgres://…` (or the other way): an instance's data moved to
// the other store, with both stopped, and the rows of every table counted on both sides.
import { resolve } from "node:path";
import { copyStore, type CopiedTable } from "../db/copy/copy.ts";
import { postgresSide } from "../db/copy/postgres-side.ts";
import type { Side } from "../db/copy/side.ts";
import { sqliteSide } from "../db/copy/sqlite-side.ts";
import type { Config } from "../config.ts";
import { UsageError, required, type Parsed } from "./args.ts";

type Place = { kind: "sqlite"; path: string } | { kind: "postgres"; url: string };

function placeOf(flag: "from" | "to", value: string): Place {
  if (value.startsWith("sqlite:") && value.length > "sqlite:".length) return { kind: "sqlite", path: resolve(value.slice("sqlite:".length)) };
  if (/^postgres(ql)?:\/\//.test(value) && URL.canParse(value)) return { kind: "postgres", url: value };
  throw new UsageError(`--${flag} must be sqlite:PATH or postgres://user:password@host:5432/database`);
}

const open = (place: Place, role: "source" | "target"): Side =>
  place.kind === "sqlite" ? sqliteSide(place.path, role) : postgresSide(place.url, role);

export async function migrateStore(_config: Config, { flags }: Parsed): Promise<number> {
  const from = placeOf("from", required(flags, "from"));
  const to = placeOf("to", required(flags, "to"));
  if (from.kind === to.kind) throw new UsageError("migrate-store copies between SQLite and PostgreSQL: one of --from and --to is sqlite:PATH, the other postgres://…");
  const source = open(from, "source");
  try {
    const target = open(to, "target");
    try {
      const copied = copyStore(source, target);
      console.log(`copied ${source.shownAs} to ${target.shownAs}\n${countsTable(copied)}`);
      return 0;
    } finally {
      target.close();
    }
  } finally {
    source.close();
  }
}

function countsTable(copied: CopiedTable[]): string {
  const width = Math.max(...copied.map((row) => row.table.length), "table".length);
  const number = (n: number | string) => String(n).padStart(8);
  return [
    `${"table".padEnd(width)} ${number("source")} ${number("copied")}`,
    ...copied.map((row) => `${row.table.padEnd(width)} ${number(row.source)} ${number(row.target)}`),
  ].join("\n");
}
