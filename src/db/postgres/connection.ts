// One PostgreSQL connection that answers synchronously, so a second store can implement the same
// synchronous Store interface as SQLite: a thread of its own runs Bun's SQL client, and the caller
// blocks (Atomics.wait) until the answer is back on a MessagePort (~0.2 ms a round trip on one host).
// One connection and one caller at a time: a transaction is simply every query between BEGIN and COMMIT,
// and nothing else can slip in between since the event loop waits with it.
// Bulk writes that need no answer before going on (check results) can be sent instead: they run on a second
// connection of the same thread, so the event loop is not held for them and synchronous queries do not queue
// behind them; their answers come back from the event loop, or at once in drain().
import { nodeWorkerThreads } from "../../node-builtins.ts";

export interface PgConnection {
  /** The database's URL, for PostgreSQL's own programs (pg_dump) to reach the same one. */
  readonly url: string;
  /** Rows as arrays of column values in select order (`arrays`), or as objects keyed by column name. */
  query(text: string, params?: unknown[], arrays?: boolean): unknown[];
  /**
   * Sends a query on the second connection without waiting: `answered` gets its rows (as objects) or its error,
   * later from the event loop (never in the middle of another query), or within drain(). Sends run in order.
   */
  send(text: string, params: unknown[], answered: Answered): void;
  /** Blocks until every send is answered (or has timed out) and its callback has run, sends made by those included. */
  drain(): void;
  /** From then on no query or send waits past `deadline` (Date.now() ms): a stopping server must exit in time. */
  giveUpAt(deadline: number): void;
  close(): void;
}

/** PostgreSQL's own error, with its SQLSTATE (`23505` a unique violation, say). */
export class PostgresError extends Error {
  constructor(message: string, readonly code: string | undefined) {
    super(message);
  }
}

type Answered = (error: PostgresError | null, rows: unknown[]) => void;
type Answer = { id: number; rows?: unknown[]; error?: string; code?: string };

const ANSWER_WITHIN_MS = 30_000;
const timedOut = (since: number) => new PostgresError(`PostgreSQL did not answer within ${Math.round((Date.now() - since) / 1000)} s`, undefined);
const stillWaiting = () => new PostgresError("PostgreSQL has not answered an earlier query yet", undefined);

// a Blob worker, so the compiled binary needs no separate entry point
const WORKER_SOURCE = `
import { SQL } from "bun";
let sql, sendSql;
self.onmessage = ({ data }) => {
  const open = () => new SQL(data.url, { max: 1, idleTimeout: 0 });
  sql = open();
  const { port, signal } = data;
  port.onmessage = async ({ data: ask }) => {
    let answer;
    try {
      const pending = (ask.sent ? (sendSql ??= open()) : sql).unsafe(ask.text, ask.params);
      answer = { id: ask.id, rows: ask.arrays ? await pending.values() : [...await pending] };
    } catch (error) {
      answer = { id: ask.id, error: String(error?.message ?? error), code: error?.errno ?? error?.code };
    }
    port.postMessage(answer);
    Atomics.add(signal, 0, 1);
    Atomics.notify(signal, 0);
  };
};
`;

