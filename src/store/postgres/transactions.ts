// The shared transaction bookkeeping (../transactions.ts) on the one PostgreSQL connection: BEGIN/COMMIT
// outermost, a savepoint per level when nested.
import type { PgConnection } from "../../db/postgres/connection.ts";
import { transactionsWith } from "../transactions.ts";

export function pgTransactionsOf(connection: PgConnection) {
  const query = (text: string) => void connection.query(text);
  return transactionsWith({
    run<T>(fn: () => T, depth: number): T {
      query(depth === 0 ? "BEGIN" : `SAVEPOINT s${depth}`);
      let result: T;
      try {
        result = fn();
      } catch (error) {
        query(depth === 0 ? "ROLLBACK" : `ROLLBACK TO SAVEPOINT s${depth}`);
        throw error;
      }
      query(depth === 0 ? "COMMIT" : `RELEASE SAVEPOINT s${depth}`);
      return result;
    },
    begin: () => query("BEGIN"),
    commit: () => query("COMMIT"),
    rollBack: () => query("ROLLBACK"),
  });
}
