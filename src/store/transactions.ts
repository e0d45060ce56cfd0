// Transactions that can say "once this is committed, do that": status listeners must hear of a
// flip only when it is durable, and never of one rolled back (a ping batch that is retried, say).
// Both stores share this bookkeeping; each brings its own way to begin, commit and roll back.
import type { Db } from "../db/open.ts";

export interface TransactionDriver {
  /** Runs `fn` in a transaction, or in a savepoint when `depth` (transactions open around it) is above 0. */
  run<T>(fn: () => T, depth: number): T;
  /** The outermost transaction by hand, for async work. */
  begin(): void;
  commit(): void;
  rollBack(): void;
  /** Told of every rollback, nested ones too (memory of rows written inside it is wrong now). */
  rolledBack?(): void;
}

export function transactionsWith(driver: TransactionDriver) {
  let depth = 0;
  const onCommit: (() => void)[] = [];
  return {
    /** Runs `fn` in one transaction (a savepoint when nested); all of it is undone if it throws. */
    transaction<T>(fn: () => T): T {
      const mark = onCommit.length;
      let result: T;
      try {
        result = driver.run(fn, depth++);
      } catch (error) {
        onCommit.length = mark; // registered by work that was just undone
        driver.rolledBack?.();
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
      driver.begin();
      try {
        const result = await fn();
        driver.commit();
        depth--;
        for (const run of onCommit.splice(0)) run();
        return result;
      } catch (error) {
        driver.rollBack();
        depth--;
        onCommit.length = 0;
        driver.rolledBack?.();
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

/** bun:sqlite nests its own transactions as savepoints. */
export function transactionsOf(db: Db, rolledBack: () => void) {
  return transactionsWith({
    rolledBack,
    run: (fn) => db.$client.transaction(fn)(),
    begin: () => db.$client.run("BEGIN IMMEDIATE"),
    commit: () => db.$client.run("COMMIT"),
    rollBack: () => db.$client.run("ROLLBACK"),
  });
}
