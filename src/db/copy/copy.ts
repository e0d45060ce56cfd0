// Copies every shared table from one store to the other in one transaction on the target: parents first, in
// batches, then the target's sequences, then the rows counted on both sides before anything is committed.
import { UserError } from "../../errors.ts";
import { batchRowsOf, type Side } from "./side.ts";
import { sharedTables } from "./tables.ts";

export interface CopiedTable {
  table: string;
  source: number;
  target: number;
}

export class TargetNotEmptyError extends UserError {}

export function copyStore(source: Side, target: Side): CopiedTable[] {
  const tables = sharedTables();
  source.begin();
  target.begin();
  try {
    const filled = target.tableNames.filter((name) => target.count(name) > 0);
    if (filled.length > 0) {
      const named = `${filled.slice(0, 3).join(", ")}${filled.length > 3 ? ", …" : ""}`;
      throw new TargetNotEmptyError(`${target.shownAs} is not empty (rows in ${named}); copy into an empty database`);
    }
    for (const table of tables) {
      for (const rows of source.read(table, batchRowsOf(table))) target.write(table, rows);
    }
    target.finish();
    const counted = tables.map(({ name }) => ({ table: name, source: source.count(name), target: target.count(name) }));
    const differ = counted.filter((row) => row.source !== row.target);
    if (differ.length > 0) {
      throw new Error(`the copy's row counts differ (${differ.map((row) => `${row.table}: ${row.source} → ${row.target}`).join(", ")}); nothing was kept`);
    }
    target.commit();
    return counted;
  } catch (error) {
    target.rollBack();
    throw error;
  } finally {
    source.rollBack(); // it only read
  }
}