export function connectPostgres(url: string): PgConnection {
  const script = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: "application/javascript" }));
  const worker = new Worker(script);
  (worker as unknown as { unref(): void }).unref(); // the server's own work keeps the process alive, not this
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const { receiveMessageOnPort } = nodeWorkerThreads();
  worker.postMessage({ url, port: port2, signal }, [port2]);
  let asked = 0;
  let closed = false;
  /** sends not answered yet, in the order sent (so with their deadlines in order) */
  const sends = new Map<number, { answered: Answered; sentAt: number; deadline: number }>();
  /** answers to sends taken off the port, for their callbacks to run once nothing else is under way */
  let arrived: Answer[] = [];
  /** an Atomics.waitAsync for the sends' answers is pending */
  let watching = false;
  /**
   * queries that timed out and are still unanswered: the next ones would only queue behind them on the one connection,
   * so they fail at once instead of holding the event loop (and a SIGTERM) another 30 s each
   */
  const overdue = new Set<number>();
  let giveUpAt = Infinity;
  const deadlineFor = (deadline: number) => Math.min(deadline, giveUpAt);

  /** Takes every answer off the port: returns the one `wanted`, keeps the sends', drops those of timed-out queries. */
  function collect(wanted?: number): Answer | undefined {
    let found: Answer | undefined;
    for (let got = receiveMessageOnPort(port1 as never); got; got = receiveMessageOnPort(port1 as never)) {
      const answer = got.message as Answer;
      overdue.delete(answer.id);
      if (answer.id === wanted) found = answer;
      else if (sends.has(answer.id)) arrived.push(answer);
    }
    return found;
  }

  /** Runs the callbacks of the sends answered, and of those past their deadline. */
  function deliver(): void {
    const answers = arrived;
    arrived = [];
    const finish = (id: number, error: PostgresError | null, rows: unknown[]) => {
      const send = sends.get(id);
      if (!send) return;
      sends.delete(id);
      try {
        send.answered(error, rows);
      } catch (thrown) {
        console.error(`upbeat: handling a PostgreSQL answer failed: ${(thrown as Error).message}`);
      }
    };
    for (const a of answers) finish(a.id, a.error === undefined ? null : new PostgresError(a.error, a.code), a.rows ?? []);
    const now = Date.now();
    for (const [id, send] of sends) if (deadlineFor(send.deadline) <= now) finish(id, timedOut(send.sentAt), []);
  }

  const nextDeadline = () => deadlineFor(sends.values().next().value!.deadline);

  /** From the event loop: delivers what came back, then waits (without blocking) for the next answer. */
  function watch(): void {
    if (watching || closed) return;
    const seen = Atomics.load(signal, 0);
    collect();
    deliver();
    if (sends.size === 0) return;
    watching = true;
    const again = () => {
      watching = false;
      watch();
    };
    const waited = Atomics.waitAsync(signal, 0, seen, Math.max(0, nextDeadline() - Date.now()));
    if (waited.async) void waited.value.then(again);
    else queueMicrotask(again);
  }

  return {
    url,
    query(text, params = [], arrays = false) {
      const id = ++asked;
      let seen = Atomics.load(signal, 0);
      // the answers of timed-out queries may have come since: only then does this one not queue behind them
      if (overdue.size > 0) collect();
      if (overdue.size > 0) throw stillWaiting();
      port1.postMessage({ id, text, params, arrays });
      const askedAt = Date.now();
      const deadline = deadlineFor(askedAt + ANSWER_WITHIN_MS);
      for (;;) {
        const left = deadline - Date.now();
        if (left <= 0 || Atomics.wait(signal, 0, seen, left) === "timed-out") {
          overdue.add(id);
          throw timedOut(askedAt);
        }
        // read before draining: an answer posted after the drain changes it, so the next wait returns at once
        seen = Atomics.load(signal, 0);
        // an answer to a query that timed out before is dropped here (and the wait goes on, not a spin)
        const answer = collect(id);
        if (!answer) continue;
        if (answer.error !== undefined) throw new PostgresError(answer.error, answer.code);
        return answer.rows!;
      }
    },
    send(text, params, answered) {
      const id = ++asked;
      sends.set(id, { answered, sentAt: Date.now(), deadline: Date.now() + ANSWER_WITHIN_MS });
      port1.postMessage({ id, text, params, sent: true });
      if (!watching) queueMicrotask(watch);
    },
    drain() {
      for (;;) {
        const seen = Atomics.load(signal, 0);
        collect();
        deliver();
        if (sends.size === 0) return;
        Atomics.wait(signal, 0, seen, Math.max(0, nextDeadline() - Date.now()));
      }
    },
    giveUpAt(deadline) {
      giveUpAt = deadline;
    },
    close() {
      closed = true;
      Atomics.notify(signal, 0); // ends a pending waitAsync now, not at its deadline
      worker.terminate();
      port1.close();
      URL.revokeObjectURL(script);
    },
  };
}
