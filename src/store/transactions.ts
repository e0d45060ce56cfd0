// Transactions that can say "once this is committed, do that": status listeners must hear of a
// flip only when it is durable, and never of one rolled back (a ping batch that is retried, say).
import type { Db } from "../db/open.ts";

export function transactionsOf(db: Db, rolledBack: () => void) {
  let depth = 0;
  const onCommit: (() => void)[] = [];
  return {
    /** Runs `fn` in one transaction (a savepoint when nested); all of it is undone if it throws. */
    transaction<T>(fn: () => T): T {
      const mark = onCommit.length;
      let result: T;
      depth++;
      try {
        result = db.$client.transaction(fn)();
      } catch (error) {
        onCommit.length = mark; // registered by work that was just undone
        rolledBack();
        throw error;
      } finally {
        depth--;
      }
      if (depth === 0) for (const run of onCommit.splice(0)) run();
      return result;
    },
    /**
     * `transaction()` for work written as async (the CLI's apply, shared with its HTTP mode): only where
     * nothing else writes meanwhile, since other work could run at each await inside it.
     */
    async transactionAsync<T>(fn: () => Promise<T>): Promise<T> {
      if (depth > 0) throw new Error("transactionAsync cannot nest in another transaction");
      depth++;
      db.$client.run("BEGIN IMMEDIATE");
      try {
        const result = await fn();
        db.$client.run("COMMIT");
        depth--;
        for (const run of onCommit.splice(0)) run();
        return result;
      } catch (error) {
        db.$client.run("ROLLBACK");
        depth--;
        onCommit.length = 0;
        rolledBack();
        throw error;
      }
    },
    /** Runs `fn` once the outermost `transaction()` open now commits; at once when none is open. */
    afterCommit(fn: () => void): void {
      if (depth === 0) fn();
      else onCommit.push(fn);
    },
  };
}
