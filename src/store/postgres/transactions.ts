// The same transactions as ../transactions.ts on the one PostgreSQL connection: BEGIN/COMMIT outermost,
// a savepoint when nested, and "once committed, do that" for listeners.
import type { PgConnection } from "../../db/postgres/connection.ts";

export function pgTransactionsOf(connection: PgConnection) {
  let depth = 0;
  const onCommit: (() => void)[] = [];
  const begin = () => connection.query(depth === 0 ? "BEGIN" : `SAVEPOINT s${depth}`);
  const commit = () => connection.query(depth === 1 ? "COMMIT" : `RELEASE SAVEPOINT s${depth - 1}`);
  const rollBack = () => connection.query(depth === 1 ? "ROLLBACK" : `ROLLBACK TO SAVEPOINT s${depth - 1}`);
  return {
    transaction<T>(fn: () => T): T {
      const mark = onCommit.length;
      begin();
      depth++;
      let result: T;
      try {
        result = fn();
        commit();
      } catch (error) {
        onCommit.length = mark; // registered by work that was just undone
        rollBack();
        throw error;
      } finally {
        depth--;
      }
      if (depth === 0) for (const run of onCommit.splice(0)) run();
      return result;
    },
    /** As SQLite's: only where nothing else uses the store meanwhile (a CLI command). */
    async transactionAsync<T>(fn: () => Promise<T>): Promise<T> {
      if (depth > 0) throw new Error("transactionAsync cannot nest in another transaction");
      connection.query("BEGIN");
      depth++;
      try {
        const result = await fn();
        connection.query("COMMIT");
        depth--;
        for (const run of onCommit.splice(0)) run();
        return result;
      } catch (error) {
        connection.query("ROLLBACK");
        depth--;
        onCommit.length = 0;
        throw error;
      }
    },
    afterCommit(fn: () => void): void {
      if (depth === 0) fn();
      else onCommit.push(fn);
    },
  };
}
