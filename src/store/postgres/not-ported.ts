// TEMPORARY while the PostgreSQL store is being written: a sub-store whose every method says it is missing.
// Deleted once every file under store/postgres implements its part.
export function notPorted<T>(name: string): T {
  return new Proxy({}, { get: (_, method) => () => { throw new Error(`postgres store: ${name}.${String(method)} is not written yet`); } }) as T;
}
