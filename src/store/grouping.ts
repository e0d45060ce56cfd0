// Logic both stores share for reads that come back as one row per link: rows regrouped per owner.

/** A list per key, in the rows' order; every key is present, empty when no row names it. */
export function listsByKey<R, V>(keys: string[], rows: R[], keyOf: (row: R) => string, valueOf: (row: R) => V): Map<string, V[]> {
  const lists = new Map<string, V[]>(keys.map((key) => [key, []]));
  for (const row of rows) lists.get(keyOf(row))?.push(valueOf(row));
  return lists;
}
