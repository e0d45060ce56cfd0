// One PostgreSQL connection that answers synchronously, so a second store can implement the same
// synchronous Store interface as SQLite: a thread of its own runs Bun's SQL client, and the caller
// blocks (Atomics.wait) until the answer is back on a MessagePort (~0.2 ms a round trip on one host).
// One connection and one caller at a time: a transaction is simply every query between BEGIN and COMMIT,
// and nothing else can slip in between since the event loop waits with it.
import { receiveMessageOnPort } from "node:worker_threads";

export interface PgConnection {
  /** The database's URL, for PostgreSQL's own programs (pg_dump) to reach the same one. */
  readonly url: string;
  /** Rows as arrays of column values in select order (`arrays`), or as objects keyed by column name. */
  query(text: string, params?: unknown[], arrays?: boolean): unknown[];
  close(): void;
}

/** PostgreSQL's own error, with its SQLSTATE (`23505` a unique violation, say). */
export class PostgresError extends Error {
  constructor(message: string, readonly code: string | undefined) {
    super(message);
  }
}

const ANSWER_WITHIN_MS = 30_000;

// a Blob worker, so the compiled binary needs no separate entry point
const WORKER_SOURCE = `
import { SQL } from "bun";
let sql;
self.onmessage = ({ data }) => {
  sql = new SQL(data.url, { max: 1, idleTimeout: 0 });
  const { port, signal } = data;
  port.onmessage = async ({ data: ask }) => {
    let answer;
    try {
      const pending = sql.unsafe(ask.text, ask.params);
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
  worker.postMessage({ url, port: port2, signal }, [port2]);
  let asked = 0;
  return {
    url,
    query(text, params = [], arrays = false) {
      const id = ++asked;
      let seen = Atomics.load(signal, 0);
      port1.postMessage({ id, text, params, arrays });
      const deadline = Date.now() + ANSWER_WITHIN_MS;
      for (;;) {
        const left = deadline - Date.now();
        if (left <= 0 || Atomics.wait(signal, 0, seen, left) === "timed-out") {
          throw new PostgresError(`PostgreSQL did not answer within ${ANSWER_WITHIN_MS / 1000} s`, undefined);
        }
        // read before draining: an answer posted after the drain changes it, so the next wait returns at once
        seen = Atomics.load(signal, 0);
        // an answer to a query that timed out before is dropped here (and the wait goes on, not a spin)
        for (let got = receiveMessageOnPort(port1 as never); got; got = receiveMessageOnPort(port1 as never)) {
          const answer = got.message as { id: number; rows?: unknown[]; error?: string; code?: string };
          if (answer.id !== id) continue;
          if (answer.error !== undefined) throw new PostgresError(answer.error, answer.code);
          return answer.rows!;
        }
      }
    },
    close() {
      worker.terminate();
      port1.close();
      URL.revokeObjectURL(script);
    },
  };
}
